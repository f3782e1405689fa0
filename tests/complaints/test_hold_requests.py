"""A hold waiting on the customer tells them what is needed; they see its end too."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from complaints import workflow
from complaints.admin.case import ticket_version
from complaints.errors import WorkflowError
from complaints.models import Message, Notice, Ticket, TicketHold
from complaints.notices import notice_deliver
from tests.api.conftest import client_for
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

ASK = "Please send a photo of the bank receipt for this transfer."


def _investigating(agent: User, **fields: object) -> Ticket:
    ticket = TicketFactory(**fields)
    for status in (Ticket.Status.ACKNOWLEDGED, Ticket.Status.INVESTIGATING):
        workflow.ticket_transition(ticket=ticket, to_status=status, actor=agent)
    return ticket


def _hold_on_case_page(client, agent: User, ticket: Ticket, **fields: str):
    client.force_login(agent)
    return client.post(
        reverse("admin:complaints_ticket_workspace", args=[ticket.pk, "hold"]),
        {"version": ticket_version(ticket_id=ticket.pk), **fields},
    )


def _page(client, ticket: Ticket, language: str = "en") -> str:
    client.force_login(ticket.customer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("complaints:ticket_detail", args=[ticket.reference])).text


def _banner(html: str) -> str:
    start = html.index('data-test="hold-banner"')
    return html[start : html.index("</section>", start)]


def test_asking_the_customer_sends_the_request_as_a_notice_and_a_reply(
    client, agent, mailoutbox, django_capture_on_commit_callbacks
):
    ticket = _investigating(agent)
    with django_capture_on_commit_callbacks(execute=True):
        _hold_on_case_page(
            client, agent, ticket, waiting_on="customer", request=ASK, note="internal"
        )
    hold = TicketHold.objects.get(ticket=ticket)
    assert hold.request.body == ASK
    assert not hold.request.is_internal
    notice = Notice.objects.get(ticket=ticket, message=hold.request)
    assert notice.kind == Notice.Kind.PROGRESS
    (email,) = [m for m in mailoutbox if ASK in m.body]
    assert (
        email.subject == f"We need more information on your ticket {ticket.reference}"
    )
    assert "we need more information from you" in email.body
    html = email.alternatives[0][0]
    assert "we need more information from you" in html
    assert "bank receipt" in html
    assert "internal" not in email.body


def test_the_request_notice_reads_in_chinese(agent, mailoutbox):
    ticket = _investigating(agent, language="zh-hans")
    with transaction.atomic():
        hold = workflow.ticket_hold(
            ticket=ticket, waiting_on="customer", actor=agent, request="请上传回单。"
        )
    mailoutbox.clear()
    notice_deliver(notice_id=Notice.objects.get(message=hold.request).pk)
    (email,) = mailoutbox
    assert "需要" in email.subject
    assert ticket.reference in email.subject
    assert "请上传回单。" in email.body
    assert "请上传回单。" in email.alternatives[0][0]


def test_the_ticket_page_shows_the_request_with_the_reply_form(client, agent):
    ticket = _investigating(agent)
    workflow.ticket_hold(ticket=ticket, waiting_on="customer", actor=agent, request=ASK)
    html = _page(client, ticket)
    banner = _banner(html)
    assert "We need something from you:" in banner
    assert ASK in banner
    # The reply form comes right after the request, before the timeline.
    form = html.index('data-test="reply-form"')
    assert (
        html.index('data-test="hold-banner"')
        < form
        < html.index('data-test="timeline"')
    )
    assert 'data-test="request"' in html  # the request in the timeline
    zh = _page(client, ticket, "zh-hans")
    assert "我们需要您提供" in _banner(zh)


def test_the_customer_api_shows_the_current_hold(agent):
    ticket = _investigating(agent)
    url = f"/api/v1/my/tickets/{ticket.reference}/"
    api = client_for(ticket.customer)
    assert api.get(url).json()["hold"] is None
    workflow.ticket_hold(ticket=ticket, waiting_on="customer", actor=agent, request=ASK)
    data = api.get(url).json()["hold"]
    assert data["waiting_on"] == "customer"
    assert data["request"] == ASK
    assert data["since"].endswith("Z")


def test_the_customers_answer_ends_the_hold_on_the_page(client, agent):
    ticket = _investigating(agent)
    workflow.ticket_hold(ticket=ticket, waiting_on="customer", actor=agent, request=ASK)
    client.force_login(ticket.customer)
    client.post(
        reverse("complaints:message_create", args=[ticket.reference]),
        {"body": "Here it is."},
    )
    html = _page(client, ticket)
    assert 'data-test="hold-banner"' not in html
    assert 'data-test="event-hold-ended"' in html
    assert "You answered" in html
    api = client_for(ticket.customer)
    assert api.get(f"/api/v1/my/tickets/{ticket.reference}/").json()["hold"] is None


def test_releasing_the_hold_removes_the_banner_and_says_we_resumed(client, agent):
    ticket = _investigating(agent)
    workflow.ticket_hold(ticket=ticket, waiting_on="customer", actor=agent, request=ASK)
    client.force_login(agent)
    client.post(
        reverse("admin:complaints_ticket_workspace", args=[ticket.pk, "release"]),
        {"version": ticket_version(ticket_id=ticket.pk)},
    )
    html = _page(client, ticket)
    assert 'data-test="hold-banner"' not in html
    assert "We resumed work on your ticket" in html
    assert 'data-test="reply-form"' in html


def test_an_agent_must_write_the_request(client, agent):
    ticket = _investigating(agent)
    response = _hold_on_case_page(
        client, agent, ticket, waiting_on="customer", request="  "
    )
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Write what the customer needs to send or do" in message
    assert not TicketHold.objects.filter(ticket=ticket).exists()
    assert not Message.objects.filter(ticket=ticket).exists()
    assert not Notice.objects.filter(
        ticket=ticket, kind="progress", message__isnull=False
    ).exists()
    # In Chinese too, and the staff API gives the same answer (one guard: workflow).
    api = client_for(agent)
    refused = api.post(
        f"/api/v1/desk/tickets/{ticket.reference}/hold/",
        {"waiting_on": "customer"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert refused.status_code == 409
    assert "客户" in str(refused.json())
    assert not TicketHold.objects.filter(ticket=ticket).exists()
    with pytest.raises(WorkflowError):
        workflow.ticket_hold(ticket=ticket, waiting_on="customer", actor=agent)


def test_the_staff_api_asks_the_customer_and_releases(agent):
    ticket = _investigating(agent)
    api = client_for(agent)
    url = f"/api/v1/desk/tickets/{ticket.reference}/hold/"
    created = api.post(url, {"waiting_on": "customer", "request": ASK}, format="json")
    assert created.status_code == 201
    assert created.json()["request"] == ASK
    assert Notice.objects.filter(ticket=ticket, message__body=ASK).exists()
    released = api.delete(url)
    assert released.status_code == 200
    assert released.json()["ended_at"] is not None
    assert api.delete(url).status_code == 409


def test_a_third_party_hold_shows_as_a_state_without_asking(client, agent):
    ticket = _investigating(agent)
    workflow.ticket_hold(ticket=ticket, waiting_on="third_party", actor=agent)
    html = _page(client, ticket)
    assert 'data-test="hold-third-party"' in html
    assert 'data-test="hold-banner"' not in html
    assert 'data-test="event-hold-third-party"' in html
    data = (
        client_for(ticket.customer)
        .get(f"/api/v1/my/tickets/{ticket.reference}/")
        .json()["hold"]
    )
    assert (data["waiting_on"], data["request"]) == ("third_party", "")
    workflow.ticket_release(ticket=ticket, actor=agent)
    assert "We resumed work on your ticket" in _page(client, ticket)
    # A request goes to the customer: a third-party hold takes none.
    with pytest.raises(WorkflowError):
        workflow.ticket_hold(
            ticket=ticket, waiting_on="third_party", actor=agent, request="hi"
        )


def test_the_bulk_hold_waits_on_a_third_party_only(client, agent):
    ticket = _investigating(agent)
    client.force_login(agent)
    changelist = reverse("admin:complaints_ticket_changelist")
    actions = client.get(changelist).context["action_form"].fields["action"].choices
    names = [name for name, _label in actions]
    assert "wait_on_third_party" in names
    assert "wait_on_customer" not in names
    client.post(
        changelist,
        {"action": "wait_on_third_party", "_selected_action": [ticket.pk]},
    )
    assert TicketHold.objects.get(ticket=ticket).waiting_on == "third_party"
