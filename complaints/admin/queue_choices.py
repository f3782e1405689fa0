"""The queues the agent's pages offer (list filter, triage form): held per process.

Every ticket list and case page listed the queues with a query of its own, for a
table that changes a few times a year. They are a config.config_cache.ConfigCache
like the routes, reloaded when a queue is saved or deleted (a queue's
round-robin bookkeeping excepted). Saving a chosen queue is still checked
against the table (ModelChoiceField's queryset).
"""

from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from complaints.admin.forms import PlainChoiceIterator, PlainModelChoiceField
from complaints.models import Queue
from config.config_cache import ConfigCache


def _load() -> list[Queue]:
    return list(Queue.objects.all())  # by name (Queue.Meta.ordering)


QUEUES: ConfigCache[list[Queue]] = ConfigCache(
    "queue-choices",
    _load,
    watch=(Queue,),
    ignore_fields={Queue: frozenset({"last_assignee"})},
)


class QueueChoiceIterator(PlainChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for queue in QUEUES.get():
            yield self.choice(queue)


class QueueChoiceField(PlainModelChoiceField):
    """A queue chosen from the held list (every queue, by name)."""

    iterator = QueueChoiceIterator


class QueueListFilter(admin.RelatedFieldListFilter):
    """The list's queue filter, its choices from the held list."""

    def field_choices(
        self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[int, str]]:
        return [(queue.pk, str(queue)) for queue in QUEUES.get()]
