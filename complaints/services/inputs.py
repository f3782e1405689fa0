"""What a filing or reply hands the services: evidence files and each kind's details."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from complaints.models import Attachment, Ticket

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class EvidenceInput:
    file: "UploadedFile"
    evidence_type: str = Attachment.EvidenceType.OTHER


@dataclass(frozen=True)
class ComplaintInput:
    transaction_ids: tuple[int, ...] = ()
    happened_at: datetime | None = None
    remedy_sought: str = ""


@dataclass(frozen=True)
class RefundInput:
    transaction_id: int | None
    amount_requested: Decimal | None
    intended_recipient: str = ""
    actual_recipient: str = ""
    intended_amount: Decimal | None = None
    payee_chosen_via: str = ""
    duplicate_of_id: int | None = None


@dataclass(frozen=True)
class InquiryInput:
    transaction_id: int | None


Details = ComplaintInput | RefundInput | InquiryInput
_DETAILS_FOR_KIND: dict[str, type] = {
    Ticket.Kind.COMPLAINT: ComplaintInput,
    Ticket.Kind.MISOPERATION_REFUND: RefundInput,
    Ticket.Kind.CANCELLED_TX_INQUIRY: InquiryInput,
}
