"""How many SMS segments a text takes: what a gateway bills and a phone joins."""

# The GSM 03.38 basic alphabet; "^{}\[~]|€" take two septets (escape + char).
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def sms_segments(body: str) -> int:
    """The number of segments body is sent in (GSM-7: 160, then 153 each; UCS-2: 70, then 67).

    Text with any character outside the GSM alphabet (Chinese) goes as UCS-2,
    where a character outside the Basic Multilingual Plane counts twice.
    """
    if all(char in _GSM_BASIC or char in _GSM_EXTENDED for char in body):
        units = sum(2 if char in _GSM_EXTENDED else 1 for char in body)
        single, part = 160, 153
    else:
        units = sum(2 if ord(char) > 0xFFFF else 1 for char in body)
        single, part = 70, 67
    if units <= single:
        return 1
    return -(-units // part)
