from complaints.models.conversation import Attachment, EvidenceJob, Message
from complaints.models.details import (
    CancellationInquiry,
    ComplaintDetail,
    RecoveryAttempt,
    RefundDecision,
    RefundRequest,
)
from complaints.models.history import StatusChange
from complaints.models.holds import TicketHold
from complaints.models.incidents import (
    IncidentAnswerChunk,
    IncidentAnswerRun,
    IncidentLink,
    IncidentTicketAnswer,
)
from complaints.models.links import TicketTransaction
from complaints.models.loads import AgentLoad
from complaints.models.notices import Notice
from complaints.models.presence import TicketPresence
from complaints.models.queues import Queue
from complaints.models.replies import CannedReply
from complaints.models.routes import QueueRoute
from complaints.models.search import TicketSearch, TicketSearchVectors
from complaints.models.tickets import (
    CATEGORIES_BY_KIND,
    REMEDY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Ticket,
    TicketSequence,
)
from complaints.models.uploads import PENDING_UPLOAD_LIFETIME, PendingUpload

__all__ = [
    "CATEGORIES_BY_KIND",
    "PENDING_UPLOAD_LIFETIME",
    "REMEDY_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "AgentLoad",
    "Attachment",
    "CancellationInquiry",
    "CannedReply",
    "ComplaintDetail",
    "EvidenceJob",
    "IncidentAnswerChunk",
    "IncidentAnswerRun",
    "IncidentLink",
    "IncidentTicketAnswer",
    "Message",
    "Notice",
    "PendingUpload",
    "Queue",
    "QueueRoute",
    "RecoveryAttempt",
    "RefundDecision",
    "RefundRequest",
    "StatusChange",
    "Ticket",
    "TicketHold",
    "TicketPresence",
    "TicketSearch",
    "TicketSearchVectors",
    "TicketSequence",
    "TicketTransaction",
]
