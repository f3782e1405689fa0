from decimal import Decimal, InvalidOperation

from django import template
from django.utils.dateparse import parse_datetime

register = template.Library()


@register.filter
def money(value: object) -> str:
    """An amount as customers read it: at least two decimals, never rounded away.

    Crypto assets carry up to eight decimals; cutting them would misstate a refund.
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not amount.is_finite():
        return str(value)
    exponent = amount.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{amount:,.{places}f}"


@register.filter
def as_datetime(value: object) -> object:
    """A timestamp kept as ISO text (transaction snapshots), ready for |date."""
    if not isinstance(value, str) or not value:
        return value
    return parse_datetime(value) or value
