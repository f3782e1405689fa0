"""A changelist paginator that never counts a whole table."""

from functools import cached_property

from django.core.paginator import Paginator
from django.http import HttpRequest

# Pages offered beyond the current one; the count stops there.
PAGES_AHEAD = 5


class BoundedPaginator(Paginator):
    """Count at most up to a few pages past the current one.

    The admin asks a paginator for its count on every page view; on a table of a
    million tickets a full COUNT(*) is the slowest query of the page. Counting a
    LIMITed subquery costs at most cap rows, whatever the filter. is_capped tells
    the template to say "more than".
    """

    def __init__(self, *args: object, cap: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap].count()

    @property
    def is_capped(self) -> bool:
        return self.count >= self.cap


def bounded_paginator(
    request: HttpRequest, queryset: object, per_page: int
) -> BoundedPaginator:
    try:
        page = max(int(request.GET.get("p", 1)), 1)
    except ValueError:
        page = 1
    return BoundedPaginator(queryset, per_page, cap=per_page * (page + PAGES_AHEAD) + 1)
