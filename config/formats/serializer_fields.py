"""API amounts: decimal strings with the currency's decimals ("88.00", not "88.00000000")."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from config.formats.money import money_plain


class MoneyAmountField(serializers.DecimalField):
    """An output amount written as config.formats.money.money_plain writes it.

    currency_field names the attribute (or key) of the same object that holds
    the currency; the field reads both, since decimals depend on the currency.
    """

    def __init__(self, *, currency_field: str = "currency", **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 8)
        kwargs.setdefault("read_only", True)
        self.currency_field = currency_field
        super().__init__(**kwargs)

    def get_attribute(self, instance: object) -> tuple[Decimal, str] | None:
        value = super().get_attribute(instance)
        if value is None:
            return None
        if isinstance(instance, Mapping):
            currency = instance.get(self.currency_field, "")
        else:
            currency = getattr(instance, self.currency_field, "")
        return value, currency

    def to_representation(self, value: tuple[Decimal, str]) -> str:  # type: ignore[override]
        amount, currency = value
        return money_plain(amount, currency)
