"""Reads for the agent workspace: the whole case of a ticket in a fixed number of queries."""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.timesince import timesince

from complaints import workflow
from complaints.models import (
    Attachment,
    CannedReply,
    Message,
    RecoveryAttempt,
    Ticket,
    TicketHold,
    TicketPresence,
    TicketTransaction,
)
from complaints.models.replies import PLACEHOLDER_RE
from complaints.services.replies import canned_reply_context
from config.config_cache import ConfigCache
from config.formats.money import money_format
from transactions.models import Transaction

if TYPE_CHECKING:
    from accounts.models import User

# Someone who sent a heartbeat this recently still has the ticket open.
PRESENCE_WINDOW = timedelta(seconds=90)
# The snapshot rows shown, labelled and valued as people read them: the
# amounts carry their currency, so it has no row of its own.
SNAPSHOT_FIELDS = (
    "reference",
    "type",
    "amount",
    "fee",
    "status",
    "cancel_source",
    "cancel_reason",
    "counterparty_name",
    "counterparty_account",
    "network",
    "chain_hash",
)
_MONEY_FIELDS = frozenset({"amount", "fee"})


def _version_token(row: tuple[object, ...]) -> str:
    return hashlib.sha256(repr(row).encode()).hexdigest()[:16]


def ticket_version(*, ticket_id: int) -> str:
    """A token that changes whenever the ticket, its conversation or holds change.

    Workspace forms carry it so a save based on a stale page is refused. One
    query; the case page makes the same token from the rows it reads anyway
    (ticket_case_for_staff).
    """
    last_message = (
        Message.objects.filter(ticket=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    )
    last_hold = TicketHold.objects.filter(ticket=OuterRef("pk")).order_by("-pk")
    row = (
        Ticket.objects.filter(pk=ticket_id)
        .annotate(
            last_message=Subquery(last_message),
            last_hold=Subquery(last_hold.values("pk")[:1]),
            last_hold_ended=Subquery(last_hold.values("ended_at")[:1]),
        )
        .values_list("updated_at", "last_message", "last_hold", "last_hold_ended")
        .first()
    )
    return _version_token(row)


def presence_others(*, ticket_id: int, user: "User") -> list[str]:
    """Names of the other staff who have this ticket open right now. One query."""
    since = timezone.now() - PRESENCE_WINDOW
    rows = (
        TicketPresence.objects.filter(ticket_id=ticket_id, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__username")
    )
    return [row.user.get_full_name() or row.user.username for row in rows]


def needs_approved_templates(ticket: Ticket) -> bool:
    """Whether public replies on this ticket must be approved templates."""
    inquiry = getattr(ticket, "cancellation_inquiry", None)
    return bool(inquiry and inquiry.needs_approved_templates)


# The active canned replies, a few dozen rows supervisors edit now and then:
# held per process like the queue routes (config.config_cache), reloaded when
# one is saved or deleted.
CANNED_REPLIES: ConfigCache[list[CannedReply]] = ConfigCache(
    "canned-replies",
    lambda: list(CannedReply.objects.filter(is_active=True)),
    watch=(CannedReply,),
)


def canned_reply_list_for_ticket(*, ticket: Ticket) -> list[CannedReply]:
    """Active canned replies for this ticket's kind and category, in its language.

    Those written for its category come first, then the kind's, then the general
    ones. From the held list, no query.
    """
    approved_only = needs_approved_templates(ticket)

    def specific(reply: CannedReply) -> int:
        if reply.category == ticket.category:
            return 0
        return 1 if reply.kind == ticket.kind else 2

    return sorted(
        (
            reply
            for reply in CANNED_REPLIES.get()
            if reply.language == ticket.language
            and reply.kind in ("", ticket.kind)
            and reply.category in ("", ticket.category)
            and (reply.is_approved_template or not approved_only)
        ),
        key=lambda reply: (specific(reply), reply.action, reply.title, reply.pk),
    )


@dataclass(frozen=True)
class LinkedTransaction:
    link: TicketTransaction
    rows: list[tuple[str, str, str, bool]]  # label, as filed, now, changed


def snapshot_value(name: str, snapshot: dict[str, str]) -> str:
    """A snapshot field as people read it: choice labels, money in the one format."""
    value = snapshot.get(name, "")
    if value in ("", None):
        return "—"
    if name in _MONEY_FIELDS:
        return money_format(value, snapshot.get("currency") or None)
    field = Transaction._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _compare(link: TicketTransaction) -> LinkedTransaction:
    current = link.transaction.snapshot()
    rows = []
    for name in SNAPSHOT_FIELDS:
        label = capfirst(Transaction._meta.get_field(name).verbose_name)
        filed = snapshot_value(name, link.snapshot)
        now = snapshot_value(name, current)
        rows.append((label, filed, now, filed != now))
    return LinkedTransaction(link=link, rows=rows)


def ticket_case_for_staff(*, ticket: Ticket, user: "User") -> dict[str, object]:
    """What the change page draws at once about a ticket, in a fixed number of queries.

    The ticket must come with customer, queue, assignee and its detail rows
    selected, and its SLA flags (TicketAdmin.get_object does that). The
    customer's other tickets and transactions and the history are
    complaints.admin.case_parts.
    """
    links = [
        _compare(link)
        for link in TicketTransaction.objects.filter(ticket=ticket)
        .select_related("transaction")
        .order_by("pk")
    ]
    attachments = list(
        Attachment.objects.filter(ticket=ticket).order_by("created_at", "pk")
    )
    by_message: dict[int | None, list[Attachment]] = {}
    for attachment in attachments:
        by_message.setdefault(attachment.message_id, []).append(attachment)
    conversation = list(
        Message.objects.filter(ticket=ticket)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for message in conversation:
        message.files = by_message.get(message.pk, [])
    holds = list(
        TicketHold.objects.filter(ticket=ticket)
        .select_related("started_by", "ended_by")
        .order_by("started_at", "pk")
    )
    open_hold = next((hold for hold in holds if hold.ended_at is None), None)
    last_hold = max(holds, key=lambda hold: hold.pk, default=None)
    now = timezone.now()
    paused = sum(
        ((hold.ended_at or now) - hold.started_at for hold in holds),
        start=timedelta(0),
    )
    refund = getattr(ticket, "refund_request", None)
    recovery = (
        list(
            RecoveryAttempt.objects.filter(refund_request=refund)
            .select_related("actor")
            .order_by("created_at", "pk")
        )
        if refund is not None
        else []
    )
    replies = canned_reply_list_for_ticket(ticket=ticket)
    context = canned_reply_context(
        ticket=ticket, author=user, links=[item.link for item in links]
    )
    rendered_replies = [
        (
            reply,
            PLACEHOLDER_RE.sub(
                lambda match: context.get(match.group(1), match.group(0)), reply.body
            ).strip(),
        )
        for reply in replies
    ]
    remaining = ticket.resolve_by - now if ticket.resolve_by else None
    return {
        "links": links,
        "ticket_files": by_message.get(None, []),
        "conversation": conversation,
        "holds": holds,
        "open_hold": open_hold,
        "paused": timesince(now - paused, now) if paused else None,
        "recovery_attempts": recovery,
        "amount_recovered": sum(
            (attempt.amount_recovered for attempt in recovery), start=Decimal(0)
        ),
        "canned_replies": rendered_replies,
        "approved_only": needs_approved_templates(ticket),
        "moves": [
            target
            for target in workflow.allowed_next(ticket, user)
            if target != Ticket.Status.RESOLVED
        ],
        "can_resolve": Ticket.Status.RESOLVED in workflow.allowed_next(ticket, user),
        "can_hold": workflow.hold_allowed(
            ticket, user, is_on_hold=open_hold is not None
        ),
        "sla": {
            "remaining": remaining,
            "breached": ticket.is_breached(now=now),
            "overdue": -remaining
            if remaining is not None and remaining.total_seconds() < 0
            else None,
        },
        # ticket_version's token, from the rows read above: the last message
        # and hold by primary key (the lists are in time order).
        "version": _version_token(
            (
                ticket.updated_at,
                max((message.pk for message in conversation), default=None),
                last_hold.pk if last_hold else None,
                last_hold.ended_at if last_hold else None,
            )
        ),
    }
