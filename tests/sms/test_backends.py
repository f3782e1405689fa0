"""SMS backends: console, in-memory, and the signed HTTP POST to a real local gateway."""

import io
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ImproperlyConfigured

import sms
from sms import SmsSendError, sms_send
from sms.backends.console import SmsBackend as ConsoleBackend
from sms.dispatch import sms_send_on_commit
from sms.signing import sms_sign, sms_signature_check
from tests.sms_gateway import SECRET


def test_console_backend_is_the_default_and_prints_the_message(settings) -> None:
    assert settings.WALLETDESK_SMS_BACKEND == "sms.backends.console.SmsBackend"
    stream = io.StringIO()
    sent = ConsoleBackend(stream=stream).send_messages(
        [sms.SmsMessage(to="+8613800138000", body="验证码 123456")]
    )
    assert sent == 1
    assert "+8613800138000" in stream.getvalue()
    assert "验证码 123456" in stream.getvalue()


def test_http_backend_posts_signed_json_the_gateway_accepts(http_backend) -> None:
    message = sms_send(to="+8613800138000", body="Walletdesk 验证码 482913")

    assert http_backend.refused == []
    assert http_backend.accepted == [
        {
            "message_id": message.message_id,
            "to": "+8613800138000",
            "body": "Walletdesk 验证码 482913",
        }
    ]


def test_gateway_refusing_the_signature_is_an_error(settings, http_backend) -> None:
    settings.WALLETDESK_SMS_HTTP_SECRET = "not-the-gateways-secret"

    with pytest.raises(SmsSendError):
        sms_send(to="+8613800138000", body="code 1")

    assert http_backend.accepted == []
    assert len(http_backend.refused) == 1


def test_gateway_error_answer_is_an_error(http_backend) -> None:
    http_backend.answer = 503
    with pytest.raises(SmsSendError):
        sms_send(to="+8613800138000", body="code 2")


def test_unreachable_gateway_is_an_error(settings, http_backend) -> None:
    settings.WALLETDESK_SMS_HTTP_URL = "http://127.0.0.1:9/sms"
    with pytest.raises(SmsSendError):
        sms_send(to="+8613800138000", body="code 3")


def test_http_backend_without_url_or_secret_refuses_to_start(settings) -> None:
    settings.WALLETDESK_SMS_BACKEND = "sms.backends.http.SmsBackend"
    settings.WALLETDESK_SMS_HTTP_URL = "ftp://gateway.example.com/"
    settings.WALLETDESK_SMS_HTTP_SECRET = SECRET
    with pytest.raises(ImproperlyConfigured):
        sms_send(to="+8613800138000", body="code")
    settings.WALLETDESK_SMS_HTTP_URL = "https://gateway.example.com/"
    settings.WALLETDESK_SMS_HTTP_SECRET = ""
    with pytest.raises(ImproperlyConfigured):
        sms_send(to="+8613800138000", body="code")


def test_signature_check_refuses_tampering_and_replays() -> None:
    body = b'{"to": "+8613800138000", "body": "code"}'
    now = int(time.time())
    signature = sms_sign(secret=SECRET, timestamp=now, body=body)

    assert sms_signature_check(
        secret=SECRET, timestamp=str(now), body=body, signature=signature
    )
    assert not sms_signature_check(
        secret=SECRET, timestamp=str(now), body=body + b" ", signature=signature
    )
    assert not sms_signature_check(
        secret=SECRET, timestamp=str(now + 1), body=body, signature=signature
    )
    assert not sms_signature_check(
        secret=SECRET,
        timestamp=str(now),
        body=body,
        signature=signature,
        now=now + 301,
    )
    assert not sms_signature_check(
        secret=SECRET, timestamp="soon", body=body, signature=signature
    )


@pytest.mark.django_db
def test_queued_message_leaves_only_after_the_commit(
    settings, django_capture_on_commit_callbacks: Callable
) -> None:
    settings.WALLETDESK_SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message_id = sms_send_on_commit(to="+8613800138000", body="code 4")
        assert sms.outbox == []

    assert len(callbacks) == 1
    assert [(m.to, m.body, m.message_id) for m in sms.outbox] == [
        ("+8613800138000", "code 4", message_id)
    ]
