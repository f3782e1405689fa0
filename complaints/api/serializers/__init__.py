"""API input coercion and output shapes; services decide what is allowed."""

from complaints.api.serializers.auth import (
    TokenCreateInputSerializer,
    TokenOutputSerializer,
)
from complaints.api.serializers.common import (
    OUTCOME_AMOUNT_HELP,
    AttachmentOutputSerializer,
    TicketDetailsSerializer,
    TicketSummarySerializer,
    TransactionSnapshotSerializer,
    ticket_details,
)
from complaints.api.serializers.customer import (
    CustomerActionsSerializer,
    CustomerHoldSerializer,
    MessageOutputSerializer,
    TicketDetailOutputSerializer,
    TicketListOutputSerializer,
    TimelineEventOutputSerializer,
)
from complaints.api.serializers.filing import (
    MAX_TRANSACTIONS,
    REFERENCE_LENGTH,
    TicketCreateInputSerializer,
)
from complaints.api.serializers.inputs import (
    AttachmentCreateInputSerializer,
    EvidenceInputMixin,
    HoldInputSerializer,
    MessageCreateInputSerializer,
    StaffMessageCreateInputSerializer,
    TicketAssignInputSerializer,
    TicketRateInputSerializer,
    TicketReopenInputSerializer,
    TicketTransitionInputSerializer,
    TicketTriageInputSerializer,
)
from complaints.api.serializers.staff import (
    HoldOutputSerializer,
    PersonSerializer,
    StaffMessageOutputSerializer,
    StaffTicketDetailOutputSerializer,
    StaffTicketListOutputSerializer,
    StatusChangeOutputSerializer,
    TicketAssignOutputSerializer,
    TicketTriageOutputSerializer,
)
from complaints.api.serializers.system import SystemTicketOutputSerializer

__all__ = [
    "MAX_TRANSACTIONS",
    "OUTCOME_AMOUNT_HELP",
    "REFERENCE_LENGTH",
    "AttachmentCreateInputSerializer",
    "AttachmentOutputSerializer",
    "CustomerActionsSerializer",
    "CustomerHoldSerializer",
    "EvidenceInputMixin",
    "HoldInputSerializer",
    "HoldOutputSerializer",
    "MessageCreateInputSerializer",
    "MessageOutputSerializer",
    "PersonSerializer",
    "StaffMessageCreateInputSerializer",
    "StaffMessageOutputSerializer",
    "StaffTicketDetailOutputSerializer",
    "StaffTicketListOutputSerializer",
    "StatusChangeOutputSerializer",
    "SystemTicketOutputSerializer",
    "TicketAssignInputSerializer",
    "TicketAssignOutputSerializer",
    "TicketCreateInputSerializer",
    "TicketDetailOutputSerializer",
    "TicketDetailsSerializer",
    "TicketListOutputSerializer",
    "TicketRateInputSerializer",
    "TicketReopenInputSerializer",
    "TicketSummarySerializer",
    "TicketTransitionInputSerializer",
    "TicketTriageInputSerializer",
    "TicketTriageOutputSerializer",
    "TimelineEventOutputSerializer",
    "TokenCreateInputSerializer",
    "TokenOutputSerializer",
    "TransactionSnapshotSerializer",
    "ticket_details",
]
