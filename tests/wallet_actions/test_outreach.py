"""Outreach: the core reports an unusual payment, the customer answers."""

from datetime import timedelta

import pytest
from django.test import Client

from complaints.models import Notice, Queue, QueueRoute, Ticket
from integrations.models import Event, WebhookDelivery, WebhookEndpoint
from tests.api.conftest import client_for_system
from tests.factories import TransactionFactory
from wallet_actions.links import payment_check_token
from wallet_actions.models import PaymentCheck, QueueFreezePolicy, WalletAction
from wallet_actions.services.outreach import payment_checks_escalate

pytestmark = pytest.mark.django_db

URL = "/api/v1/system/payment-checks/"


@pytest.fixture
def payment(customer):
    return TransactionFactory(owner=customer)


@pytest.fixture
def listener(db) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name="core answers",
        url="http://127.0.0.1:9/answers",
        events=[Event.PAYMENT_CHECK_ANSWERED],
    )


def _report(core_key: str, payment, django_capture_on_commit_callbacks) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for_system(core_key).post(
            URL,
            {"transaction": payment.reference, "reason": "new device"},
            format="json",
        )
    assert response.status_code == 201, response.content
    return response.json()


def _answer(check_id: int, answer: str, django_capture_on_commit_callbacks):
    check = PaymentCheck.objects.get(pk=check_id)
    url = f"/wallet/payment-checks/{payment_check_token(check)}/"
    client = Client()
    assert client.get(url).status_code == 200
    assert PaymentCheck.objects.get(pk=check_id).state == check.state  # GET: no change
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, {"answer": answer})


def test_core_report_asks_the_customer_in_app_and_by_email(
    core_key, payment, customer, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    body = _report(core_key, payment, django_capture_on_commit_callbacks)
    assert body["state"] == "asked"
    notice = Notice.objects.get(kind=Notice.Kind.PAYMENT_CHECK)
    assert notice.recipient == customer
    assert notice.sent_at is not None
    (mail,) = mailoutbox
    assert payment.reference in mail.body
    assert "/wallet/payment-checks/" in mail.body
    again = client_for_system(core_key).post(
        URL, {"transaction": payment.reference}, format="json"
    )
    assert again.status_code == 200
    assert PaymentCheck.objects.count() == 1
    client = Client()
    client.force_login(customer)
    page = client.get("/wallet/payment-checks/").content.decode()
    assert payment.reference in page


def test_it_was_me_closes_the_check_and_tells_the_core(
    core_key, payment, listener, django_capture_on_commit_callbacks
) -> None:
    body = _report(core_key, payment, django_capture_on_commit_callbacks)
    response = _answer(body["id"], "me", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    check = PaymentCheck.objects.get()
    assert check.state == "confirmed"
    assert check.ticket is None
    delivery = WebhookDelivery.objects.get(event=Event.PAYMENT_CHECK_ANSWERED)
    assert '"answer":"me"' in delivery.body
    second = _answer(body["id"], "not_me", django_capture_on_commit_callbacks)
    assert second.status_code == 409
    assert not Ticket.objects.exists()


def test_not_me_files_a_complaint_freezes_and_starts_the_clock(
    core_key, core_endpoint, payment, listener, django_capture_on_commit_callbacks
) -> None:
    body = _report(core_key, payment, django_capture_on_commit_callbacks)
    _answer(body["id"], "not_me", django_capture_on_commit_callbacks)
    check = PaymentCheck.objects.select_related("ticket").get()
    assert check.state == "disputed"
    ticket = check.ticket
    assert ticket.category == Ticket.Category.UNAUTHORIZED
    assert ticket.resolve_by is not None  # the SLA clock runs
    assert list(ticket.transaction_links.values_list("transaction", flat=True)) == [
        payment.pk
    ]
    freeze = WalletAction.objects.get(ticket=ticket)
    assert freeze.kind == "account_freeze"
    assert freeze.requested_by is None
    assert freeze.reason == "unauthorized_transaction"
    delivery = WebhookDelivery.objects.get(event=Event.PAYMENT_CHECK_ANSWERED)
    assert '"answer":"not_me"' in delivery.body
    assert ticket.reference in delivery.body


def test_queue_policy_can_leave_the_freeze_to_the_agent(
    core_key, core_endpoint, payment, django_capture_on_commit_callbacks
) -> None:
    queue = Queue.objects.create(name="Fraud", slug="fraud")
    QueueRoute.objects.create(
        kind=Ticket.Kind.COMPLAINT, category=Ticket.Category.UNAUTHORIZED, queue=queue
    )
    QueueFreezePolicy.objects.create(queue=queue, freeze_on_dispute=False)
    body = _report(core_key, payment, django_capture_on_commit_callbacks)
    _answer(body["id"], "not_me", django_capture_on_commit_callbacks)
    assert PaymentCheck.objects.get().ticket.queue == queue
    assert not WalletAction.objects.exists()


def test_no_answer_escalates_to_a_supervisor(
    core_key, payment, supervisor, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    body = _report(core_key, payment, django_capture_on_commit_callbacks)
    assert payment_checks_escalate() == 0  # not late yet
    with django_capture_on_commit_callbacks(execute=True):
        assert payment_checks_escalate(after=timedelta(0)) == 1
    check = PaymentCheck.objects.get()
    assert check.state == "escalated"
    assert check.escalated_to == supervisor
    assert mailoutbox[-1].to == [supervisor.email]
    assert payment.reference in mailoutbox[-1].body
    assert payment_checks_escalate(after=timedelta(0)) == 0
    # the customer may still answer
    _answer(body["id"], "me", django_capture_on_commit_callbacks)
    assert PaymentCheck.objects.get().state == "confirmed"


def test_forged_or_unknown_payment_is_refused(core_key, payment) -> None:
    assert Client().get("/wallet/payment-checks/123:forged/").status_code == 404
    response = client_for_system(core_key).post(
        URL, {"transaction": "TX-NOPE"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_transaction"
    assert not PaymentCheck.objects.exists()


def test_customer_list_of_payment_checks_in_fixed_queries(
    core_key, customer, django_capture_on_commit_callbacks, django_assert_num_queries
) -> None:
    for _number in range(2):
        _report(
            core_key,
            TransactionFactory(owner=customer),
            django_capture_on_commit_callbacks,
        )
    client = Client()
    client.force_login(customer)
    # user (session in the signed cookie), the count for the paginator, the page
    # of checks with their payments and tickets, unread notice count (nav)
    with django_assert_num_queries(4):
        response = client.get("/wallet/payment-checks/")
    assert response.content.decode().count("/wallet/payment-checks/") >= 2
    _report(
        core_key, TransactionFactory(owner=customer), django_capture_on_commit_callbacks
    )
    with django_assert_num_queries(4):
        client.get("/wallet/payment-checks/")


def test_payment_check_admin_list_in_fixed_queries(
    core_key,
    customer,
    supervisor,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
) -> None:
    for _number in range(2):
        _report(
            core_key,
            TransactionFactory(owner=customer),
            django_capture_on_commit_callbacks,
        )
    client = Client()
    client.force_login(supervisor)
    # user, their permissions and their groups', the count for the paginator,
    # the page of checks with payments, customers and tickets
    with django_assert_num_queries(5):
        response = client.get("/admin/wallet_actions/paymentcheck/")
    assert response.status_code == 200


def test_simulator_setup_registers_the_endpoint_and_a_key(db) -> None:
    from integrations.api_keys import api_key_authenticate
    from wallet_actions.management.commands.wallet_core_simulator import Command

    secret, api_key = Command()._register("http://127.0.0.1:8001/actions")
    endpoint = WebhookEndpoint.objects.get(name="Wallet core simulator")
    assert endpoint.secret == secret
    assert endpoint.events == [
        Event.WALLET_ACTION_REQUESTED,
        Event.PAYMENT_CHECK_ANSWERED,
    ]
    assert api_key_authenticate(presented=api_key) is not None
    Command()._register("http://127.0.0.1:8002/actions")
    assert WebhookEndpoint.objects.get().url == "http://127.0.0.1:8002/actions"
