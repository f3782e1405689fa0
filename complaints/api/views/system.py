"""The system scope: the wallet core reads tickets."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView

from api.scopes import SystemScope
from complaints.api import serializers as api
from complaints.api.pagination import TicketCursorPagination
from complaints.api.selectors import ticket_list_for_system
from complaints.models import Ticket


@extend_schema_view(
    get=extend_schema(
        operation_id="system_tickets_list",
        tags=["system"],
        parameters=[
            OpenApiParameter(
                "transaction",
                OpenApiTypes.STR,
                required=True,
                description="The ledger reference of the transaction.",
            )
        ],
    )
)
class SystemTicketListApi(SystemScope, ListAPIView):
    """Tickets about one transaction, for the wallet core."""

    serializer_class = api.SystemTicketOutputSerializer
    pagination_class = TicketCursorPagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Ticket]:
        reference = self.request.query_params.get("transaction", "").strip()
        # No reference holds a NUL, and PostgreSQL refuses one in a parameter.
        if (
            not reference
            or len(reference) > api.REFERENCE_LENGTH
            or "\x00" in reference
        ):
            raise ValidationError(
                {
                    "transaction": [
                        _("Give the transaction reference (at most 64 characters).")
                    ]
                }
            )
        return ticket_list_for_system(transaction_reference=reference)
