from complaints.services.assignment import assignee_pick
from complaints.services.attachments import attachments_store
from complaints.services.conversation import message_add
from complaints.services.filing import ticket_create
from complaints.services.inputs import (
    ComplaintInput,
    EvidenceInput,
    InquiryInput,
    RefundInput,
)
from complaints.services.refunds import (
    recovery_attempt_add,
    refund_approve,
    refund_decide,
    refund_record_paid,
)
from complaints.services.replies import (
    canned_reply_context,
    canned_reply_render,
    reply_send,
)
from complaints.services.tickets import ticket_assign, ticket_rate
from complaints.services.triage import KEEP, ticket_triage_update

__all__ = [
    "KEEP",
    "ComplaintInput",
    "EvidenceInput",
    "InquiryInput",
    "RefundInput",
    "assignee_pick",
    "attachments_store",
    "canned_reply_context",
    "canned_reply_render",
    "message_add",
    "recovery_attempt_add",
    "refund_approve",
    "refund_decide",
    "refund_record_paid",
    "reply_send",
    "ticket_assign",
    "ticket_create",
    "ticket_rate",
    "ticket_triage_update",
]
