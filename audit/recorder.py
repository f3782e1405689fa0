"""Audit recording: who is acting, and one AuditEvent per change to an audited row.

Model saves, deletes and many-to-many changes of the models in audit.registry are
recorded inside the writing transaction (a rolled-back write leaves no event):
services write audited rows with save() or create(), and the recording comes
with it. Rows of an audited model written in bulk go through audit.bulk, which
records them in the same call. Other writes that bypass model signals
(QuerySet.update, redaction) call audit_record.
"""

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from audit.models import AuditEvent
from audit.registry import AUDITED, AUDITED_M2M, AuditSpec
from config.security import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

M = TypeVar("M", bound=models.Model)

MASKED = "[personal data]"
_MAX_TEXT = 500
_ORIGINAL = "_audit_original"


@dataclass(frozen=True)
class AuditContext:
    source: str
    request: "HttpRequest | None" = None
    actor: "User | None" = None


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar(
    "audit_context", default=None
)


@contextmanager
def audit_context(
    *,
    source: str,
    actor: "User | None" = None,
    request: "HttpRequest | None" = None,
) -> Iterator[None]:
    """Attribute the changes made inside the block to an actor and a source."""
    token = _context.set(AuditContext(source=source, request=request, actor=actor))
    try:
        yield
    finally:
        _context.reset(token)


def _who() -> tuple["User | None", str, str | None]:
    context = _context.get()
    if context is None:
        return None, AuditEvent.Source.SYSTEM, None
    actor = context.actor
    address = None
    if context.request is not None:
        # request.user is lazy (and set by DRF after token authentication): read it
        # only when something is recorded.
        user = getattr(context.request, "user", None)
        if user is not None and user.is_authenticated and user.pk is not None:
            actor = user
        address = client_ip(context.request)
    return actor, context.source, address


def _spec(model: type[models.Model]) -> AuditSpec | None:
    return AUDITED.get(model._meta.label)


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def _plain(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _MAX_TEXT:
        return value[:_MAX_TEXT] + "…"
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name
    return value


def _field_values(instance: models.Model) -> dict[str, Any]:
    state = instance.__dict__
    return {
        field.attname: state[field.attname]
        for field in _fields(type(instance))
        if field.attname in state
    }


def _label(instance: models.Model, spec: AuditSpec) -> str:
    if spec.label:
        label = getattr(instance, spec.label, "")
        if label:
            return str(label)[:200]
    return f"{instance._meta.verbose_name} #{instance.pk}"[:200]


def _value(name: str, value: Any, spec: AuditSpec) -> Any:
    # Plain first: an emptied file field is a FieldFile that equals "".
    value = _plain(value)
    if name in spec.personal:
        return MASKED if value not in (None, "") else value
    return value


def _diff(
    model: type[models.Model],
    spec: AuditSpec,
    before: dict[str, Any],
    after: dict[str, Any],
    only: Iterable[str] | None,
) -> dict[str, list[Any]]:
    wanted = set(only) if only is not None else None
    changes: dict[str, list[Any]] = {}
    for field in _fields(model):
        if field.name in spec.ignored or field.attname not in after:
            continue
        if wanted is not None and not ({field.name, field.attname} & wanted):
            continue
        old = before.get(field.attname)
        new = after[field.attname]
        if field.attname in before and _plain(old) == _plain(new):
            continue
        name = field.name
        changes[name] = [_value(name, old, spec), _value(name, new, spec)]
    return changes


def audit_event_build(
    *,
    instance: models.Model,
    action: str,
    changes: dict[str, Any],
    actor: "User | None" = None,
) -> AuditEvent:
    """An unsaved event about instance; who and from where come from the context.

    For writers that save events themselves (audit.bulk); everything else goes
    through the signals or audit_record.
    """
    context_actor, source, address = _who()
    from django.contrib.contenttypes.models import ContentType

    return AuditEvent(
        actor=actor or context_actor,
        action=action,
        source=source,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=_label(instance, _spec(type(instance)) or AuditSpec()),
        changes=changes,
        remote_addr=address,
    )


def audit_changes_take(
    instance: models.Model,
    *,
    fields: Iterable[str] | None = None,
    created: bool = False,
) -> dict[str, list[Any]]:
    """What changed in instance since its values were last recorded (all, if created).

    Personal values are masked. The current values become the recorded ones, as
    a save does, so the next call (or save) sees only later changes.
    """
    spec = _spec(type(instance)) or AuditSpec()
    after = _field_values(instance)
    before = {} if created else instance.__dict__.get(_ORIGINAL, {})
    changes = _diff(type(instance), spec, before, after, None if created else fields)
    instance.__dict__[_ORIGINAL] = after
    return changes


def _write(
    *,
    instance: models.Model,
    action: str,
    changes: dict[str, Any],
    actor: "User | None" = None,
) -> AuditEvent:
    event = audit_event_build(
        instance=instance, action=action, changes=changes, actor=actor
    )
    event.save()
    return event


def audit_record(
    *,
    instance: models.Model,
    action: str,
    changes: dict[str, list[Any]],
    actor: "User | None" = None,
) -> AuditEvent:
    """Record a change that bypassed model signals (QuerySet.update, redaction).

    changes maps field names to [before, after]; personal values are masked here.
    Call inside the writing transaction.
    """
    spec = _spec(type(instance)) or AuditSpec()
    masked = {
        name: [_value(name, old, spec), _value(name, new, spec)]
        for name, (old, new) in changes.items()
    }
    return _write(instance=instance, action=action, changes=masked, actor=actor)


def audit_refusal(
    *,
    model: type[models.Model],
    object_id: str,
    label: str,
    reason: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record a refused request that could have impersonated someone.

    Nothing changed, so there is no diff: the event names the record aimed at
    (object_id may be empty when none exists, such as an unknown account), a
    stable reason code and non-personal details. Call outside any transaction
    the refusal rolls back, or the event is lost with it.
    """
    actor, source, address = _who()
    from django.contrib.contenttypes.models import ContentType

    event = AuditEvent(
        actor=actor,
        action=AuditEvent.Action.REFUSE,
        source=source,
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id[:64],
        object_repr=label[:200],
        changes={"refused": reason, **(details or {})},
        remote_addr=address,
    )
    event.save()
    return event


def _on_init(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    instance.__dict__[_ORIGINAL] = _field_values(instance)


def _on_save(
    sender: type[models.Model],
    instance: models.Model,
    created: bool,
    raw: bool = False,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    spec = _spec(sender)
    if spec is None or raw:
        return
    after = _field_values(instance)
    if created:
        changes = _diff(sender, spec, {}, after, None)
        _write(
            instance=instance,
            action=AuditEvent.Action.CREATE,
            changes=changes,
        )
    else:
        before = instance.__dict__.get(_ORIGINAL, {})
        changes = _diff(sender, spec, before, after, update_fields)
        if changes:
            _write(
                instance=instance,
                action=AuditEvent.Action.UPDATE,
                changes=changes,
            )
    instance.__dict__[_ORIGINAL] = after


def _on_delete(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    spec = _spec(sender)
    if spec is None:
        return
    changes = {
        field.name: [_value(field.name, getattr(instance, field.attname), spec), None]
        for field in _fields(sender)
        if field.name not in spec.ignored and field.attname in instance.__dict__
    }
    _write(instance=instance, action=AuditEvent.Action.DELETE, changes=changes)


def _on_m2m(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    owner = type(instance)
    spec = _spec(owner)
    if spec is None:
        return
    name = next(
        (
            field.name
            for field in owner._meta.many_to_many
            if field.remote_field.through is sender
        ),
        None,
    )
    if name is None:
        # The reverse side (group.user_set.add(user)): record it on the group.
        name = f"{model._meta.model_name}_set"
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[
        action
    ]
    _write(
        instance=instance,
        action=AuditEvent.Action.UPDATE,
        changes={name: {verb: sorted(pk_set or [])}},
    )


def recorder_connect() -> None:
    """Connect the signal handlers for every audited model (AppConfig.ready)."""
    for label in AUDITED:
        model = apps.get_model(label)
        uid = f"audit-{label}"
        post_init.connect(_on_init, sender=model, dispatch_uid=f"{uid}-init")
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}-delete")
    for label, names in AUDITED_M2M.items():
        model = apps.get_model(label)
        for name in names:
            through = model._meta.get_field(name).remote_field.through
            m2m_changed.connect(
                _on_m2m, sender=through, dispatch_uid=f"audit-{label}-{name}"
            )
