"""When an unsent outbox row is due for another dispatch, and when it has failed."""

from datetime import datetime, timedelta

from django.db.models import Q


def redispatch_schedule(*, grace: timedelta, max_dispatches: int) -> list[timedelta]:
    """How old an unsent row must be before each re-dispatch, and finally to fail.

    Entry k is the age after which a row dispatched k + 1 times is dispatched
    again; the last entry is the age at which it is marked failed. The gaps
    double from grace up to an hour, so a worker that is down for a while is not
    buried under duplicate tasks, and a row fails only after hours of trying.
    """
    ages, age, gap = [], timedelta(0), grace
    for _dispatch in range(max(max_dispatches, 1)):
        age += gap
        ages.append(age)
        gap = min(gap * 2, max(grace, timedelta(hours=1)))
    return ages


def redispatch_due(
    *, now: datetime, grace: timedelta, max_dispatches: int
) -> tuple[Q, Q]:
    """Filters for unsent outbox rows: (due for another dispatch, due to fail).

    Works for any outbox model with created_at and dispatch_count.
    """
    ages = redispatch_schedule(grace=grace, max_dispatches=max_dispatches)
    due = Q(pk__in=[])
    for count, age in enumerate(ages[:-1], start=1):
        dispatched = (
            Q(dispatch_count__lte=count) if count == 1 else Q(dispatch_count=count)
        )
        due |= dispatched & Q(created_at__lt=now - age)
    give_up = Q(dispatch_count__gte=max_dispatches, created_at__lt=now - ages[-1])
    return due, give_up
