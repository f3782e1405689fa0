"""Cursor pagination: stable pages over lists that grow while they are read."""

from rest_framework.pagination import CursorPagination


class TicketCursorPagination(CursorPagination):
    ordering = ("-received_at", "-id")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


class TransactionCursorPagination(CursorPagination):
    ordering = ("-occurred_at", "-id")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
