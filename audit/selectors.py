"""Audit reads: the trail of one record, newest first."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from audit.models import AuditEvent


def audit_events_for(*, instance: models.Model) -> QuerySet[AuditEvent]:
    """Every event recorded for this row, newest first, with the actor loaded."""
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=str(instance.pk),
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-pk")
    )
