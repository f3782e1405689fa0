"""Formatting of report figures: durations, shares, amounts, age buckets."""

from django import template
from django.utils.translation import gettext as _

from reports.csv_export import age_label

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """Seconds as minutes, hours or days, whichever reads best."""
    if seconds is None:
        return "—"
    if seconds < 3600:
        return _("%(minutes)d min") % {"minutes": round(seconds / 60)}
    if seconds < 48 * 3600:
        return _("%(hours)s h") % {"hours": f"{seconds / 3600:.1f}"}
    return _("%(days)s d") % {"days": f"{seconds / 86400:.1f}"}


@register.filter
def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


@register.filter
def age_bucket(bucket: tuple[int, int | None]) -> str:
    return age_label(bucket)


@register.filter
def rating(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
