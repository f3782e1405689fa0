"""API input coercion and output shapes; services decide what is allowed."""

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Language, User
from api.fields import UtcDateTimeField
from complaints.api.selectors import StaffTimeline
from complaints.models import (
    REMEDY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Attachment,
    CannedReply,
    Message,
    Queue,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketHold,
    TicketTransaction,
)
from complaints.selectors import CustomerActions, SlaState, sla_state
from complaints.services import (
    ComplaintInput,
    EvidenceInput,
    InquiryInput,
    RefundInput,
)
from complaints.workflow import Resolution
from config.formats.money import money_plain
from config.formats.serializer_fields import MoneyAmountField
from transactions.selectors import transaction_list_for_customer

MAX_TRANSACTIONS = 20
REFERENCE_LENGTH = 64


# Inputs ---------------------------------------------------------------------------


class TicketCreateInputSerializer(serializers.Serializer):
    """One shape for every kind; which fields apply depends on kind and category.

    Transactions are named by their ledger reference. Rules that cross tables
    (ownership, outgoing and completed for refunds, cancelled for inquiries,
    amounts) are checked by ticket_create, as for the web form.
    """

    kind = serializers.ChoiceField(choices=Ticket.Kind.choices)
    category = serializers.ChoiceField(
        choices=Ticket.Category.choices,
        help_text="Must belong to the kind: complaint categories, the refund "
        "sub-kind (wrong_recipient, wrong_amount, duplicate_payment) or "
        "cancelled_transaction.",
    )
    subject = serializers.CharField(max_length=200, allow_blank=True)
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH, allow_blank=True)
    transaction = serializers.CharField(
        max_length=REFERENCE_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Reference of the customer's transaction: required for refunds, "
        "inquiries and most complaint categories.",
    )
    transactions = serializers.ListField(
        child=serializers.CharField(max_length=REFERENCE_LENGTH),
        required=False,
        max_length=MAX_TRANSACTIONS,
        help_text="Complaints only: further transaction references.",
    )
    happened_at = UtcDateTimeField(required=False, allow_null=True)
    remedy_sought = serializers.CharField(
        max_length=REMEDY_MAX_LENGTH, required=False, allow_blank=True
    )
    amount_requested = serializers.DecimalField(
        max_digits=20, decimal_places=8, required=False, allow_null=True
    )
    intended_recipient = serializers.CharField(
        max_length=128, required=False, allow_blank=True
    )
    actual_recipient = serializers.CharField(
        max_length=128, required=False, allow_blank=True
    )
    intended_amount = serializers.DecimalField(
        max_digits=20, decimal_places=8, required=False, allow_null=True
    )
    payee_chosen_via = serializers.ChoiceField(
        choices=RefundRequest.PayeeChosenVia.choices, required=False, allow_blank=True
    )
    duplicate_of = serializers.CharField(
        max_length=REFERENCE_LENGTH, required=False, allow_blank=True
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        named = [attrs.get("transaction", ""), attrs.get("duplicate_of", "")]
        named += attrs.get("transactions", [])
        wanted = {reference for reference in named if reference}
        owned = dict(
            transaction_list_for_customer(customer=self.context["customer"])
            .filter(reference__in=wanted)
            .values_list("reference", "pk")
        )
        errors = {}
        for name in ("transaction", "duplicate_of"):
            if attrs.get(name) and attrs[name] not in owned:
                errors[name] = _("Choose one of your own transactions.")
        if any(reference not in owned for reference in attrs.get("transactions", [])):
            errors["transactions"] = _("Choose one of your own transactions.")
        if errors:
            raise serializers.ValidationError(errors)
        attrs["ids"] = owned
        return attrs

    def details(self) -> ComplaintInput | RefundInput | InquiryInput:
        """The kind's details for ticket_create, references turned into ids."""
        values = self.validated_data
        ids = values["ids"]
        picked = ids.get(values.get("transaction", ""))
        if values["kind"] == Ticket.Kind.MISOPERATION_REFUND:
            return RefundInput(
                transaction_id=picked,
                amount_requested=values.get("amount_requested"),
                intended_recipient=values.get("intended_recipient", ""),
                actual_recipient=values.get("actual_recipient", ""),
                intended_amount=values.get("intended_amount"),
                payee_chosen_via=values.get("payee_chosen_via", ""),
                duplicate_of_id=ids.get(values.get("duplicate_of", "")),
            )
        if values["kind"] == Ticket.Kind.CANCELLED_TX_INQUIRY:
            return InquiryInput(transaction_id=picked)
        chosen = [picked] if picked is not None else []
        chosen += [ids[reference] for reference in values.get("transactions", [])]
        return ComplaintInput(
            transaction_ids=tuple(dict.fromkeys(chosen)),
            happened_at=values.get("happened_at"),
            remedy_sought=values.get("remedy_sought", ""),
        )


class EvidenceInputMixin(serializers.Serializer):
    evidence = serializers.ListField(
        child=serializers.FileField(max_length=255),
        required=False,
        help_text="Files (multipart/form-data): PNG, JPEG, GIF, WebP, PDF or text.",
    )
    evidence_type = serializers.ChoiceField(
        choices=Attachment.EvidenceType.choices,
        required=False,
        default=Attachment.EvidenceType.OTHER,
    )

    def evidence_inputs(self) -> list[EvidenceInput]:
        kind = self.validated_data.get("evidence_type") or Attachment.EvidenceType.OTHER
        return [
            EvidenceInput(file=upload, evidence_type=kind)
            for upload in self.validated_data.get("evidence", [])
        ]


class MessageCreateInputSerializer(EvidenceInputMixin):
    body = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class AttachmentCreateInputSerializer(EvidenceInputMixin):
    evidence = serializers.ListField(
        child=serializers.FileField(max_length=255),
        min_length=1,
        help_text="Files (multipart/form-data): PNG, JPEG, GIF, WebP, PDF or text.",
    )


class StaffMessageCreateInputSerializer(MessageCreateInputSerializer):
    is_internal = serializers.BooleanField(default=False)
    canned_reply = serializers.PrimaryKeyRelatedField(
        queryset=CannedReply.objects.all(), required=False, allow_null=True
    )


class TicketReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TicketRateInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TicketTransitionInputSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=Ticket.Status.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=Ticket.Outcome.choices,
        required=False,
        allow_blank=True,
        help_text="Required to resolve.",
    )
    summary = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    amount = serializers.DecimalField(
        max_digits=20, decimal_places=8, required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=12, required=False, allow_blank=True)
    root_cause = serializers.ChoiceField(
        choices=Ticket.RootCause.choices, required=False, allow_blank=True
    )

    def resolution(self) -> Resolution | None:
        values = self.validated_data
        if not values.get("outcome"):
            return None
        return Resolution(
            outcome=values["outcome"],
            summary=values.get("summary", ""),
            amount=values.get("amount"),
            currency=values.get("currency", ""),
            root_cause=values.get("root_cause", ""),
        )


class TicketAssignInputSerializer(serializers.Serializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        allow_null=True,
        help_text="User id of an active agent or supervisor; null unassigns.",
    )


class TicketTriageInputSerializer(serializers.Serializer):
    """Only the fields sent change; the others stay as they are."""

    priority = serializers.ChoiceField(choices=Ticket.Priority.choices, required=False)
    queue = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Queue.objects.all(),
        allow_null=True,
        required=False,
        help_text="The queue's slug; null takes the ticket out of every queue. "
        "A queue with its own SLA profile re-plans the open ticket's deadlines.",
    )
    root_cause = serializers.ChoiceField(
        choices=Ticket.RootCause.choices, required=False, allow_blank=True
    )

    def changes(self) -> dict[str, Any]:
        return {
            name: self.validated_data[name]
            for name in ("priority", "queue", "root_cause")
            if name in self.validated_data
        }


# Outputs --------------------------------------------------------------------------


class TransactionSnapshotSerializer(serializers.Serializer):
    """A linked transaction as it was when the ticket was filed."""

    reference = serializers.CharField()
    type = serializers.CharField()
    amount = serializers.CharField()
    currency = serializers.CharField()
    network = serializers.CharField(required=False)
    fee = serializers.CharField(required=False)
    status = serializers.CharField()
    cancel_source = serializers.CharField(required=False)
    cancel_reason = serializers.CharField(required=False)
    counterparty_name = serializers.CharField(required=False)
    counterparty_account = serializers.CharField(required=False)
    chain_hash = serializers.CharField(required=False)
    occurred_at = serializers.CharField()
    completed_at = serializers.CharField(required=False)
    cancelled_at = serializers.CharField(required=False)


def _snapshots(links: Sequence[TicketTransaction]) -> list[dict[str, str]]:
    """The records as filed, amounts with their currency's decimals."""
    snapshots = []
    for link in links:
        snapshot = dict(link.snapshot)
        for name in ("amount", "fee"):
            if snapshot.get(name):
                snapshot[name] = money_plain(snapshot[name], snapshot.get("currency"))
        snapshots.append(snapshot)
    return snapshots


class AttachmentOutputSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    evidence_type = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = UtcDateTimeField()
    state = serializers.ChoiceField(
        choices=Attachment.State.choices,
        read_only=True,
        help_text="Images are processing until re-encoded, then ready or rejected.",
    )
    rejected_reason = serializers.SerializerMethodField(
        help_text="Why a rejected file was refused, in the request's language."
    )
    url = serializers.SerializerMethodField(
        help_text="Download link for a signed-in browser session; null until ready."
    )

    def get_rejected_reason(self, attachment: Attachment) -> str:
        return attachment.get_rejected_reason_display()

    def get_url(self, attachment: Attachment) -> str | None:
        if not attachment.is_ready:
            return None
        return reverse(
            "complaints:attachment_download",
            args=[self.context["reference"], attachment.token],
        )


class TicketDetailsSerializer(serializers.Serializer):
    """Kind-specific facts; only the kind's own keys are present."""

    happened_at = UtcDateTimeField(required=False, allow_null=True)
    remedy_sought = serializers.CharField(required=False)
    transaction = serializers.CharField(required=False)
    amount_requested = MoneyAmountField(required=False)
    currency = serializers.CharField(required=False)
    intended_recipient = serializers.CharField(required=False)
    actual_recipient = serializers.CharField(required=False)
    intended_amount = MoneyAmountField(required=False, allow_null=True)
    payee_chosen_via = serializers.CharField(required=False)
    duplicate_of = serializers.CharField(required=False, allow_null=True)
    cancel_source = serializers.CharField(required=False)
    funds_location = serializers.CharField(required=False)
    return_due_by = serializers.DateField(required=False, allow_null=True)


def ticket_details(ticket: Ticket) -> dict[str, Any]:
    """The kind's detail row as a dict; the selector loaded it with the ticket."""
    if ticket.kind == Ticket.Kind.MISOPERATION_REFUND:
        refund = ticket.refund_request
        return {
            "transaction": refund.transaction.reference,
            "amount_requested": refund.amount_requested,
            "currency": refund.currency,
            "intended_recipient": refund.intended_recipient,
            "actual_recipient": refund.actual_recipient,
            "intended_amount": refund.intended_amount,
            "payee_chosen_via": refund.payee_chosen_via,
            "duplicate_of": refund.duplicate_of.reference
            if refund.duplicate_of
            else None,
        }
    if ticket.kind == Ticket.Kind.CANCELLED_TX_INQUIRY:
        inquiry = ticket.cancellation_inquiry
        return {
            "transaction": inquiry.transaction.reference,
            "cancel_source": inquiry.cancel_source,
            "funds_location": inquiry.funds_location,
            "return_due_by": inquiry.return_due_by,
        }
    detail = getattr(ticket, "complaint_detail", None)
    return {
        "happened_at": detail.happened_at if detail else None,
        "remedy_sought": detail.remedy_sought if detail else "",
    }


OUTCOME_AMOUNT_HELP = (
    "The refund or compensation approved when the ticket was resolved, in "
    "outcome_currency. An approval, not a confirmation that it was paid."
)


class TicketSummarySerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=Ticket.Kind.choices)
    category = serializers.ChoiceField(choices=Ticket.Category.choices)
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=Ticket.Status.choices)
    received_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()


class TicketListOutputSerializer(TicketSummarySerializer):
    last_activity_at = UtcDateTimeField(
        help_text="The later of the last change and the last public reply."
    )


class TimelineEventOutputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["status_change", "message"])
    at = UtcDateTimeField()
    from_status = serializers.CharField(required=False, allow_blank=True)
    to_status = serializers.CharField(required=False)
    note = serializers.CharField(
        required=False, help_text="The customer's own reason for reopening."
    )
    author = serializers.ChoiceField(choices=["customer", "staff"], required=False)
    body = serializers.CharField(required=False, allow_blank=True)
    attachments = AttachmentOutputSerializer(many=True, required=False)


class CustomerActionsSerializer(serializers.Serializer):
    can_reply = serializers.BooleanField()
    can_reopen = serializers.BooleanField()
    can_rate = serializers.BooleanField()
    reopen_until = UtcDateTimeField(allow_null=True)


class CustomerHoldSerializer(serializers.Serializer):
    """The hold a customer sees: whom the ticket waits on, what is asked, since when."""

    waiting_on = serializers.ChoiceField(choices=TicketHold.WaitingOn.choices)
    request = serializers.CharField(
        allow_blank=True, help_text="What we need from you (empty for a third party)."
    )
    since = UtcDateTimeField()


class TicketDetailOutputSerializer(TicketSummarySerializer):
    """One ticket as its customer sees it: never internal notes, files or holds."""

    description = serializers.CharField()
    channel = serializers.CharField()
    language = serializers.CharField()
    acknowledged_at = UtcDateTimeField(allow_null=True)
    resolve_by = UtcDateTimeField(allow_null=True)
    resolved_at = UtcDateTimeField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    outcome_amount = MoneyAmountField(
        currency_field="outcome_currency",
        allow_null=True,
        help_text=OUTCOME_AMOUNT_HELP,
    )
    outcome_currency = serializers.CharField(allow_blank=True)
    resolution_summary = serializers.CharField(allow_blank=True)
    rating = serializers.IntegerField(allow_null=True)
    rating_comment = serializers.CharField(allow_blank=True)
    details = serializers.SerializerMethodField()
    transactions = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    hold = serializers.SerializerMethodField(
        help_text="Whom the ticket waits on now, if anyone: you (with what we need) "
        "or a third party."
    )
    actions = serializers.SerializerMethodField()

    @extend_schema_field(CustomerHoldSerializer(allow_null=True))
    def get_hold(self, ticket: Ticket) -> dict[str, Any] | None:
        hold = self.context["timeline"]["hold"]
        if hold is None:
            return None
        return CustomerHoldSerializer(
            {
                "waiting_on": hold.waiting_on,
                "request": hold.request.body if hold.request_id else "",
                "since": hold.started_at,
            }
        ).data

    @extend_schema_field(TicketDetailsSerializer)
    def get_details(self, ticket: Ticket) -> dict[str, Any]:
        return TicketDetailsSerializer(ticket_details(ticket)).data

    @extend_schema_field(TransactionSnapshotSerializer(many=True))
    def get_transactions(self, ticket: Ticket) -> list[dict[str, str]]:
        return _snapshots(self.context["timeline"]["links"])

    @extend_schema_field(AttachmentOutputSerializer(many=True))
    def get_files(self, ticket: Ticket) -> list[dict[str, Any]]:
        return AttachmentOutputSerializer(
            self.context["timeline"]["files"], many=True, context=self.context
        ).data

    @extend_schema_field(TimelineEventOutputSerializer(many=True))
    def get_timeline(self, ticket: Ticket) -> list[dict[str, Any]]:
        events = []
        for event in self.context["timeline"]["events"]:
            if event.hold is not None:
                continue  # the current hold is the "hold" field
            if event.change is not None:
                change = event.change
                item = {
                    "type": "status_change",
                    "at": change.created_at,
                    "from_status": change.from_status,
                    "to_status": change.to_status,
                }
                if event.note:
                    item["note"] = event.note
            else:
                message = event.message
                item = {
                    "type": "message",
                    "at": message.created_at,
                    "author": "customer"
                    if message.author_id == ticket.customer_id
                    else "staff",
                    "body": message.body,
                    "attachments": list(message.attachments.all()),
                }
            events.append(item)
        return TimelineEventOutputSerializer(
            events, many=True, context=self.context
        ).data

    @extend_schema_field(CustomerActionsSerializer)
    def get_actions(self, ticket: Ticket) -> dict[str, Any]:
        actions: CustomerActions = self.context["actions"]
        return CustomerActionsSerializer(actions).data


class MessageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.SerializerMethodField()
    body = serializers.CharField(allow_blank=True)
    created_at = UtcDateTimeField()
    attachments = AttachmentOutputSerializer(many=True)

    @extend_schema_field(serializers.ChoiceField(choices=["customer", "staff"]))
    def get_author(self, message: Message) -> str:
        return (
            "customer" if message.author_id == message.ticket.customer_id else "staff"
        )


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class StaffTicketListOutputSerializer(TicketSummarySerializer):
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices)
    channel = serializers.ChoiceField(choices=Ticket.Channel.choices)
    queue = serializers.CharField(
        source="queue.slug", allow_null=True, help_text="The queue's slug."
    )
    assignee = PersonSerializer(allow_null=True)
    customer = PersonSerializer()
    resolve_by = UtcDateTimeField(allow_null=True)
    resolved_at = UtcDateTimeField(allow_null=True)
    sla_state = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=SlaState.CHOICES))
    def get_sla_state(self, ticket: Ticket) -> str:
        return sla_state(ticket=ticket, now=self.context.get("now"))


class StaffMessageOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = PersonSerializer()
    is_internal = serializers.BooleanField()
    body = serializers.CharField(allow_blank=True)
    created_at = UtcDateTimeField()
    attachments = AttachmentOutputSerializer(many=True)


class StatusChangeOutputSerializer(serializers.Serializer):
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    actor = PersonSerializer(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    created_at = UtcDateTimeField()


class HoldOutputSerializer(serializers.Serializer):
    waiting_on = serializers.ChoiceField(choices=TicketHold.WaitingOn.choices)
    request = serializers.SerializerMethodField(
        help_text="What the customer was asked (their hold's public request)."
    )
    note = serializers.CharField(allow_blank=True)
    started_at = UtcDateTimeField()
    ended_at = UtcDateTimeField(allow_null=True)

    def get_request(self, hold: TicketHold) -> str:
        return hold.request.body if hold.request_id else ""


class HoldInputSerializer(serializers.Serializer):
    waiting_on = serializers.ChoiceField(choices=TicketHold.WaitingOn.choices)
    request = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        help_text="Required when waiting on the customer: posted to them as a reply.",
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class StaffTicketDetailOutputSerializer(StaffTicketListOutputSerializer):
    description = serializers.CharField()
    language = serializers.CharField()
    acknowledged_at = UtcDateTimeField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    outcome_amount = MoneyAmountField(
        currency_field="outcome_currency",
        allow_null=True,
        help_text=OUTCOME_AMOUNT_HELP,
    )
    outcome_currency = serializers.CharField(allow_blank=True)
    resolution_summary = serializers.CharField(allow_blank=True)
    root_cause = serializers.CharField(allow_blank=True)
    rating = serializers.IntegerField(allow_null=True)
    rating_comment = serializers.CharField(allow_blank=True)
    details = serializers.SerializerMethodField()
    transactions = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    status_changes = serializers.SerializerMethodField()
    holds = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()
    can_hold = serializers.SerializerMethodField(
        help_text="Whether you may put the ticket on hold now (the workflow's guard)."
    )

    def _timeline(self) -> StaffTimeline:
        return self.context["timeline"]

    @extend_schema_field(TicketDetailsSerializer)
    def get_details(self, ticket: Ticket) -> dict[str, Any]:
        return TicketDetailsSerializer(ticket_details(ticket)).data

    @extend_schema_field(TransactionSnapshotSerializer(many=True))
    def get_transactions(self, ticket: Ticket) -> list[dict[str, str]]:
        return _snapshots(self._timeline().links)

    @extend_schema_field(AttachmentOutputSerializer(many=True))
    def get_files(self, ticket: Ticket) -> list[dict[str, Any]]:
        return AttachmentOutputSerializer(
            self._timeline().files, many=True, context=self.context
        ).data

    @extend_schema_field(StaffMessageOutputSerializer(many=True))
    def get_messages(self, ticket: Ticket) -> list[dict[str, Any]]:
        return StaffMessageOutputSerializer(
            self._timeline().messages, many=True, context=self.context
        ).data

    @extend_schema_field(StatusChangeOutputSerializer(many=True))
    def get_status_changes(self, ticket: Ticket) -> list[dict[str, Any]]:
        changes: list[StatusChange] = self._timeline().changes
        return StatusChangeOutputSerializer(changes, many=True).data

    @extend_schema_field(HoldOutputSerializer(many=True))
    def get_holds(self, ticket: Ticket) -> list[dict[str, Any]]:
        return HoldOutputSerializer(self._timeline().holds, many=True).data

    @extend_schema_field(
        serializers.ListField(
            child=serializers.ChoiceField(choices=Ticket.Status.choices)
        )
    )
    def get_allowed_moves(self, ticket: Ticket) -> list[str]:
        return [str(status) for status in self.context["allowed_moves"]]

    @extend_schema_field(serializers.BooleanField())
    def get_can_hold(self, ticket: Ticket) -> bool:
        return self.context["can_hold"]


class TicketAssignOutputSerializer(serializers.Serializer):
    reference = serializers.CharField()
    assignee = PersonSerializer(allow_null=True)


class TicketTriageOutputSerializer(serializers.Serializer):
    """The triage fields after the change, with the deadline they lead to.

    Not the whole ticket: an agent who moves a ticket out of their queues no
    longer sees it.
    """

    reference = serializers.CharField()
    priority = serializers.ChoiceField(choices=Ticket.Priority.choices)
    queue = serializers.CharField(
        source="queue.slug", allow_null=True, help_text="The queue's slug."
    )
    root_cause = serializers.CharField(allow_blank=True)
    resolve_by = serializers.DateTimeField(allow_null=True)


class SystemTicketOutputSerializer(serializers.Serializer):
    """What the wallet core reads of a ticket: its state, never the conversation."""

    reference = serializers.CharField()
    kind = serializers.ChoiceField(choices=Ticket.Kind.choices)
    category = serializers.ChoiceField(choices=Ticket.Category.choices)
    status = serializers.ChoiceField(choices=Ticket.Status.choices)
    customer = serializers.CharField(
        source="customer.username", help_text="The customer's username."
    )
    received_at = UtcDateTimeField()
    acknowledged_at = UtcDateTimeField(allow_null=True)
    resolve_by = UtcDateTimeField(allow_null=True)
    resolved_at = UtcDateTimeField(allow_null=True)
    outcome = serializers.CharField(allow_blank=True)
    outcome_amount = MoneyAmountField(
        currency_field="outcome_currency",
        allow_null=True,
        help_text=OUTCOME_AMOUNT_HELP,
    )
    outcome_currency = serializers.CharField(allow_blank=True)
    transactions = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_transactions(self, ticket: Ticket) -> list[str]:
        return [
            link.snapshot.get("reference", "")
            for link in ticket.transaction_links.all()
        ]


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenCreateInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
