"""Template filters for money: {% load money %} then {{ amount|money:currency }}."""

from decimal import Decimal

from django import template

from config.formats.money import money_format

register = template.Library()


@register.filter
def money(amount: Decimal | str | None, currency: str | None = None) -> str:
    """ "2,000.00 CNY" in the active language's format; "" for no amount."""
    return money_format(amount, currency)
