"""The reports' named periods and the day ranges they cover."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Period:
    LAST_7_DAYS = "7d"
    LAST_30_DAYS = "30d"
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    CUSTOM = "custom"

    CHOICES = (
        (LAST_7_DAYS, _("Last 7 days")),
        (LAST_30_DAYS, _("Last 30 days")),
        (THIS_MONTH, _("This month")),
        (LAST_MONTH, _("Last month")),
        (CUSTOM, _("Custom dates")),
    )


def period_days(period: str, *, today: date) -> tuple[date, date] | None:
    """First and last day (inclusive) of a named period; None for custom dates."""
    if period == Period.LAST_7_DAYS:
        return today - timedelta(days=6), today
    if period == Period.LAST_30_DAYS:
        return today - timedelta(days=29), today
    if period == Period.THIS_MONTH:
        return today.replace(day=1), today
    if period == Period.LAST_MONTH:
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    return None


def days_span(first: date, last: date) -> tuple[datetime, datetime]:
    """[first day, day after last) as aware datetimes in the site time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )
