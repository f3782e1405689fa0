"""Error reports to Sentry (SENTRY_DSN), without the customers' personal data.

Off unless SENTRY_DSN is set. send_default_pii stays off (no cookies, user
names or addresses), local variables are not sent (a Ticket's or User's repr
names the customer), request bodies are dropped (descriptions and replies are
personal), fields named like personal data are filtered at any depth, and
e-mail addresses and phone numbers are masked in every remaining string:
messages, exception texts, breadcrumbs and extra data.
"""

import re
from typing import Any

from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST

FILTERED = "[Filtered]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, optionally with +, spaces, dashes or brackets:
# a phone number. Not a digit run glued to a word or dash (WD-2026-000123).
PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d\s()-]{5,}\d(?![\w-]|\.\d)")

# Keys whose values are a person's data wherever they appear (extra, contexts,
# breadcrumb data, request headers): compared lower-case, as sentry-sdk does.
PERSONAL_KEYS = [
    "name",
    "first_name",
    "last_name",
    "full_name",
    "username",
    "email",
    "phone",
    "phone_number",
    "mobile",
    "address",
    "customer",
    "recipient",
    "payee",
    "intended_recipient",
    "actual_recipient",
    "description",
    "subject",
    "body",
    "text",
    "remedy_sought",
]


def scrub_text(text: str) -> str:
    """Mask e-mail addresses and phone numbers in a string."""
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


def _scrub(value: Any, depth: int = 0) -> Any:
    if depth > 20:
        return value
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {
            key: (
                FILTERED
                if isinstance(key, str) and key.lower() in PERSONAL_KEYS
                else _scrub(item, depth + 1)
            )
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, depth + 1) for item in value]
    return value


def personal_data_scrub(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """before_send and before_send_transaction: strip personal data from an event."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        if request.get("query_string"):
            request["query_string"] = FILTERED
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    return _scrub(event)


def sentry_init(*, dsn: str, environment: str, release: str | None) -> None:
    """Start sentry-sdk with the Django and Celery integrations."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        event_scrubber=EventScrubber(
            denylist=[*DEFAULT_DENYLIST, *DEFAULT_PII_DENYLIST, *PERSONAL_KEYS],
            recursive=True,
        ),
        before_send=personal_data_scrub,
        before_send_transaction=personal_data_scrub,
        before_breadcrumb=lambda crumb, hint: _scrub(crumb),
        traces_sample_rate=0.0,
    )
