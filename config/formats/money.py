"""Money as people and machines read it: one rule for every page, mail, report and API.

Fiat currencies show their ISO 4217 minor units (CNY 2,000.00; JPY 2,000). Crypto
assets keep what the record holds, at least two and at most eight decimals, since
cutting 0.00012345 USDT to 0.00 would misstate a refund.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

# ISO 4217 minor units of the fiat currencies a wallet provider meets; others have 2.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "VND": 0, "BHD": 3, "KWD": 3, "JOD": 3}
_FIAT = frozenset(
    [
        "CNY",
        "HKD",
        "MOP",
        "TWD",
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "KRW",
        "SGD",
        "MYR",
        "THB",
        "VND",
        "PHP",
        "IDR",
        "INR",
        "AUD",
        "NZD",
        "CAD",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "RUB",
        "AED",
        "SAR",
        "BHD",
        "KWD",
        "JOD",
    ]
)
_MAX_PLACES = 8  # Transaction.amount's decimal_places


def money_places(amount: Decimal, currency: str | None = None) -> int:
    """Decimals to show: the currency's minor units, or the amount's own (2 to 8)."""
    code = (currency or "").upper()
    if code in _FIAT:
        return _MINOR_UNITS.get(code, 2)
    exponent = amount.normalize().as_tuple().exponent
    own = -exponent if isinstance(exponent, int) else 2
    return min(max(2, own), _MAX_PLACES)


def _decimal(amount: object) -> Decimal | None:
    if amount is None or amount == "":
        return None
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def money_plain(amount: Decimal | str, currency: str | None = None) -> str:
    """The amount for machines and input boxes: "2000.00" (no grouping, no code)."""
    value = _decimal(amount)
    if value is None:
        return str(amount)
    places = money_places(value, currency)
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"


def money_format(amount: Decimal | str | None, currency: str | None = None) -> str:
    """The amount for people, in the active language: "2,000.00 CNY" ("" if none).

    Grouping and separators come from config/formats/<language>/formats.py.
    """
    value = _decimal(amount)
    if value is None:
        return "" if amount is None else str(amount)
    places = money_places(value, currency)
    text = number_format(
        value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP),
        decimal_pos=places,
        use_l10n=True,
        force_grouping=True,
    )
    return f"{text} {currency.upper()}" if currency else text
