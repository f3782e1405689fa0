"""Ticket services against the database: filing, conversation, rating, assignment."""

import io
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import User
from complaints import workflow
from complaints.errors import DuplicateTicketError, WorkflowError
from complaints.models import (
    CATEGORIES_BY_KIND,
    Attachment,
    CancellationInquiry,
    ComplaintDetail,
    Message,
    Notice,
    RefundRequest,
    StatusChange,
    Ticket,
    TicketHold,
    TicketSequence,
    TicketTransaction,
)
from complaints.models.tickets import CATEGORIES_WITHOUT_TRANSACTION
from complaints.services import (
    ComplaintInput,
    EvidenceInput,
    InquiryInput,
    RefundInput,
    message_add,
    ticket_assign,
    ticket_create,
    ticket_rate,
)
from tests.concurrency import run_at_once
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    SupervisorFactory,
    TicketFactory,
    TransactionFactory,
)
from tests.tickets import ticket_resolve
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

# What a hold on the customer asks of them (workflow.ticket_hold needs it).
ASK = "Please send the bank receipt."

Kind = Ticket.Kind
Category = Ticket.Category


def _png(name: str = "screenshot.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _file(customer: User, **overrides: object) -> Ticket:
    """File a complaint about a failed transfer unless overridden."""
    arguments: dict[str, object] = {
        "customer": customer,
        "kind": Kind.COMPLAINT,
        "category": Category.TRANSFER_FAILED,
        "subject": "My transfer failed",
        "description": "The money left and never arrived.",
    }
    arguments.update(overrides)
    if "details" not in arguments:
        record = TransactionFactory(owner=customer, status=Transaction.Status.FAILED)
        arguments["details"] = ComplaintInput(transaction_ids=(record.pk,))
    return ticket_create(**arguments)  # type: ignore[arg-type]


def _refund(customer: User, record: Transaction, **details: object) -> Ticket:
    category = details.pop("category", Category.WRONG_RECIPIENT)
    fields: dict[str, object] = {
        "transaction_id": record.pk,
        "amount_requested": record.amount,
        "intended_recipient": "Li Na",
    }
    fields.update(details)
    return _file(
        customer,
        kind=Kind.MISOPERATION_REFUND,
        category=category,
        details=RefundInput(**fields),  # type: ignore[arg-type]
    )


def _nothing_filed() -> bool:
    return not (
        Ticket.objects.exists()
        or Notice.objects.exists()
        or StatusChange.objects.exists()
        or Attachment.objects.exists()
        or TicketTransaction.objects.exists()
    )


# Filing: each kind


def test_complaint_is_filed_with_details_snapshot_and_first_move(
    customer: User,
) -> None:
    record = TransactionFactory(owner=customer, status=Transaction.Status.FAILED)
    happened = timezone.now() - timedelta(hours=3)

    ticket = _file(
        customer,
        details=ComplaintInput(
            transaction_ids=(record.pk,),
            happened_at=happened,
            remedy_sought=" Return the money ",
        ),
    )

    assert ticket.status == Ticket.Status.RECEIVED
    detail = ComplaintDetail.objects.get(ticket=ticket)
    assert (detail.happened_at, detail.remedy_sought) == (happened, "Return the money")
    link = TicketTransaction.objects.get(ticket=ticket)
    assert link.transaction == record
    record.refresh_from_db()
    assert link.snapshot == record.snapshot()
    change = StatusChange.objects.get(ticket=ticket)
    assert (change.from_status, change.to_status, change.actor) == (
        "",
        Ticket.Status.RECEIVED,
        customer,
    )


def test_refund_request_is_filed_with_its_details(customer: User) -> None:
    record = TransactionFactory(owner=customer, amount=Decimal("250.00"))
    original = TransactionFactory(owner=customer, amount=Decimal("250.00"))

    ticket = _file(
        customer,
        kind=Kind.MISOPERATION_REFUND,
        category=Category.DUPLICATE_PAYMENT,
        details=RefundInput(
            transaction_id=record.pk,
            amount_requested=Decimal("250.00"),
            payee_chosen_via=RefundRequest.PayeeChosenVia.QR_CODE,
            duplicate_of_id=original.pk,
        ),
    )

    request = RefundRequest.objects.get(ticket=ticket)
    assert request.transaction == record
    assert request.amount_requested == Decimal("250.00")
    assert request.currency == record.currency
    assert request.duplicate_of == original
    assert request.payee_chosen_via == RefundRequest.PayeeChosenVia.QR_CODE
    assert request.actual_recipient == record.counterparty_name
    record.refresh_from_db()
    assert TicketTransaction.objects.get(ticket=ticket).snapshot == record.snapshot()


def test_inquiry_is_filed_and_copies_who_cancelled(customer: User) -> None:
    record = TransactionFactory(
        owner=customer,
        cancelled=True,
        cancel_source=Transaction.CancelSource.RISK_CONTROL,
    )

    ticket = _file(
        customer,
        kind=Kind.CANCELLED_TX_INQUIRY,
        category=Category.CANCELLED_TRANSACTION,
        details=InquiryInput(transaction_id=record.pk),
    )

    inquiry = CancellationInquiry.objects.get(ticket=ticket)
    assert inquiry.transaction == record
    assert inquiry.cancel_source == Transaction.CancelSource.RISK_CONTROL
    assert inquiry.needs_approved_templates
    assert (
        TicketTransaction.objects.get(ticket=ticket).snapshot["status"] == "cancelled"
    )


def test_snapshot_keeps_the_record_as_filed(customer: User) -> None:
    ticket = TicketFactory(customer=customer)
    link = TicketTransaction.objects.get(ticket=ticket)
    Transaction.objects.filter(pk=link.transaction_id).update(
        status=Transaction.Status.COMPLETED, amount=Decimal("1")
    )

    link.refresh_from_db()
    assert link.snapshot["status"] == Transaction.Status.FAILED
    assert Decimal(link.snapshot["amount"]) == Decimal("100")


def test_reference_has_year_and_increasing_number(customer: User) -> None:
    first = TicketFactory(customer=customer)
    second = TicketFactory(customer=customer)

    year = timezone.localtime(first.received_at).year
    pattern = re.compile(rf"WD-{year}-(\d{{6}})")
    first_number = int(pattern.fullmatch(first.reference).group(1))
    second_number = int(pattern.fullmatch(second.reference).group(1))
    assert second_number == first_number + 1


def test_reference_year_follows_first_contact(customer: User) -> None:
    received = timezone.now() - timedelta(days=400)

    ticket = TicketFactory(
        customer=customer, channel=Ticket.Channel.PHONE, received_at=received
    )

    assert ticket.reference.startswith(f"WD-{timezone.localtime(received).year}-")
    assert ticket.received_at == received


def test_filing_queues_one_acknowledgement_in_the_tickets_language(
    customer: User,
) -> None:
    ticket = TicketFactory(customer=customer, language="zh-hans")

    notice = Notice.objects.get(ticket=ticket)
    assert notice.kind == Notice.Kind.ACKNOWLEDGEMENT
    assert notice.recipient == customer
    assert notice.language == "zh-hans"
    assert notice.sent_at is None


def test_unknown_language_falls_back_to_the_customers(customer: User) -> None:
    ticket = TicketFactory(customer=customer, language="fr")

    assert ticket.language == customer.preferred_language


def test_filing_sends_acknowledgement_and_acknowledges(
    django_capture_on_commit_callbacks: object, mailoutbox: list
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        ticket = TicketFactory()

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ACKNOWLEDGED
    assert (
        StatusChange.objects.get(ticket=ticket, to_status="acknowledged").actor is None
    )
    assert [mail.to for mail in mailoutbox] == [[ticket.customer.email]]
    assert ticket.reference in mailoutbox[0].subject
    assert Notice.objects.get(ticket=ticket).sent_at is not None


def test_filed_ticket_has_a_deadline_after_first_contact(customer: User) -> None:
    ticket = TicketFactory(customer=customer)

    fresh = Ticket.objects.get(pk=ticket.pk)
    assert fresh.resolve_by is not None
    assert fresh.resolve_by > fresh.received_at


def test_future_received_at_is_refused(customer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        _file(customer, received_at=timezone.now() + timedelta(days=1))

    assert "received_at" in refused.value.message_dict
    assert not Ticket.objects.exists()


# Filing: refund rules


def test_refund_cannot_name_another_customers_transaction(customer: User) -> None:
    someone_elses = TransactionFactory(reference="TX-SECRET-1")

    with pytest.raises(ValidationError) as refused:
        _refund(customer, someone_elses)

    with pytest.raises(ValidationError) as missing:
        _refund(customer, TransactionFactory.build(pk=someone_elses.pk + 1000))

    # Another customer's record and a missing one get the same answer.
    assert refused.value.message_dict == missing.value.message_dict
    assert "TX-SECRET-1" not in str(refused.value)
    assert "100" not in str(refused.value)
    assert not Ticket.objects.exists()


def test_refund_cannot_ask_back_more_than_the_transaction(customer: User) -> None:
    record = TransactionFactory(owner=customer, amount=Decimal("80.00"))

    with pytest.raises(ValidationError) as refused:
        _refund(customer, record, amount_requested=Decimal("80.01"))

    assert "80" in refused.value.message_dict["amount_requested"][0]
    assert not Ticket.objects.exists()


def test_refund_may_ask_back_the_whole_amount(customer: User) -> None:
    record = TransactionFactory(owner=customer, amount=Decimal("80.00"))

    ticket = _refund(customer, record, amount_requested=Decimal("80.00"))

    assert ticket.refund_request.amount_requested == Decimal("80.00")


@pytest.mark.parametrize(
    "amount", [Decimal("0"), Decimal("-5"), None, Decimal("1.123456789")]
)
def test_refund_needs_a_positive_valid_amount(
    customer: User, amount: Decimal | None
) -> None:
    record = TransactionFactory(owner=customer)

    with pytest.raises(ValidationError) as refused:
        _refund(customer, record, amount_requested=amount)

    assert "amount_requested" in refused.value.message_dict


@pytest.mark.parametrize(
    "record_fields",
    [
        {"type": Transaction.Type.TRANSFER_IN},
        {"type": Transaction.Type.TOP_UP},
        {"status": Transaction.Status.PENDING},
        {"status": Transaction.Status.FAILED},
        {"cancelled": True},
    ],
    ids=["incoming", "top-up", "pending", "failed", "cancelled"],
)
def test_refund_needs_an_outgoing_completed_transaction(
    customer: User, record_fields: dict[str, object]
) -> None:
    record = TransactionFactory(owner=customer, **record_fields)

    with pytest.raises(ValidationError) as refused:
        _refund(customer, record)

    assert "transaction" in refused.value.message_dict
    assert _nothing_filed()


def test_refund_needs_a_transaction(customer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        _file(
            customer,
            kind=Kind.MISOPERATION_REFUND,
            category=Category.WRONG_RECIPIENT,
            details=RefundInput(transaction_id=None, amount_requested=Decimal("1")),
        )

    assert "transaction" in refused.value.message_dict


def test_wrong_amount_refund_needs_a_smaller_intended_amount(customer: User) -> None:
    record = TransactionFactory(owner=customer, amount=Decimal("100"))

    with pytest.raises(ValidationError) as refused:
        _refund(
            customer,
            record,
            category=Category.WRONG_AMOUNT,
            amount_requested=Decimal("90"),
            intended_amount=Decimal("100"),
        )

    assert "intended_amount" in refused.value.message_dict


def test_duplicate_payment_refund_needs_own_original(customer: User) -> None:
    record = TransactionFactory(owner=customer)

    for duplicate_of_id in (None, record.pk, TransactionFactory().pk):
        with pytest.raises(ValidationError) as refused:
            _refund(
                customer,
                record,
                category=Category.DUPLICATE_PAYMENT,
                duplicate_of_id=duplicate_of_id,
            )
        assert "duplicate_of" in refused.value.message_dict


def test_refund_with_overlong_recipient_is_refused(customer: User) -> None:
    record = TransactionFactory(owner=customer)

    with pytest.raises(ValidationError) as refused:
        _refund(customer, record, intended_recipient="x" * 129)

    assert "intended_recipient" in refused.value.message_dict


# Filing: inquiry and complaint rules


@pytest.mark.parametrize(
    "status",
    [
        Transaction.Status.COMPLETED,
        Transaction.Status.FAILED,
        Transaction.Status.PENDING,
    ],
)
def test_inquiry_needs_a_cancelled_transaction(customer: User, status: str) -> None:
    record = TransactionFactory(owner=customer, status=status)

    with pytest.raises(ValidationError) as refused:
        _file(
            customer,
            kind=Kind.CANCELLED_TX_INQUIRY,
            category=Category.CANCELLED_TRANSACTION,
            details=InquiryInput(transaction_id=record.pk),
        )

    assert "transaction" in refused.value.message_dict
    assert _nothing_filed()


def test_inquiry_cannot_name_another_customers_transaction(customer: User) -> None:
    record = TransactionFactory(cancelled=True)

    with pytest.raises(ValidationError) as refused:
        _file(
            customer,
            kind=Kind.CANCELLED_TX_INQUIRY,
            category=Category.CANCELLED_TRANSACTION,
            details=InquiryInput(transaction_id=record.pk),
        )

    assert refused.value.message_dict["transaction"] == [
        "Choose one of your own transactions."
    ]


@pytest.mark.parametrize("category", sorted(CATEGORIES_WITHOUT_TRANSACTION))
def test_complaint_without_transaction_allowed_for_some_categories(
    customer: User, category: str
) -> None:
    ticket = _file(customer, category=category, details=ComplaintInput())

    assert not TicketTransaction.objects.filter(ticket=ticket).exists()


@pytest.mark.parametrize(
    "category",
    sorted(CATEGORIES_BY_KIND[Kind.COMPLAINT] - CATEGORIES_WITHOUT_TRANSACTION),
)
def test_complaint_needs_a_transaction_for_other_categories(
    customer: User, category: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _file(customer, category=category, details=ComplaintInput())

    assert "transaction" in refused.value.message_dict
    assert _nothing_filed()


def test_complaint_categories_without_transaction_are_the_documented_ones() -> None:
    assert {
        Category.ACCOUNT_ACCESS,
        Category.SERVICE_QUALITY,
        Category.OTHER,
        Category.BALANCE_WRONG,
    } == CATEGORIES_WITHOUT_TRANSACTION


def test_complaint_cannot_link_another_customers_transaction(customer: User) -> None:
    own = TransactionFactory(owner=customer)
    other = TransactionFactory()

    with pytest.raises(ValidationError):
        _file(customer, details=ComplaintInput(transaction_ids=(own.pk, other.pk)))

    assert _nothing_filed()


def test_complaint_links_several_transactions(customer: User) -> None:
    records = TransactionFactory.create_batch(2, owner=customer)

    ticket = _file(
        customer, details=ComplaintInput(transaction_ids=tuple(r.pk for r in records))
    )

    assert set(ticket.transaction_links.values_list("transaction", flat=True)) == {
        r.pk for r in records
    }


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        (Kind.COMPLAINT, Category.WRONG_RECIPIENT),
        (Kind.COMPLAINT, Category.CANCELLED_TRANSACTION),
        (Kind.MISOPERATION_REFUND, Category.TRANSFER_FAILED),
        (Kind.CANCELLED_TX_INQUIRY, Category.OTHER),
    ],
)
def test_category_must_belong_to_the_kind(
    customer: User, kind: str, category: str
) -> None:
    details = {
        Kind.COMPLAINT: ComplaintInput(),
        Kind.MISOPERATION_REFUND: RefundInput(
            transaction_id=TransactionFactory(owner=customer).pk,
            amount_requested=Decimal("1"),
        ),
        Kind.CANCELLED_TX_INQUIRY: InquiryInput(
            transaction_id=TransactionFactory(owner=customer, cancelled=True).pk
        ),
    }[kind]

    with pytest.raises(ValidationError) as refused:
        _file(customer, kind=kind, category=category, details=details)

    assert "category" in refused.value.message_dict
    assert _nothing_filed()


def test_details_must_match_the_kind(customer: User) -> None:
    with pytest.raises(ValidationError):
        _file(
            customer,
            kind=Kind.MISOPERATION_REFUND,
            category=Category.WRONG_RECIPIENT,
            details=ComplaintInput(),
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [("subject", "   "), ("subject", "x" * 201), ("description", "  ")],
)
def test_subject_and_description_are_required(
    customer: User, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _file(customer, **{field: value})

    assert field in refused.value.message_dict


@pytest.mark.parametrize(("field", "value"), [("channel", "fax"), ("priority", "asap")])
def test_unknown_channel_or_priority_is_refused(
    customer: User, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _file(customer, **{field: value})

    assert field in refused.value.message_dict


# Filing: duplicates and repeated submissions


def test_duplicate_open_ticket_points_at_the_open_one(customer: User) -> None:
    record = TransactionFactory(owner=customer)
    first = _refund(customer, record)

    with pytest.raises(DuplicateTicketError) as duplicate:
        _refund(customer, record, amount_requested=Decimal("1"))

    assert duplicate.value.ticket == first
    assert first.reference in str(duplicate.value)
    assert Ticket.objects.count() == 1


def test_new_ticket_allowed_once_the_duplicate_is_resolved(customer: User) -> None:
    record = TransactionFactory(owner=customer)
    first = _refund(customer, record)
    ticket_resolve(first)

    second = _refund(customer, record)

    assert second != first
    assert Ticket.objects.count() == 2


def test_same_transaction_with_another_kind_is_not_a_duplicate(
    customer: User,
) -> None:
    record = TransactionFactory(owner=customer)
    _refund(customer, record)

    complaint = _file(customer, details=ComplaintInput(transaction_ids=(record.pk,)))

    assert complaint.kind == Kind.COMPLAINT


def test_complaint_overlapping_an_open_one_is_a_duplicate(customer: User) -> None:
    records = TransactionFactory.create_batch(2, owner=customer)
    first = _file(customer, details=ComplaintInput(transaction_ids=(records[0].pk,)))

    with pytest.raises(DuplicateTicketError) as duplicate:
        _file(
            customer,
            details=ComplaintInput(transaction_ids=(records[1].pk, records[0].pk)),
        )

    assert duplicate.value.ticket == first


def test_repeated_client_token_returns_the_same_ticket(customer: User) -> None:
    first = _file(customer, client_token="form-123")
    again = _file(customer, client_token="form-123")

    assert again == first
    assert Ticket.objects.count() == 1
    assert Notice.objects.count() == 1


def test_repeated_overlong_client_token_returns_the_same_ticket(
    customer: User,
) -> None:
    token = "k" * 100
    first = _file(customer, client_token=token)

    assert _file(customer, client_token=token) == first
    assert Ticket.objects.count() == 1


def test_client_token_belongs_to_one_customer(customer: User) -> None:
    first = _file(customer, client_token="same-key")
    other = _file(CustomerFactory(), client_token="same-key")

    assert other != first


# Filing: nothing is left behind when it is refused


def test_refused_filing_leaves_no_ticket_notice_or_files(
    customer: User, tmp_path: Path
) -> None:
    record = TransactionFactory(owner=customer)
    evidence = [
        EvidenceInput(file=_png("good.png")),
        EvidenceInput(
            file=SimpleUploadedFile("bad.png", b"MZ\x90\x00\x03" + b"\x00" * 64)
        ),
    ]

    with pytest.raises(ValidationError) as refused:
        _file(
            customer,
            kind=Kind.MISOPERATION_REFUND,
            category=Category.WRONG_RECIPIENT,
            details=RefundInput(
                transaction_id=record.pk,
                amount_requested=record.amount,
                intended_recipient="Li Na",
            ),
            evidence=evidence,
        )

    assert "evidence" in refused.value.message_dict
    assert _nothing_filed()
    private = tmp_path / "private"
    assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))
    # No reference number was used up either.
    assert not TicketSequence.objects.filter(last_number__gt=0).exists()


def test_refused_filing_uses_no_reference_number(customer: User) -> None:
    with pytest.raises(ValidationError):
        _file(customer, details=ComplaintInput())
    ticket = _file(customer)

    assert ticket.reference.endswith("-000001")


def test_too_many_files_are_refused(customer: User, settings: object) -> None:
    settings.WALLETDESK_MAX_EVIDENCE_FILES = 2  # type: ignore[attr-defined]

    with pytest.raises(ValidationError) as refused:
        _file(customer, evidence=[EvidenceInput(file=_png()) for _ in range(3)])

    assert "evidence" in refused.value.message_dict
    assert _nothing_filed()


def test_evidence_is_stored_privately_under_a_generated_name(
    customer: User, tmp_path: Path
) -> None:
    ticket = _file(
        customer,
        evidence=[
            EvidenceInput(
                file=_png("../../etc/my passport.png"),
                evidence_type=Attachment.EvidenceType.SCREENSHOT,
            )
        ],
    )

    attachment = Attachment.objects.get(ticket=ticket)
    stored = Path(attachment.file.path)
    assert stored.is_file()
    assert stored.is_relative_to(tmp_path / "private")
    assert "passport" not in stored.name
    assert attachment.content_type == "image/png"
    assert attachment.size == stored.stat().st_size
    assert attachment.uploaded_by == customer
    assert not attachment.is_internal
    assert attachment.evidence_type == Attachment.EvidenceType.SCREENSHOT


def test_unknown_evidence_type_is_refused(customer: User) -> None:
    with pytest.raises(ValidationError):
        _file(customer, evidence=[EvidenceInput(file=_png(), evidence_type="selfie")])

    assert _nothing_filed()


# Filing: who may file


@pytest.mark.parametrize("factory", [AgentFactory, SupervisorFactory])
def test_staff_cannot_file_tickets(factory: type) -> None:
    staff = factory()

    with pytest.raises(ValidationError):
        _file(staff, details=ComplaintInput(), category=Category.OTHER)

    assert _nothing_filed()


def test_inactive_customer_cannot_file(customer: User) -> None:
    User.objects.filter(pk=customer.pk).update(is_active=False)
    customer.refresh_from_db()

    with pytest.raises(ValidationError):
        _file(customer, details=ComplaintInput(), category=Category.OTHER)

    assert _nothing_filed()


# message_add


def test_customer_replies_on_own_open_ticket(customer: User) -> None:
    ticket = TicketFactory(customer=customer)

    message = message_add(ticket=ticket, author=customer, body="  More details.  ")

    assert (message.body, message.is_internal, message.author) == (
        "More details.",
        False,
        customer,
    )
    # The customer's own reply does not notify the customer.
    assert not Notice.objects.filter(message=message).exists()


def test_customer_cannot_reply_on_someone_elses_ticket() -> None:
    ticket = TicketFactory()

    with pytest.raises(WorkflowError):
        message_add(ticket=ticket, author=CustomerFactory(), body="Hello")

    assert not Message.objects.exists()


def test_customer_cannot_reply_on_a_resolved_ticket(customer: User) -> None:
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)

    with pytest.raises(WorkflowError):
        message_add(ticket=ticket, author=customer, body="But wait")

    assert not Message.objects.exists()


def test_customer_cannot_write_internal_notes(customer: User) -> None:
    ticket = TicketFactory(customer=customer)

    with pytest.raises(WorkflowError):
        message_add(ticket=ticket, author=customer, body="secret", is_internal=True)

    assert not Message.objects.exists()


def test_staff_public_reply_queues_a_progress_notice(agent: User) -> None:
    ticket = TicketFactory()

    message = message_add(ticket=ticket, author=agent, body="We are on it.")

    notice = Notice.objects.get(message=message)
    assert notice.kind == Notice.Kind.PROGRESS
    assert notice.recipient == ticket.customer


def test_internal_note_queues_no_notice(supervisor: User) -> None:
    ticket = TicketFactory()
    notices_before = Notice.objects.count()

    message = message_add(
        ticket=ticket, author=supervisor, body="Check with the bank.", is_internal=True
    )

    assert message.is_internal
    assert Notice.objects.count() == notices_before


def test_internal_note_files_are_internal(agent: User) -> None:
    ticket = TicketFactory()

    message = message_add(
        ticket=ticket,
        author=agent,
        body="Ledger extract",
        is_internal=True,
        evidence=[EvidenceInput(file=_png())],
    )

    assert Attachment.objects.get(message=message).is_internal


def test_manager_cannot_write(manager: User) -> None:
    ticket = TicketFactory()

    with pytest.raises(WorkflowError):
        message_add(ticket=ticket, author=manager, body="Hello")
    with pytest.raises(WorkflowError):
        message_add(ticket=ticket, author=manager, body="Hello", is_internal=True)

    assert not Message.objects.exists()


def test_deactivated_agent_cannot_write(agent: User) -> None:
    ticket = TicketFactory()
    User.objects.filter(pk=agent.pk).update(is_active=False)
    agent.refresh_from_db()

    with pytest.raises(WorkflowError):
        message_add(ticket=ticket, author=agent, body="Hello")


def test_empty_message_is_refused(customer: User) -> None:
    ticket = TicketFactory(customer=customer)

    with pytest.raises(ValidationError) as refused:
        message_add(ticket=ticket, author=customer, body="   ")

    assert "body" in refused.value.message_dict


def test_message_with_only_a_file_is_accepted(customer: User) -> None:
    ticket = TicketFactory(customer=customer)

    message = message_add(
        ticket=ticket, author=customer, body="", evidence=[EvidenceInput(file=_png())]
    )

    assert Attachment.objects.get(message=message).ticket == ticket


def test_reply_with_a_bad_file_saves_nothing(agent: User) -> None:
    ticket = TicketFactory()
    notices_before = Notice.objects.count()

    with pytest.raises(ValidationError):
        message_add(
            ticket=ticket,
            author=agent,
            body="See attached",
            evidence=[EvidenceInput(file=SimpleUploadedFile("x.png", b"not a png"))],
        )

    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert Notice.objects.count() == notices_before


def test_customer_reply_with_bad_file_keeps_the_hold(agent: User) -> None:
    ticket = TicketFactory()
    workflow.ticket_transition(
        ticket=ticket, to_status=Ticket.Status.ACKNOWLEDGED, actor=agent
    )
    workflow.ticket_transition(
        ticket=ticket, to_status=Ticket.Status.INVESTIGATING, actor=agent
    )
    workflow.ticket_hold(
        ticket=ticket,
        waiting_on=TicketHold.WaitingOn.CUSTOMER,
        actor=agent,
        request=ASK,
    )

    with pytest.raises(ValidationError):
        message_add(
            ticket=ticket,
            author=ticket.customer,
            body="Here",
            evidence=[EvidenceInput(file=SimpleUploadedFile("x.txt", b""))],
        )

    assert TicketHold.objects.get(ticket=ticket).ended_at is None


# ticket_rate


def test_customer_rates_a_resolved_ticket_once(customer: User) -> None:
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)

    ticket_rate(ticket=ticket, customer=customer, rating=4, comment=" Quick. ")

    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.rating, fresh.rating_comment) == (4, "Quick.")
    assert fresh.rated_at is not None
    with pytest.raises(WorkflowError):
        ticket_rate(ticket=ticket, customer=customer, rating=1)
    assert Ticket.objects.get(pk=ticket.pk).rating == 4


def test_open_ticket_cannot_be_rated(customer: User) -> None:
    ticket = TicketFactory(customer=customer)

    with pytest.raises(WorkflowError):
        ticket_rate(ticket=ticket, customer=customer, rating=5)

    assert Ticket.objects.get(pk=ticket.pk).rating is None


def test_only_the_owner_rates(customer: User) -> None:
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)

    for someone in (CustomerFactory(), AgentFactory()):
        with pytest.raises(WorkflowError):
            ticket_rate(ticket=ticket, customer=someone, rating=5)

    assert Ticket.objects.get(pk=ticket.pk).rating is None


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_rating_must_be_one_to_five(customer: User, rating: int) -> None:
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)

    with pytest.raises(ValidationError) as refused:
        ticket_rate(ticket=ticket, customer=customer, rating=rating)

    assert "rating" in refused.value.message_dict
    assert Ticket.objects.get(pk=ticket.pk).rating is None


@pytest.mark.parametrize("rating", [1, 5])
def test_rating_bounds_are_accepted(customer: User, rating: int) -> None:
    ticket = TicketFactory(customer=customer)
    ticket_resolve(ticket)

    ticket_rate(ticket=ticket, customer=customer, rating=rating)

    assert Ticket.objects.get(pk=ticket.pk).rating == rating


# ticket_assign


def test_agent_takes_an_unassigned_ticket(agent: User) -> None:
    ticket = TicketFactory()

    ticket_assign(ticket=ticket, assignee=agent, actor=agent)

    assert Ticket.objects.get(pk=ticket.pk).assignee == agent
    assert ticket.assignee == agent


def test_agent_cannot_take_someone_elses_ticket(agent: User) -> None:
    ticket = TicketFactory()
    other = AgentFactory()
    ticket_assign(ticket=ticket, assignee=other, actor=other)

    with pytest.raises(WorkflowError):
        ticket_assign(ticket=ticket, assignee=agent, actor=agent)

    assert Ticket.objects.get(pk=ticket.pk).assignee == other


def test_agent_cannot_assign_to_another_agent(agent: User) -> None:
    ticket = TicketFactory()

    with pytest.raises(WorkflowError):
        ticket_assign(ticket=ticket, assignee=AgentFactory(), actor=agent)

    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_supervisor_reassigns_and_unassigns(supervisor: User) -> None:
    ticket = TicketFactory()
    first, second = AgentFactory(), AgentFactory()

    ticket_assign(ticket=ticket, assignee=first, actor=supervisor)
    ticket_assign(ticket=ticket, assignee=second, actor=supervisor)
    assert Ticket.objects.get(pk=ticket.pk).assignee == second

    ticket_assign(ticket=ticket, assignee=None, actor=supervisor)
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_customer_and_manager_cannot_assign(manager: User) -> None:
    ticket = TicketFactory()

    for actor in (ticket.customer, manager):
        with pytest.raises(WorkflowError):
            ticket_assign(ticket=ticket, assignee=AgentFactory(), actor=actor)

    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_tickets_go_only_to_active_staff(supervisor: User) -> None:
    ticket = TicketFactory()
    inactive = AgentFactory()
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    inactive.refresh_from_db()

    for assignee in (CustomerFactory(), inactive):
        with pytest.raises(WorkflowError):
            ticket_assign(ticket=ticket, assignee=assignee, actor=supervisor)

    assert Ticket.objects.get(pk=ticket.pk).assignee is None


# Concurrent filing (row locks; SQLite has none)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_filings_make_one_ticket() -> None:
    customer = CustomerFactory()
    record = TransactionFactory(owner=customer)

    results = run_at_once([lambda: _refund(customer, record) for _ in range(2)])

    tickets = [result for result in results if isinstance(result, Ticket)]
    refused = [r for r in results if isinstance(r, DuplicateTicketError)]
    assert (len(tickets), len(refused)) == (1, 1)
    assert refused[0].ticket == tickets[0]
    assert Ticket.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_repeated_submission_makes_one_ticket() -> None:
    customer = CustomerFactory()

    results = run_at_once(
        [
            lambda: _file(
                customer,
                details=ComplaintInput(),
                category=Category.OTHER,
                client_token="tap-tap",
            )
            for _ in range(2)
        ]
    )

    assert all(isinstance(result, Ticket) for result in results), results
    assert results[0] == results[1]
    assert Ticket.objects.count() == 1
    assert Notice.objects.filter(kind=Notice.Kind.ACKNOWLEDGEMENT).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_get_distinct_references() -> None:
    customers = CustomerFactory.create_batch(4)

    results = run_at_once(
        [
            (
                lambda who=who: _file(
                    who, details=ComplaintInput(), category=Category.OTHER
                )
            )
            for who in customers
        ]
    )

    assert all(isinstance(result, Ticket) for result in results), results
    numbers = sorted(int(ticket.reference.rsplit("-", 1)[1]) for ticket in results)
    assert numbers == [1, 2, 3, 4]
