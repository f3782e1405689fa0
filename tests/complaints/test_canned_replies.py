"""Canned replies: safe placeholders, the evidence request move, approved templates."""

import pytest
from django.core.exceptions import ValidationError

from complaints import workflow
from complaints.errors import WorkflowError
from complaints.models import CannedReply, Message, Notice, Ticket, TicketHold
from complaints.services import canned_reply_render, message_add, reply_send
from tests.factories import CustomerFactory, TicketFactory, TransactionFactory

pytestmark = pytest.mark.django_db


def _investigating(ticket: Ticket, agent) -> Ticket:
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    workflow.ticket_transition(ticket=ticket, to_status="investigating", actor=agent)
    return ticket


def _inquiry(cancel_source: str) -> Ticket:
    customer = CustomerFactory()
    TransactionFactory(owner=customer, cancelled=True)
    record = customer.transactions.get()
    record.cancel_source = cancel_source
    record.save()
    from complaints.services import InquiryInput

    return TicketFactory(
        customer=customer,
        kind=Ticket.Kind.CANCELLED_TX_INQUIRY,
        category=Ticket.Category.CANCELLED_TRANSACTION,
        details=InquiryInput(transaction_id=record.pk),
    )


def test_placeholders_are_filled_from_the_ticket_without_injection(agent):
    customer = CustomerFactory(first_name="{reference} {0.__class__}")
    ticket = TicketFactory(customer=customer)
    reply = CannedReply(
        title="Hello",
        body="Dear {customer_name}, about {reference} ({amount}) {unknown}",
    )
    text = canned_reply_render(reply=reply, ticket=ticket, author=agent)
    assert text == (
        f"Dear {{reference}} {{0.__class__}}, about {ticket.reference} "
        "(100.00 CNY) {unknown}"
    )


def test_refund_amount_placeholder_is_the_amount_asked_back(agent):
    ticket = TicketFactory(
        kind=Ticket.Kind.MISOPERATION_REFUND, category="wrong_recipient"
    )
    reply = CannedReply(title="Amount", body="{amount}")
    assert canned_reply_render(reply=reply, ticket=ticket, author=agent) == (
        "100.00 CNY"
    )


def test_unknown_placeholders_are_rejected_when_saving_a_canned_reply():
    reply = CannedReply(title="Bad", language="en", body="Hi {password}")
    with pytest.raises(ValidationError):
        reply.full_clean()


def test_request_evidence_reply_puts_the_ticket_on_hold(agent):
    ticket = _investigating(TicketFactory(), agent)
    reply = CannedReply.objects.create(
        title="Need screenshot",
        language="en",
        body="Please send a screenshot of {reference}.",
        action=CannedReply.Action.REQUEST_EVIDENCE,
    )
    message = reply_send(ticket=ticket, author=agent, canned_reply=reply)
    assert message.body == f"Please send a screenshot of {ticket.reference}."
    hold = TicketHold.objects.get(ticket=ticket)
    assert hold.waiting_on == TicketHold.WaitingOn.CUSTOMER
    assert Notice.objects.filter(message=message, kind="progress").exists()


def test_request_evidence_on_a_ticket_not_investigating_sends_nothing(agent):
    ticket = TicketFactory()
    reply = CannedReply.objects.create(
        title="Need screenshot",
        language="en",
        body="Please send a screenshot.",
        action=CannedReply.Action.REQUEST_EVIDENCE,
    )
    with pytest.raises(WorkflowError):
        reply_send(ticket=ticket, author=agent, canned_reply=reply)
    assert not Message.objects.filter(ticket=ticket).exists()


def test_risk_control_inquiry_takes_only_unedited_approved_templates(agent):
    ticket = _inquiry("risk_control")
    free = CannedReply.objects.create(title="Free", language="en", body="Because.")
    approved = CannedReply.objects.create(
        title="Approved",
        language="en",
        kind=Ticket.Kind.CANCELLED_TX_INQUIRY,
        body="Dear {customer_name}, the payment was stopped for review.",
        is_approved_template=True,
    )
    with pytest.raises(WorkflowError, match="approved template"):
        message_add(ticket=ticket, author=agent, body="It was flagged as fraud")
    with pytest.raises(WorkflowError, match="approved template"):
        reply_send(ticket=ticket, author=agent, canned_reply=free)
    with pytest.raises(WorkflowError, match="cannot be edited"):
        message_add(
            ticket=ticket, author=agent, body="Edited text", canned_reply=approved
        )
    message = reply_send(
        ticket=ticket, author=agent, body="ignored edit", canned_reply=approved
    )
    assert message.body.startswith("Dear ")
    assert "ignored edit" not in message.body
    note = message_add(
        ticket=ticket, author=agent, body="Flagged by rule 7", is_internal=True
    )
    assert note.is_internal


def test_system_failure_inquiry_takes_free_replies(agent):
    ticket = _inquiry("system_failure")
    message = message_add(ticket=ticket, author=agent, body="A glitch, sorry.")
    assert message.body == "A glitch, sorry."


def test_starter_replies_cover_every_kind_and_category_in_both_languages(agent):
    from complaints.models import CATEGORIES_BY_KIND

    starter = CannedReply.objects.filter(is_active=True, is_approved_template=False)
    for language in ("zh-hans", "en"):
        for kind, categories in CATEGORIES_BY_KIND.items():
            replies = starter.filter(language=language, kind=kind)
            assert replies.filter(action="request_evidence").exists(), (language, kind)
            assert replies.filter(action="").count() >= len(categories), (
                language,
                kind,
            )
    refund = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    for reply in starter.filter(kind__in=["", refund.kind]):
        reply.full_clean()
        text = canned_reply_render(reply=reply, ticket=refund, author=agent)
        assert "{" not in text
        assert refund.customer.get_full_name() in text


def test_every_kind_and_category_has_its_own_starter_reply_and_macros(agent):
    from complaints.admin.case import canned_reply_list_for_ticket
    from complaints.models import CATEGORIES_BY_KIND
    from complaints.models.replies import PLACEHOLDER_RE, PLACEHOLDERS

    starter = CannedReply.objects.filter(is_active=True)
    for reply in starter:
        assert set(PLACEHOLDER_RE.findall(reply.body)) <= set(PLACEHOLDERS)
    for language in ("zh-hans", "en"):
        for kind, categories in CATEGORIES_BY_KIND.items():
            for category in categories:
                ticket = Ticket(kind=kind, category=category, language=language)
                offered = canned_reply_list_for_ticket(ticket=ticket)
                assert offered[0].category == category, (language, kind, category)
                actions = {reply.action for reply in offered}
                assert {
                    "",
                    "request_evidence",
                    "start_investigating",
                    "wait_third_party",
                } <= actions, (language, kind, category)
                others = {reply.category for reply in offered} - {"", category}
                assert not others, (language, kind, category)


def test_start_investigating_macro_moves_a_new_ticket_through_the_workflow(agent):
    ticket = TicketFactory()
    reply = CannedReply.objects.get(language="en", action="start_investigating")
    message = reply_send(ticket=ticket, author=agent, canned_reply=reply)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.INVESTIGATING
    assert ticket.reference in message.body
    moves = list(ticket.status_changes.values_list("to_status", "actor"))
    assert moves[-2:] == [("acknowledged", agent.pk), ("investigating", agent.pk)]


def test_wait_on_third_party_macro_replies_and_sets_the_hold(agent):
    ticket = _investigating(TicketFactory(), agent)
    reply = CannedReply.objects.get(
        language="en", kind="complaint", action="wait_third_party"
    )
    message = reply_send(ticket=ticket, author=agent, canned_reply=reply)
    hold = TicketHold.objects.get(ticket=ticket, ended_at__isnull=True)
    assert hold.waiting_on == TicketHold.WaitingOn.THIRD_PARTY
    assert not message.is_internal
    assert Notice.objects.filter(message=message, kind="progress").exists()


def test_refused_macro_sends_nothing_and_other_category_is_refused(agent):
    ticket = TicketFactory()  # received: no hold yet
    third_party = CannedReply.objects.get(
        language="en", kind="complaint", action="wait_third_party"
    )
    with pytest.raises(WorkflowError):
        reply_send(ticket=ticket, author=agent, canned_reply=third_party)
    assert not Message.objects.filter(ticket=ticket).exists()
    fees = CannedReply.objects.get(language="en", category="fees", action="")
    with pytest.raises(WorkflowError, match="another category"):
        reply_send(ticket=ticket, author=agent, canned_reply=fees)
    with pytest.raises(WorkflowError):
        reply_send(
            ticket=_investigating(ticket, agent),
            author=agent,
            canned_reply=third_party,
            is_internal=True,
        )
    assert not TicketHold.objects.filter(ticket=ticket).exists()


def test_the_case_page_offers_a_reply_a_supervisor_saves_at_once(
    client, agent, django_capture_on_commit_callbacks
):
    # The active replies are held per process; a save replaces them everywhere
    # once it commits, and a reply switched off goes with the next page.
    from django.urls import reverse

    ticket = TicketFactory(language="en")
    page_url = reverse("admin:complaints_ticket_change", args=[ticket.pk])
    client.force_login(agent)
    assert "Checked with the bank" not in client.get(page_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        reply = CannedReply.objects.create(
            title="Checked with the bank",
            language="en",
            body="We checked with the bank.",
        )
    assert "Checked with the bank" in client.get(page_url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        reply.is_active = False
        reply.save()
    assert "Checked with the bank" not in client.get(page_url).content.decode()
