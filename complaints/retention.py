"""Data retention: which resolved tickets are past retention, and their redaction.

Each SLA regime profile says how long personal data is kept after a ticket is
resolved (retention_days). A ticket runs under the profile of its latest resolve
clock, else the default profile. A legal hold on the ticket or on its profile
keeps it in full. Redaction removes what identifies or describes a person (free
text, names, accounts, evidence files) and keeps the figures: kind, category,
dates, status history, outcome, amounts, currencies, root cause and rating.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from audit.models import AuditEvent
from audit.recorder import audit_record
from complaints.models import (
    Attachment,
    ComplaintDetail,
    Message,
    Notice,
    RecoveryAttempt,
    RefundDecision,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketHold,
    TicketTransaction,
)
from complaints.services.search_index import ticket_search_redact
from sla.models import ClockEvent, RegimeProfile, TicketClock

if TYPE_CHECKING:
    from accounts.models import User

REDACTED = "[redacted]"
# Snapshot keys that name or locate a person; the rest are the record's figures.
SNAPSHOT_PERSONAL_KEYS = ("counterparty_name", "counterparty_account", "cancel_reason")


def _retention_rules(now: datetime) -> Q | None:
    """One condition per profile not on legal hold: resolved before its cut-off."""
    rules: Q | None = None
    for profile in RegimeProfile.objects.filter(is_on_legal_hold=False).only(
        "pk", "retention_days", "is_default"
    ):
        cutoff = now - timedelta(days=profile.retention_days)
        rule = Q(retention_profile_id=profile.pk, resolved_at__lt=cutoff)
        if profile.is_default:
            rule |= Q(retention_profile_id__isnull=True, resolved_at__lt=cutoff)
        rules = rule if rules is None else rules | rule
    return rules


def tickets_past_retention(*, now: datetime | None = None) -> QuerySet[Ticket]:
    """Resolved, unredacted tickets whose profile's retention period has passed.

    Tickets on legal hold, or under a profile on legal hold, are never returned.
    Without a default profile, tickets that never had a clock use
    WALLETDESK_DEFAULT_RETENTION_DAYS. Two queries (the profiles, then this).
    """
    now = now or timezone.now()
    latest_profile = (
        TicketClock.objects.filter(ticket=OuterRef("pk"), kind=TicketClock.Kind.RESOLVE)
        .order_by("-cycle")
        .values("profile_id")[:1]
    )
    rules = _retention_rules(now)
    if not RegimeProfile.objects.filter(is_default=True).exists():
        fallback = now - timedelta(days=settings.WALLETDESK_DEFAULT_RETENTION_DAYS)
        rule = Q(retention_profile_id__isnull=True, resolved_at__lt=fallback)
        rules = rule if rules is None else rules | rule
    if rules is None:
        return Ticket.objects.none()
    return (
        Ticket.objects.filter(
            status=Ticket.Status.RESOLVED,
            redacted_at__isnull=True,
            is_on_legal_hold=False,
            resolved_at__isnull=False,
        )
        .annotate(retention_profile_id=Subquery(latest_profile))
        .filter(rules)
        .order_by("resolved_at", "pk")
    )


def _scrub_snapshot(snapshot: dict[str, str]) -> dict[str, str]:
    return {
        key: ("" if key in SNAPSHOT_PERSONAL_KEYS else value)
        for key, value in snapshot.items()
    }


@transaction.atomic
def ticket_redact(*, ticket: Ticket, actor: "User | None" = None) -> bool:
    """Remove the personal data of one resolved ticket, keeping its figures.

    Locks the ticket and checks again that it is resolved, not on legal hold and
    not redacted yet; returns False (and changes nothing) otherwise. Evidence
    files are deleted from storage after commit, so a rollback keeps them.
    Writes one AuditEvent (action redact) saying what was removed.
    """
    locked = Ticket.objects.select_for_update().filter(pk=ticket.pk).first()
    if (
        locked is None
        or locked.status != Ticket.Status.RESOLVED
        or locked.is_on_legal_hold
        or locked.redacted_at is not None
    ):
        return False
    now = timezone.now()
    Ticket.objects.filter(pk=locked.pk).update(
        subject=REDACTED,
        description=REDACTED,
        resolution_summary="",
        rating_comment="",
        client_token="",
        redacted_at=now,
    )
    ComplaintDetail.objects.filter(ticket=locked).update(remedy_sought="")
    RefundRequest.objects.filter(ticket=locked).update(
        intended_recipient="", actual_recipient=""
    )
    RecoveryAttempt.objects.filter(refund_request__ticket=locked).update(note="")
    RefundDecision.objects.filter(refund_request__ticket=locked).update(note="")
    messages = Message.objects.filter(ticket=locked).update(body=REDACTED)
    ticket_search_redact(ticket=locked)
    StatusChange.objects.filter(ticket=locked).update(note="")
    TicketHold.objects.filter(ticket=locked).update(note="")
    ClockEvent.objects.filter(clock__ticket=locked).update(reason="")
    Notice.objects.filter(ticket=locked).update(last_error="")
    links = list(TicketTransaction.objects.filter(ticket=locked))
    for link in links:
        link.snapshot = _scrub_snapshot(link.snapshot)
    TicketTransaction.objects.bulk_update(links, ["snapshot"])
    files = list(Attachment.objects.filter(ticket=locked).exclude(file=""))
    names = [attachment.file.name for attachment in files]
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in files]).update(
        file="", original_name=REDACTED
    )
    # Django's own admin log names a ticket by str(ticket), which holds its subject.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket),
        object_id=str(locked.pk),
    ).update(object_repr=locked.reference)
    if names:
        storage = Attachment._meta.get_field("file").storage

        def _delete_files() -> None:
            for name in names:
                storage.delete(name)

        transaction.on_commit(_delete_files)
    audit_record(
        instance=locked,
        action=AuditEvent.Action.REDACT,
        changes={
            "subject": [locked.subject, REDACTED],
            "description": [locked.description, REDACTED],
            "messages": [messages, messages],
            "files": [len(names), 0],
        },
        actor=actor,
    )
    return True


def tickets_redact_past_retention(
    *, now: datetime | None = None, limit: int | None = None
) -> int:
    """Redact every ticket past retention (up to limit), one transaction per ticket.

    Returns how many were redacted. Safe to run again: redacted tickets are
    skipped, and a ticket put on legal hold meanwhile is re-checked under its lock.
    """
    due = tickets_past_retention(now=now).values_list("pk", flat=True)
    ids = list(due[:limit] if limit else due)
    done = 0
    for ticket in Ticket.objects.filter(pk__in=ids).only("pk").order_by("pk"):
        if ticket_redact(ticket=ticket):
            done += 1
    return done
