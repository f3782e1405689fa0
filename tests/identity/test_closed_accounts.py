"""A closed wallet account follows and answers its tickets but files no new one."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from accounts.errors import AccountClosedError
from complaints.models import Message, Ticket
from complaints.services import ComplaintInput, ticket_create
from tests.api.conftest import client_for
from tests.factories import TicketFactory, TransactionFactory
from tests.identity.conftest import provision

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_customer(db: None):
    customer = provision("8802001")
    ticket = TicketFactory(customer=customer)
    provision("8802001", status="closed")
    customer.refresh_from_db()
    return customer, ticket


def test_the_filing_service_refuses_a_closed_account(closed_customer):
    customer, _ticket = closed_customer
    with pytest.raises(AccountClosedError):
        ticket_create(
            customer=customer,
            kind=Ticket.Kind.COMPLAINT,
            category="service_quality",
            subject="Still here",
            description="Can I file?",
            details=ComplaintInput(),
        )
    assert Ticket.objects.filter(customer=customer).count() == 1


def test_the_service_reads_the_status_under_its_lock(closed_customer):
    customer, _ticket = closed_customer
    customer.account_status = "active"  # a stale copy, as a request might hold
    with pytest.raises(AccountClosedError):
        ticket_create(
            customer=customer,
            kind=Ticket.Kind.COMPLAINT,
            category="service_quality",
            subject="Stale",
            description="The core closed it meanwhile.",
            details=ComplaintInput(),
        )


def test_the_portal_explains_instead_of_showing_the_forms(client, closed_customer):
    customer, _ticket = closed_customer
    client.force_login(customer)
    cache.clear()

    start = client.get("/tickets/new/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    form = client.get("/tickets/new/transfer-failed/")
    posted = client.post(
        "/tickets/new/service-quality/", {"subject": "x", "description": "y"}
    )

    assert start.status_code == 403
    assert "已关闭" in start.content.decode()
    assert form.status_code == 403
    assert "Your wallet account is closed" in form.content.decode()
    assert posted.status_code == 403
    assert Ticket.objects.filter(customer=customer).count() == 1


def test_the_api_refuses_with_a_clear_code(closed_customer):
    customer, _ticket = closed_customer
    record = TransactionFactory(owner=customer, status="failed")
    response = client_for(customer).post(
        "/api/v1/my/tickets/",
        {
            "kind": "complaint",
            "category": "transfer_failed",
            "subject": "Transfer failed",
            "description": "Again.",
            "transaction": record.reference,
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "account_closed"


def test_a_closed_account_still_reads_and_replies(client, closed_customer):
    customer, ticket = closed_customer
    client.force_login(customer)

    page = client.get(f"/tickets/{ticket.reference}/")
    reply = client.post(f"/tickets/{ticket.reference}/reply/", {"body": "Any news?"})
    api_reply = client_for(customer).post(
        f"/api/v1/my/tickets/{ticket.reference}/messages/",
        {"body": "And by the API?"},
        format="json",
    )

    assert page.status_code == 200
    assert reply.status_code == 302
    assert api_reply.status_code == 201
    assert Message.objects.filter(ticket=ticket, author=customer).count() == 2


def test_a_staff_status_change_is_refused_by_validation():
    from accounts.models import User

    user = User(username="x", account_status="frozen")
    with pytest.raises(ValidationError):
        user.full_clean(exclude=["password"])
