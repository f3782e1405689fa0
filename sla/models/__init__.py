"""The SLA models: calendars, regime profiles, a ticket's clocks and their events.

Django finds them here, in sla.models, so their app label stays "sla".
"""

from sla.models.calendars import Calendar, CalendarDay
from sla.models.choices import ClockUnit, PauseReason, ticket_kinds, ticket_model
from sla.models.clocks import ClockEvent, TicketClock
from sla.models.profiles import ExtensionStep, ProfileAssignment, RegimeProfile

__all__ = [
    "Calendar",
    "CalendarDay",
    "ClockEvent",
    "ClockUnit",
    "ExtensionStep",
    "PauseReason",
    "ProfileAssignment",
    "RegimeProfile",
    "TicketClock",
    "ticket_kinds",
    "ticket_model",
]
