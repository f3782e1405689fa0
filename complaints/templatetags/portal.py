from django import template
from django.utils.dateparse import parse_datetime

register = template.Library()


@register.filter
def as_datetime(value: object) -> object:
    """A timestamp kept as ISO text (transaction snapshots), ready for |date."""
    if not isinstance(value, str) or not value:
        return value
    return parse_datetime(value) or value
