"""A profile's report time bands as a reader sees them, in the active language.

A band is stored with a label ("≤ 15 BD"), which clocks are stamped with when
they stop and reports count by, and with the amount and unit it ends at. The
label is the band's key, written once in one language; what a page shows is
said again from the amount and unit ("≤ 15 个工作日", "≤ 15 business days"), and
the last band, which has no amount, as more than the one before it. A band in
calendar days marked "said_in": "weeks" (the FCA's eight weeks, stored as 56
days) is said in weeks.
"""

from django.utils.translation import ngettext

from sla.calendars import Unit

WEEKS = "weeks"


def _within(amount: int, unit: str) -> str:
    if unit == WEEKS:
        text = ngettext("≤ %(count)d week", "≤ %(count)d weeks", amount)
    elif unit == Unit.BUSINESS_DAYS:
        text = ngettext("≤ %(count)d business day", "≤ %(count)d business days", amount)
    elif unit == Unit.HOURS:
        text = ngettext("≤ %(count)d hour", "≤ %(count)d hours", amount)
    else:
        text = ngettext("≤ %(count)d day", "≤ %(count)d days", amount)
    return text % {"count": amount}


def _beyond(amount: int, unit: str) -> str:
    if unit == WEEKS:
        text = ngettext("> %(count)d week", "> %(count)d weeks", amount)
    elif unit == Unit.BUSINESS_DAYS:
        text = ngettext("> %(count)d business day", "> %(count)d business days", amount)
    elif unit == Unit.HOURS:
        text = ngettext("> %(count)d hour", "> %(count)d hours", amount)
    else:
        text = ngettext("> %(count)d day", "> %(count)d days", amount)
    return text % {"count": amount}


def band_labels(time_bands: list[dict]) -> dict[str, str]:
    """What to show for each stored band label of a profile's time_bands.

    A band with an amount reads "within" it; a band without one after a band
    with one reads "more than" that; any other keeps its stored label.
    """
    shown: dict[str, str] = {}
    previous: tuple[int, str] | None = None
    for band in time_bands:
        label = band["label"]
        said = _said(band) if band.get("amount") is not None else None
        if said is not None:
            shown[label] = _within(*said)
        elif previous is not None:
            shown[label] = _beyond(*previous)
        else:
            shown[label] = label
        previous = said
    return shown


def _said(band: dict) -> tuple[int, str]:
    """The amount and unit a band with an amount is said in."""
    if said_in_weeks(band):
        return band["amount"] // 7, WEEKS
    return band["amount"], band.get("unit", "")


def said_in_weeks(band: dict) -> bool:
    """Whether a band is marked to be said in weeks and can be: whole weeks of
    calendar days."""
    return (
        band.get("said_in") == WEEKS
        and band.get("unit") == Unit.CALENDAR_DAYS
        and isinstance(band.get("amount"), int)
        and band["amount"] % 7 == 0
    )
