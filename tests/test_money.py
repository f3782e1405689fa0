"""Money as text: config.formats.money."""

from decimal import Decimal

from config.formats.money import money_format, money_plain


def test_money_format_keeps_cents_and_crypto_precision() -> None:
    assert money_format(Decimal("100.00000000")) == "100.00"
    assert money_format(Decimal("12.5")) == "12.50"
    assert money_format(Decimal("0.00012345")) == "0.00012345"


def test_money_plain_is_the_same_digits_for_machines() -> None:
    assert money_plain(Decimal("100.00000000")) == "100.00"
    assert money_plain(Decimal("1234.5")) == "1234.50"
    assert money_plain(Decimal("0.00012345")) == "0.00012345"
