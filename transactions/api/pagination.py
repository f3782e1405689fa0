"""Cursor pagination of transaction lists: most recent first."""

from api.pagination import ApiCursorPagination


class TransactionCursorPagination(ApiCursorPagination):
    ordering = ("-occurred_at", "-id")
