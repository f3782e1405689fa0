"""Cursor pagination of ticket lists: newest filing first; a search: one ranked page."""

from django.db.models import QuerySet
from rest_framework.request import Request
from rest_framework.views import APIView

from api.pagination import ApiCursorPagination


class TicketCursorPagination(ApiCursorPagination):
    ordering = ("-received_at", "-id")

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list | None:
        """A search (?q=) returns its best page_size matches, with no next page.

        A cursor needs a total order on stored columns, and a rank is computed per
        query; the best matches are what a search is for.
        """
        if not request.query_params.get("q", "").strip():
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.page_size = self.get_page_size(request)
        self.has_next = self.has_previous = False
        self.page = list(queryset[: self.page_size])
        return self.page
