"""Cursor pagination: stable pages over lists that grow while they are read."""

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    """25 a page, up to 100 with ?page_size; each list sets its own total ordering."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
