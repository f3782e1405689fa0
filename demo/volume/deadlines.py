"""A profile's clocks with memoised deadlines, for the seeded SLA clocks."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sla.calendars import BusinessCalendar, Unit, deadline
from sla.models import RegimeProfile, TicketClock


@dataclass(frozen=True)
class _ClockSpec:
    kind: str
    label: str
    amount: int
    unit: str


class _ProfilePlan:
    """A profile's clocks with memoised deadlines: they depend on D0 only."""

    def __init__(self, profile: RegimeProfile, calendar: BusinessCalendar) -> None:
        self.profile = profile
        self.calendar = calendar
        self.specs = [
            _ClockSpec(
                TicketClock.Kind.ACKNOWLEDGE, "", profile.ack_amount, profile.ack_unit
            )
        ]
        if profile.interim_amount is not None and profile.interim_unit:
            self.specs.append(
                _ClockSpec(
                    TicketClock.Kind.INTERIM,
                    profile.interim_label,
                    profile.interim_amount,
                    profile.interim_unit,
                )
            )
        self.specs.append(
            _ClockSpec(
                TicketClock.Kind.RESOLVE,
                "",
                profile.resolve_amount,
                profile.resolve_unit,
            )
        )
        self._memo: dict[tuple, Any] = {}

    def _d0_key(self, received: datetime) -> tuple[date, bool]:
        local = self.calendar.local(received)
        cutoff = self.calendar.cutoff
        return local.date(), cutoff is not None and local.time() >= cutoff

    def due(self, received: datetime, amount: int, unit: str) -> datetime:
        if unit == Unit.HOURS:
            return received + timedelta(hours=amount)
        key = (self._d0_key(received), amount, unit)
        found = self._memo.get(key)
        if found is None:
            found = deadline(
                self.calendar,
                received=received,
                amount=amount,
                unit=unit,
                roll=self.profile.rolls_to_business_day,
            )
            self._memo[key] = found
        return found

    def started(self, received: datetime, unit: str) -> datetime:
        """counted_from: the receipt, or midnight of D0 when it rolled to a later day."""
        if unit == Unit.HOURS:
            return received
        key = ("from", self._d0_key(received))
        if key not in self._memo:
            day = self.calendar.counting_day(received)
            same_day = day == self.calendar.local(received).date()
            self._memo[key] = None if same_day else self.calendar.start_of_day(day)
        return self._memo[key] or received

    def band(self, received: datetime, stopped: datetime) -> str:
        for band in self.profile.time_bands:
            amount = band.get("amount")
            if amount is None:
                return band["label"]
            if stopped <= self.due(received, amount, band["unit"]):
                return band["label"]
        return ""
