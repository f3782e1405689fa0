"""Business-day arithmetic: pure functions over a BusinessCalendar, no queries.

Conventions (used by every clock):
- The counting day (D0) is the local date of receipt in the calendar's timezone.
  A receipt at or after the cut-off time, or on a day that is not a business day,
  counts from the next business day: complaints are accepted (受理) on business days.
- A business-day clock of N ends on the Nth business day after D0; D0 itself is
  not counted (a Monday receipt with 1 business day is due on Tuesday).
- A calendar-day clock of N ends on D0 + N days. Where the profile says so, a due
  date that is not a business day moves to the next business day (PRC Civil Code
  Art. 203: a period whose last day is a holiday ends on the day after it).
- An hour clock of N ends N hours after the receipt instant; no cut-off applies.
- A day-based deadline is the last second (23:59:59) of the due day in the
  calendar's timezone.
- A pause costs the days of the clock's unit in [pause date, resume date): the day
  a pause starts is given back, the day it ends is not. Hour clocks lose exactly
  the paused time.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

END_OF_DAY = time(23, 59, 59)
# A calendar with a run of non-business days longer than this is misconfigured.
_MAX_SEARCH_DAYS = 366


class Unit(StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    BUSINESS_DAYS = "business_days"


class CalendarError(ValueError):
    """The calendar has no business day where one is needed."""


@dataclass(frozen=True)
class BusinessCalendar:
    """A jurisdiction's working week plus its dated exceptions.

    weekend holds ISO weekday numbers (6 = Saturday, 7 = Sunday). overrides maps a
    date to whether it is a working day: False for a public holiday, True for a
    make-up working day (调休) that falls on a weekend.
    """

    timezone: ZoneInfo
    weekend: frozenset[int] = frozenset({6, 7})
    cutoff: time | None = None
    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_business_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return day.isoweekday() not in self.weekend

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after day."""
        for offset in range(1, _MAX_SEARCH_DAYS + 1):
            candidate = day + timedelta(days=offset)
            if self.is_business_day(candidate):
                return candidate
        raise CalendarError(f"No business day within a year after {day}.")

    def local(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("Clock arithmetic needs timezone-aware datetimes.")
        return instant.astimezone(self.timezone)

    def counting_day(self, received: datetime) -> date:
        """D0: the business day a receipt counts from (see the module conventions)."""
        local = self.local(received)
        day = local.date()
        after_cutoff = self.cutoff is not None and local.time() >= self.cutoff
        if after_cutoff or not self.is_business_day(day):
            return self.next_business_day(day)
        return day

    def add_business_days(self, start: date, count: int) -> date:
        """The count-th business day after start (start itself is not counted)."""
        day = start
        for _step in range(count):
            day = self.next_business_day(day)
        return day

    def add_calendar_days(self, start: date, count: int, *, roll: bool) -> date:
        day = start + timedelta(days=count)
        if roll and not self.is_business_day(day):
            return self.next_business_day(day)
        return day

    def days_between(self, start: date, end: date, *, unit: Unit) -> int:
        """How many days of unit lie in [start, end)."""
        if end <= start:
            return 0
        span = (end - start).days
        if unit == Unit.CALENDAR_DAYS:
            return span
        return sum(
            1
            for offset in range(span)
            if self.is_business_day(start + timedelta(days=offset))
        )

    def end_of_day(self, day: date) -> datetime:
        return datetime.combine(day, END_OF_DAY, tzinfo=self.timezone)

    def start_of_day(self, day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=self.timezone)


@dataclass(frozen=True)
class Pause:
    started_at: datetime
    ended_at: datetime


def deadline(
    calendar: BusinessCalendar,
    *,
    received: datetime,
    amount: int,
    unit: Unit | str,
    roll: bool = False,
    pauses: Iterable[Pause] = (),
) -> datetime:
    """When a clock of amount units started at received falls due, after pauses."""
    unit = Unit(unit)
    pauses = list(pauses)
    if unit == Unit.HOURS:
        lost = sum((pause.ended_at - pause.started_at for pause in pauses), timedelta())
        return received + timedelta(hours=amount) + lost
    lost_days = sum(
        calendar.days_between(
            calendar.local(pause.started_at).date(),
            calendar.local(pause.ended_at).date(),
            unit=unit,
        )
        for pause in pauses
    )
    start = calendar.counting_day(received)
    if unit == Unit.BUSINESS_DAYS:
        due = calendar.add_business_days(start, amount + lost_days)
    else:
        due = calendar.add_calendar_days(start, amount + lost_days, roll=roll)
    return calendar.end_of_day(due)


def counted_from(
    calendar: BusinessCalendar, *, received: datetime, unit: Unit | str
) -> datetime:
    """The instant a clock effectively starts: receipt for hours, else start of D0.

    A receipt during D0 keeps its own time; one rolled to a later business day
    starts at that day's midnight.
    """
    if Unit(unit) == Unit.HOURS:
        return received
    start = calendar.counting_day(received)
    if calendar.local(received).date() == start:
        return received
    return calendar.start_of_day(start)


def warning_instant(
    *, started: datetime, nominal_due: datetime, due: datetime, percent: int
) -> datetime:
    """When percent of the clock's nominal span has elapsed, shifted like due.

    The span is measured without pauses (nominal_due - started) so a pause moves the
    warning by exactly as much as it moves the deadline.
    """
    span = nominal_due - started
    return due - span * (100 - percent) / 100
