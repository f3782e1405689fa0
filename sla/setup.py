"""The SLA setup every filing reads: profiles, their assignments and calendars.

Held per process (config.config_cache) and reloaded when a profile, an assignment,
a calendar or one of its days is saved or deleted, so a filing computes its
deadlines without a query.
"""

from dataclasses import dataclass, field

from config.config_cache import ConfigCache
from sla.calendars import BusinessCalendar
from sla.models import Calendar, CalendarDay, ProfileAssignment, RegimeProfile


@dataclass(frozen=True)
class SlaSetup:
    # Assignments of active profiles, each with its profile loaded.
    assignments: tuple[ProfileAssignment, ...] = ()
    default_profile: RegimeProfile | None = None
    calendars: dict[int, BusinessCalendar] = field(default_factory=dict)


def _load() -> SlaSetup:
    overrides: dict[int, dict] = {}
    for calendar_id, day, is_working_day in CalendarDay.objects.values_list(
        "calendar_id", "date", "is_working_day"
    ):
        overrides.setdefault(calendar_id, {})[day] = is_working_day
    return SlaSetup(
        assignments=tuple(
            ProfileAssignment.objects.filter(profile__is_active=True)
            .select_related("profile")
            .order_by("pk")
        ),
        default_profile=RegimeProfile.objects.filter(
            is_default=True, is_active=True
        ).first(),
        calendars={
            calendar.pk: calendar.business_calendar(overrides.get(calendar.pk, {}))
            for calendar in Calendar.objects.all()
        },
    )


SLA_SETUP: ConfigCache[SlaSetup] = ConfigCache(
    "sla-setup", _load, watch=(Calendar, CalendarDay, RegimeProfile, ProfileAssignment)
)
