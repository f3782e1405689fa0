"""Serializer fields every API module shares."""

from datetime import datetime

from rest_framework import serializers

from config.formats.instants import utc_iso


class UtcDateTimeField(serializers.DateTimeField):
    """A datetime written as UTC ISO-8601 with Z, as in webhooks, whatever TIME_ZONE.

    Input is read as DRF reads it (an offset is honoured; a naive time is in
    TIME_ZONE).
    """

    def to_representation(self, value: datetime | None) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        return utc_iso(self.enforce_timezone(value))
