"""Ticket API: customer, staff and system scopes; each view calls one selector or service."""

from complaints.api.views.auth import TokenCreateApi, TokenRevokeApi
from complaints.api.views.customer import (
    CustomerAttachmentCreateApi,
    CustomerMessageCreateApi,
    CustomerTicketDetailApi,
    CustomerTicketListCreateApi,
    CustomerTicketRateApi,
    CustomerTicketReopenApi,
)
from complaints.api.views.staff import (
    StaffMessageCreateApi,
    StaffTicketAssignApi,
    StaffTicketDetailApi,
    StaffTicketHoldApi,
    StaffTicketListApi,
    StaffTicketTransitionApi,
    StaffTicketTriageApi,
)
from complaints.api.views.system import SystemTicketListApi

__all__ = [
    "CustomerAttachmentCreateApi",
    "CustomerMessageCreateApi",
    "CustomerTicketDetailApi",
    "CustomerTicketListCreateApi",
    "CustomerTicketRateApi",
    "CustomerTicketReopenApi",
    "StaffMessageCreateApi",
    "StaffTicketAssignApi",
    "StaffTicketDetailApi",
    "StaffTicketHoldApi",
    "StaffTicketListApi",
    "StaffTicketTransitionApi",
    "StaffTicketTriageApi",
    "SystemTicketListApi",
    "TokenCreateApi",
    "TokenRevokeApi",
]
