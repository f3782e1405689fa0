"""The reports page's preset periods, computed ahead so the page opens at once.

Cold, a month's report takes over a second of database time at a million
tickets (bench/README.md, "Reports"). Managers mostly open the page on its
default period or switch between the presets; beat refreshes those reports
before their cached copies expire, so neither waits for the figures. Custom
dates and narrowed reports are still computed when asked, then cached.
"""

from datetime import date

from django.conf import settings
from django.utils import timezone

from reports.periods import Period, days_span, period_days
from reports.selectors import ReportFilter, report_profiles, report_refresh

PRESETS = (
    Period.LAST_30_DAYS,
    Period.LAST_7_DAYS,
    Period.THIS_MONTH,
    Period.LAST_MONTH,
)


def preset_filters(*, today: date | None = None) -> list[ReportFilter]:
    """The preset periods, unnarrowed, as the page's form makes them today."""
    today = today or timezone.localdate()
    filters = []
    for period in PRESETS:
        start, end = days_span(*period_days(period, today=today))
        filters.append(ReportFilter(start=start, end=end))
    return filters


def report_presets_refresh() -> int:
    """Recompute the preset reports into the cache; how many (0: cache off)."""
    if settings.WALLETDESK_REPORT_CACHE_SECONDS <= 0:
        return 0
    profiles = report_profiles()
    now = timezone.now()
    presets = preset_filters(today=timezone.localdate(now))
    for filters in presets:
        report_refresh(filters=filters, profiles=profiles, now=now)
    return len(presets)
