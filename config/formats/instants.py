"""Instants for machines (the API and webhooks): UTC ISO-8601 with a Z.

The same text as the JSON encoders of Django and DRF write for an aware UTC
datetime: milliseconds when there are any, "Z" for UTC. People see times in
their own zone through the display formats instead.
"""

from datetime import UTC, datetime


def utc_iso(moment: datetime) -> str:
    """An aware datetime as UTC ISO-8601 text ending in Z, to the millisecond."""
    text = moment.astimezone(UTC).isoformat()
    if moment.microsecond:
        text = text[:23] + text[26:]
    return text.removesuffix("+00:00") + "Z"
