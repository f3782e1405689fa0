"""Phone numbers as the wallet knows them: E.164, checked by libphonenumber."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MESSAGE = _(
    "Enter the phone number in international E.164 form, such as +8613800138000."
)


def phone_normalize(value: str) -> str:
    """Return value as E.164 (+8613800138000); raise ValidationError if it is not one.

    The number must carry its country code: a wallet serves more than one country,
    so a national number (13800138000) is refused rather than guessed.
    """
    text = value.strip()
    if not text.startswith("+"):
        raise ValidationError(_MESSAGE, code="invalid_phone")
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(_MESSAGE, code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_validate(value: str) -> None:
    """Model-field validator: an empty phone is allowed, a stored one is E.164."""
    if value and phone_normalize(value) != value:
        raise ValidationError(_MESSAGE, code="invalid_phone")
