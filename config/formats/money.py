"""Money as text: the one home for how an amount is written out."""

from decimal import Decimal


def money_plain(amount: Decimal, currency: str | None = None) -> str:
    """The amount for machines (webhooks, CSV): no float noise, no grouping.

    At least two decimals, and every further one the record holds, so a crypto
    amount such as 0.00012345 keeps its precision.
    """
    normal = amount.normalize()
    if normal.as_tuple().exponent > -2:  # type: ignore[operator]
        normal = normal.quantize(Decimal("0.01"))
    return f"{normal:f}"


def money_format(amount: Decimal, currency: str | None = None) -> str:
    """The amount for people (notices, pages): its digits, then the currency if given."""
    text = money_plain(amount, currency)
    return f"{text} {currency}" if currency else text
