from complaints.services.conversation import message_add
from complaints.services.tickets import (
    ComplaintInput,
    EvidenceInput,
    InquiryInput,
    RefundInput,
    attachments_store,
    ticket_assign,
    ticket_create,
    ticket_rate,
)

__all__ = [
    "ComplaintInput",
    "EvidenceInput",
    "InquiryInput",
    "RefundInput",
    "attachments_store",
    "message_add",
    "ticket_assign",
    "ticket_create",
    "ticket_rate",
]
