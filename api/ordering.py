"""Ordering by a query parameter, made total so cursor pages never skip a row."""

from django.db.models import QuerySet
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.views import APIView


class StableOrderingFilter(OrderingFilter):
    """The chosen ordering, then id in the same direction: cursors need a total order."""

    def get_ordering(
        self, request: Request, queryset: QuerySet, view: APIView
    ) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view))
        if ordering and ordering[-1].lstrip("-") != "id":
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return ordering
