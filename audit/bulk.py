"""Audit events of audited rows written in bulk (bulk_create and bulk_update send no signals).

Each call records what model saves would have recorded, one event per row (or
per step of a row changed several times before one bulk write), and inserts the
events in one statement. Call inside the writing transaction.
"""

from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.db import models

from audit.models import AuditEvent
from audit.recorder import audit_changes_take, audit_event_build

M = TypeVar("M", bound=models.Model)


def audited_bulk_create(objs: Sequence[M], *, batch_size: int | None = None) -> list[M]:
    """Insert new rows of one audited model with bulk_create and record each one.

    Later saves of these instances are diffed against the values recorded here.
    """
    if not objs:
        return []
    model = type(objs[0])
    created = model._default_manager.bulk_create(objs, batch_size=batch_size)
    AuditEvent.objects.bulk_create(
        (
            audit_event_build(
                instance=instance,
                action=AuditEvent.Action.CREATE,
                changes=audit_changes_take(instance, created=True),
            )
            for instance in created
        ),
        batch_size=batch_size,
    )
    return created


class AuditedSteps:
    """Changes made in memory to rows that are then written with one bulk_update.

    step() after each change records it as its own update event, as a save with
    update_fields would (a ticket moved three times before one write gets three
    events); write() inserts the events gathered.
    """

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def step(self, instance: models.Model, *, fields: Iterable[str]) -> None:
        changes = audit_changes_take(instance, fields=fields)
        if changes:
            self.events.append(
                audit_event_build(
                    instance=instance, action=AuditEvent.Action.UPDATE, changes=changes
                )
            )

    def write(self) -> list[AuditEvent]:
        events, self.events = self.events, []
        return AuditEvent.objects.bulk_create(events)
