"""Issue 23's outreach by SMS: "did you make this payment?" reaches a customer who chose SMS."""

import pytest
from django.core import signing
from django.test import Client

from accounts.services import user_set_notice_channels
from complaints.models import Notice, Ticket
from sms import sms_segments
from tests.api.conftest import client_for_system, system_secret  # noqa: F401
from tests.factories import CustomerFactory, TransactionFactory
from tests.sms_gateway import Gateway
from wallet_actions.links import SALT, payment_check_id, payment_check_token
from wallet_actions.models import PaymentCheck

pytestmark = pytest.mark.django_db

URL = "/api/v1/system/payment-checks/"


def _report(secret: str, reference: str, capture) -> None:
    with capture(execute=True):
        response = client_for_system(secret).post(
            URL, {"transaction": reference, "reason": "new device"}, format="json"
        )
    assert response.status_code == 201, response.content


def test_payment_check_asks_by_sms_with_a_link_that_answers(
    http_backend: Gateway,
    system_secret,  # noqa: F811
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
) -> None:
    customer = CustomerFactory(phone="+8613800138000", preferred_language="zh-hans")
    user_set_notice_channels(user=customer, by_email=True, by_sms=True)
    payment = TransactionFactory(owner=customer)

    _report(system_secret, payment.reference, django_capture_on_commit_callbacks)

    (text,) = http_backend.accepted
    assert text["to"] == "+8613800138000"
    assert "是您本人操作的吗" in text["body"]
    assert sms_segments(text["body"]) <= 2
    assert len(mailoutbox) == 1
    notice = Notice.objects.get(kind=Notice.Kind.PAYMENT_CHECK)
    assert notice.sms_sent_at is not None
    link = text["body"][text["body"].index("http") :].removeprefix(settings.SITE_URL)
    client = Client()
    assert payment.reference in client.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link, {"answer": "not_me"}).status_code in (200, 302)
    check = PaymentCheck.objects.get()
    assert check.state == PaymentCheck.State.DISPUTED
    # The complaint it turned into is acknowledged by SMS too, with its link.
    assert check.ticket.category == Ticket.Category.UNAUTHORIZED
    assert len(http_backend.accepted) == 2
    assert check.ticket.reference in http_backend.accepted[1]["body"]


def test_payment_check_sends_no_text_to_a_customer_without_sms(
    http_backend: Gateway,
    system_secret,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
) -> None:
    customer = CustomerFactory(phone="+8613800138000")
    payment = TransactionFactory(owner=customer)
    _report(system_secret, payment.reference, django_capture_on_commit_callbacks)
    assert http_backend.accepted == []
    assert len(mailoutbox) == 1


def test_links_in_earlier_emails_still_answer(
    system_secret,  # noqa: F811
    django_capture_on_commit_callbacks,
) -> None:
    payment = TransactionFactory(owner=CustomerFactory())
    _report(system_secret, payment.reference, django_capture_on_commit_callbacks)
    check = PaymentCheck.objects.get()
    # The TimestampSigner form the emails carried before the short one.
    earlier = signing.TimestampSigner(salt=SALT).sign(str(check.pk))
    assert payment_check_id(earlier) == check.pk
    assert payment_check_id(payment_check_token(check)) == check.pk
    assert payment_check_id(payment_check_token(check)[:-2] + "xx") is None
    page = Client().get(f"/wallet/payment-checks/{earlier}/")
    assert payment.reference in page.content.decode()
