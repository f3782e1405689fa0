from complaints.models.conversation import Attachment, Message
from complaints.models.details import (
    CancellationInquiry,
    ComplaintDetail,
    RecoveryAttempt,
    RefundDecision,
    RefundRequest,
)
from complaints.models.loads import AgentLoad
from complaints.models.notices import Notice
from complaints.models.replies import CannedReply
from complaints.models.tickets import (
    CATEGORIES_BY_KIND,
    REMEDY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Queue,
    QueueRoute,
    StatusChange,
    Ticket,
    TicketHold,
    TicketPresence,
    TicketSequence,
    TicketTransaction,
)

__all__ = [
    "CATEGORIES_BY_KIND",
    "REMEDY_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "AgentLoad",
    "Attachment",
    "CancellationInquiry",
    "CannedReply",
    "ComplaintDetail",
    "Message",
    "Notice",
    "Queue",
    "QueueRoute",
    "RecoveryAttempt",
    "RefundDecision",
    "RefundRequest",
    "StatusChange",
    "Ticket",
    "TicketHold",
    "TicketPresence",
    "TicketSequence",
    "TicketTransaction",
]
