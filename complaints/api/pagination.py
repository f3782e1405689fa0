"""Cursor pagination of ticket lists: newest filing first."""

from api.pagination import ApiCursorPagination


class TicketCursorPagination(ApiCursorPagination):
    ordering = ("-received_at", "-id")
