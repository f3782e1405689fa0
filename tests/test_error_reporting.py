"""Error reports: off without SENTRY_DSN; personal data never leaves the process."""

import json
import os
import subprocess
import sys

from django.conf import settings

from config.error_reporting import personal_data_scrub, scrub_text


def test_emails_and_phone_numbers_are_masked_references_are_kept() -> None:
    text = (
        "Notice 195 to li.wei+desk@example.com failed; call +86 138 0013 8000 "
        "or (021) 5555-0100 about WD-2026-000123, amount 1250.00 (12345678.90). "
        "Texted 13800138000."
    )
    assert scrub_text(text) == (
        "Notice 195 to [email] failed; call [phone] "
        "or [phone] about WD-2026-000123, amount 1250.00 (12345678.90). "
        "Texted [phone]."
    )


def test_events_lose_personal_fields_bodies_and_user_details() -> None:
    event = {
        "message": "Refund for zhang.san@example.com",
        "logentry": {"message": "Call %s", "params": ["13800138000"]},
        "exception": {
            "values": [{"type": "ValueError", "value": "bad address a@b.cn"}]
        },
        "extra": {
            "ticket": "WD-2026-000001",
            "customer": "Zhang San",
            "details": {"first_name": "San", "last_name": "Zhang", "queue": "refunds"},
        },
        "breadcrumbs": {
            "values": [
                {"message": "mail to wang@example.org", "data": {"name": "Wang"}}
            ]
        },
        "request": {
            "url": "https://desk.example.com/tickets/new/",
            "data": {"description": "My wife Li Na sent it"},
            "cookies": {"sessionid": "secret"},
            "query_string": "q=li.na@example.com",
        },
        "user": {"id": 7, "username": "lina", "email": "li.na@example.com"},
    }

    scrubbed = personal_data_scrub(event, {})
    flat = json.dumps(scrubbed)

    for personal in (
        "zhang.san@",
        "13800138000",
        "a@b.cn",
        "Zhang San",
        "Li Na",
        "wang@",
        '"Wang"',
        "lina",
        "secret",
        '"San"',
    ):
        assert personal not in flat, personal
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["extra"]["ticket"] == "WD-2026-000001"
    assert scrubbed["extra"]["details"]["queue"] == "refunds"
    assert scrubbed["request"]["url"] == "https://desk.example.com/tickets/new/"
    assert "data" not in scrubbed["request"]


_SHOW = (
    "import json, sentry_sdk; client = sentry_sdk.get_client(); "
    "print(json.dumps({'active': client.is_active(), "
    "'pii': client.options.get('send_default_pii'), "
    "'locals': client.options.get('include_local_variables'), "
    "'integrations': sorted(client.integrations)}))"
)


def _sentry_state(**environment: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "shell", "-c", _SHOW],
        capture_output=True,
        text=True,
        env={**clean, **environment},
        cwd=settings.BASE_DIR,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_is_off_without_a_dsn_and_scrubbing_when_on() -> None:
    off = _sentry_state()
    on = _sentry_state(SENTRY_DSN="https://public@o0.ingest.sentry.io/0")

    assert off["active"] is False
    assert on["active"] is True
    assert on["pii"] is False
    assert on["locals"] is False
    assert {"django", "celery"} <= set(on["integrations"])
