"""A profile's report time bands as a reader sees them, in the active language.

A band is stored with a label ("≤ 15 BD"), which clocks are stamped with when
they stop and reports count by, and with the amount and unit it ends at. The
label is the band's key, written once in one language; what a page shows is
said again from the amount and unit ("≤ 15 个工作日", "≤ 15 business days"), and
the last band, which has no amount, as more than the one before it.
"""

from django.utils.translation import ngettext

from sla.calendars import Unit


def _within(amount: int, unit: str) -> str:
    if unit == Unit.BUSINESS_DAYS:
        text = ngettext("≤ %(count)d business day", "≤ %(count)d business days", amount)
    elif unit == Unit.HOURS:
        text = ngettext("≤ %(count)d hour", "≤ %(count)d hours", amount)
    else:
        text = ngettext("≤ %(count)d day", "≤ %(count)d days", amount)
    return text % {"count": amount}


def _beyond(amount: int, unit: str) -> str:
    if unit == Unit.BUSINESS_DAYS:
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
    previous: dict | None = None
    for band in time_bands:
        label = band["label"]
        if band.get("amount") is not None:
            shown[label] = _within(band["amount"], band.get("unit", ""))
        elif previous is not None and previous.get("amount") is not None:
            shown[label] = _beyond(previous["amount"], previous.get("unit", ""))
        else:
            shown[label] = label
        previous = band
    return shown
