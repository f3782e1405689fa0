"""Incidents over the API for the app: public and read-only."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny

from incidents.api.serializers import IncidentOutputSerializer
from incidents.models import Incident
from incidents.selectors import incidents_public


@extend_schema_view(
    get=extend_schema(operation_id="incidents_list", tags=["incidents"])
)
class IncidentListApi(ListAPIView):
    """Open incidents and those resolved in the last two weeks, newest first."""

    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_scope = "public"
    serializer_class = IncidentOutputSerializer

    def get_queryset(self) -> QuerySet[Incident]:
        return incidents_public()
