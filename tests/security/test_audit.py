"""The audit trail: every change to tickets, refunds, transactions, users and
settings is recorded with actor and time, append-only, and survives deactivation."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import User
from accounts.second_factor import totp_enrol
from audit.models import AuditEvent
from audit.recorder import MASKED, audit_context
from audit.selectors import audit_events_for
from complaints import workflow
from complaints.admin.case import ticket_version
from complaints.models import CannedReply, Queue, Ticket
from complaints.services import refund_decide
from sla.models import RegimeProfile
from tests.factories import (
    TOTP_SECRET,
    AgentFactory,
    CustomerFactory,
    TicketFactory,
    TransactionFactory,
)
from transactions.importing import ledger_import
from transactions.models import Transaction

pytestmark = pytest.mark.django_db


def _events(instance: object) -> list[AuditEvent]:
    return list(audit_events_for(instance=instance).order_by("at", "pk"))


def test_filing_a_ticket_records_who_created_it_without_its_text(customer: User):
    with audit_context(source=AuditEvent.Source.WEB, actor=customer):
        ticket = TicketFactory(customer=customer, subject="My phone 13800000000")
    (created,) = [e for e in _events(ticket) if e.action == AuditEvent.Action.CREATE]
    assert created.actor == customer
    assert created.object_repr == ticket.reference
    assert created.changes["status"] == [None, "received"]
    assert created.changes["subject"] == [None, MASKED]
    assert "13800000000" not in str(created.changes)


def test_filing_records_the_details_and_later_changes_only_what_changed(
    customer: User,
):
    with audit_context(source=AuditEvent.Source.WEB, actor=customer):
        ticket = TicketFactory(customer=customer)
    detail = ticket.complaint_detail
    (created,) = _events(detail)
    assert (created.action, created.actor, created.source) == (
        AuditEvent.Action.CREATE,
        customer,
        AuditEvent.Source.WEB,
    )
    assert created.object_id == str(ticket.pk)
    assert "happened_at" in created.changes

    # The instance ticket_create returned knows what was recorded: saving one
    # field records that field alone.
    ticket.priority = Ticket.Priority.HIGH
    ticket.save(update_fields=["priority"])
    changed = _events(ticket)[-1]
    assert changed.action == AuditEvent.Action.UPDATE
    assert changed.changes == {"priority": ["normal", "high"]}


def test_status_moves_are_recorded_with_actor_before_and_after(agent: User):
    ticket = TicketFactory()
    with audit_context(source=AuditEvent.Source.ADMIN, actor=agent):
        workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
        workflow.ticket_transition(
            ticket=ticket, to_status="investigating", actor=agent
        )
    moves = [e.changes["status"] for e in _events(ticket) if "status" in e.changes]
    assert moves[-2:] == [
        ["received", "acknowledged"],
        ["acknowledged", "investigating"],
    ]
    assert {e.actor for e in _events(ticket)[-2:]} == {agent}


def test_admin_workspace_move_is_attributed_to_the_signed_in_agent(client, agent):
    ticket = TicketFactory()
    client.force_login(agent)
    client.post(
        reverse("admin:complaints_ticket_workspace", args=[ticket.pk, "move"]),
        {
            "to_status": "acknowledged",
            "note": "",
            "version": ticket_version(ticket_id=ticket.pk),
        },
        REMOTE_ADDR="203.0.113.9",
    )
    event = _events(ticket)[-1]
    assert event.changes["status"] == ["received", "acknowledged"]
    assert (event.actor, event.source, event.remote_addr) == (
        agent,
        AuditEvent.Source.ADMIN,
        "203.0.113.9",
    )


def test_refund_decision_and_transactions_are_audited(supervisor: User):
    ticket = TicketFactory(kind=Ticket.Kind.MISOPERATION_REFUND)
    workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=None)
    workflow.ticket_transition(
        ticket=ticket, to_status="investigating", actor=supervisor
    )
    # Outside a request (a task, a command) the caller names the actor.
    with audit_context(source=AuditEvent.Source.SYSTEM, actor=supervisor):
        decision = refund_decide(ticket=ticket, actor=supervisor, approved_amount="50")
    (created,) = _events(decision)
    assert Decimal(created.changes["approved_amount"][1]) == Decimal("50")
    assert created.actor == supervisor
    record = TransactionFactory()
    record.status = Transaction.Status.REVERSED
    record.save()
    assert [e.action for e in _events(record)] == ["create", "update"]
    assert _events(record)[-1].changes == {"status": ["completed", "reversed"]}


def test_bulk_ledger_import_records_each_new_transaction():
    CustomerFactory(username="importer")
    result = ledger_import(
        rows=[
            {
                "reference": f"R000{n}",
                "owner": "importer",
                "type": "transfer_out",
                "amount": "100.00",
                "currency": "CNY",
                "status": "completed",
                "counterparty_name": "张伟",
                "occurred_at": "2026-03-01T09:00:00+08:00",
                "completed_at": "2026-03-01T09:00:05+08:00",
            }
            for n in (1, 2)
        ]
    )
    assert result.imported == 2
    for record in Transaction.objects.filter(owner__username="importer"):
        (event,) = _events(record)
        assert (
            event.changes["amount"][1] in {"100.00", "100.00000000", 100}
            or Decimal(event.changes["amount"][1]) == 100
        )
        assert event.changes["counterparty_name"] == [None, MASKED]


def test_user_role_and_group_changes_are_audited_and_password_is_masked(
    supervisor: User,
):
    user = CustomerFactory()
    with audit_context(source=AuditEvent.Source.ADMIN, actor=supervisor):
        user.set_password("a-new-secret-pw-123")
        user.is_active = False
        user.save()
    change = _events(user)[-1]
    assert change.actor == supervisor
    assert change.changes["is_active"] == [True, False]
    assert change.changes["password"] == [MASKED, MASKED]
    assert any("groups" in e.changes for e in _events(user))


def test_settings_models_are_audited(supervisor: User):
    with audit_context(source=AuditEvent.Source.ADMIN, actor=supervisor):
        queue = Queue.objects.create(name="Fraud", slug="fraud")
        queue.agents.add(AgentFactory())
        reply = CannedReply.objects.create(title="Hello", body="Dear {customer_name}")
        profile = RegimeProfile.objects.first()
        profile.retention_days = 400
        profile.save()
    assert [e.action for e in _events(queue)] == ["create", "update"]
    assert "agents" in _events(queue)[1].changes
    assert _events(reply)[0].actor == supervisor
    assert _events(profile)[-1].changes["retention_days"][1] == 400


def test_unchanged_save_writes_no_event():
    ticket = TicketFactory()
    before = AuditEvent.objects.count()
    Ticket.objects.get(pk=ticket.pk).save()
    assert AuditEvent.objects.count() == before


def test_rolled_back_write_leaves_no_event(agent: User):
    ticket = TicketFactory()
    before = AuditEvent.objects.count()

    def move_then_fail() -> None:
        with transaction.atomic():
            workflow.ticket_transition(
                ticket=ticket, to_status="acknowledged", actor=agent
            )
            raise RuntimeError

    with pytest.raises(RuntimeError):
        move_then_fail()
    assert AuditEvent.objects.count() == before


def test_audit_events_cannot_be_changed_in_the_database():
    TicketFactory()
    event = AuditEvent.objects.first()
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
    ):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="tampered")
    event.refresh_from_db()
    assert event.object_repr != "tampered"


@pytest.mark.postgres
def test_audit_events_cannot_be_deleted_on_postgresql():
    TicketFactory()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.exists()


def test_actors_with_events_cannot_be_deleted_only_deactivated(agent: User):
    ticket = TicketFactory()
    with audit_context(source=AuditEvent.Source.ADMIN, actor=agent):
        workflow.ticket_transition(ticket=ticket, to_status="acknowledged", actor=agent)
    with pytest.raises(ProtectedError):
        AuditEvent.objects.filter(actor=agent).first().actor.delete()
    agent.is_active = False
    agent.save()
    assert AuditEvent.objects.filter(actor=agent).count() == 1


def test_nobody_gets_add_change_or_delete_on_events_in_the_admin(client, supervisor):
    superuser = User.objects.create_superuser("root", "root@example.com", "pw-12345-x")
    # Admins sign in with a second factor (WALLETDESK_MFA_REQUIRED_ROLES).
    totp_enrol(user=superuser, secret=TOTP_SECRET)
    TicketFactory()
    event = AuditEvent.objects.first()
    for user in (superuser, supervisor):
        client.force_login(user)
        changelist = client.get(reverse("admin:audit_auditevent_changelist"))
        assert changelist.status_code == 200
        assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
        delete = client.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        )
        assert delete.status_code == 403
        page = client.post(
            reverse("admin:audit_auditevent_change", args=[event.pk]),
            {"object_repr": "tampered"},
        )
        assert page.status_code == 403
    assert AuditEvent.objects.filter(object_repr="tampered").count() == 0
    perms = ContentType.objects.get_for_model(AuditEvent).permission_set.values_list(
        "codename", flat=True
    )
    assert sorted(perms) == ["view_auditevent"]


def test_audit_list_pins_its_queries(client, supervisor, django_assert_num_queries):
    TicketFactory.create_batch(2)
    client.force_login(supervisor)
    url = reverse("admin:audit_auditevent_changelist")
    # user, permissions (user's and group's), the content-type filter
    # choices, the bounded count (at most a few pages), the page of events with
    # actor and content type
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["cl"].result_list) >= 2
