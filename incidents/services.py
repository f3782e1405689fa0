"""Incident writes: declare, post public updates (the only writer of state), edit."""

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident, IncidentDeflection, IncidentUpdate

if TYPE_CHECKING:
    from accounts.models import User

State = Incident.State
ORDER: tuple[str, ...] = (
    State.INVESTIGATING,
    State.IDENTIFIED,
    State.MONITORING,
    State.RESOLVED,
)


def _check_text(**texts: str) -> None:
    errors = {
        name: _("Write this in both languages.")
        for name, text in texts.items()
        if not text.strip()
    }
    if errors:
        raise ValidationError(errors)


def _check_scope(
    *, kinds: Sequence[str], categories: Sequence[str], transaction_types: Sequence[str]
) -> None:
    for name, values in (
        ("kinds", kinds),
        ("categories", categories),
        ("transaction_types", transaction_types),
    ):
        if not all(isinstance(value, str) and 0 < len(value) <= 32 for value in values):
            raise ValidationError({name: _("Choose values from the list.")})
    if not (kinds or categories or transaction_types):
        raise ValidationError(
            _("Name at least one affected kind, category or transaction type.")
        )


@transaction.atomic
def incident_declare(
    *,
    title_zh_hans: str,
    title_en: str,
    summary_zh_hans: str,
    summary_en: str,
    kinds: Sequence[str] = (),
    categories: Sequence[str] = (),
    transaction_types: Sequence[str] = (),
    severity: str = Incident.Severity.MAJOR,
    started_at: datetime | None = None,
    actor: "User | None",
    spike_alert_ref: int | None = None,
    spike_detected_at: datetime | None = None,
) -> Incident:
    """Declare an incident in state investigating, with its first public update.

    The public text is the first update. Saving records the creation (audit).
    Raises ValidationError (missing language, empty scope, start in the future)
    and saves nothing.
    """
    _check_text(
        title_zh_hans=title_zh_hans,
        title_en=title_en,
        summary_zh_hans=summary_zh_hans,
        summary_en=summary_en,
    )
    _check_scope(
        kinds=kinds, categories=categories, transaction_types=transaction_types
    )
    if severity not in Incident.Severity.values:
        raise ValidationError({"severity": _("Choose a severity from the list.")})
    now = timezone.now()
    started = started_at or now
    if started > now + timedelta(minutes=5):
        raise ValidationError({"started_at": _("This date is in the future.")})
    incident = Incident.objects.create(
        title_zh_hans=title_zh_hans.strip(),
        title_en=title_en.strip(),
        summary_zh_hans=summary_zh_hans.strip(),
        summary_en=summary_en.strip(),
        kinds=sorted(set(kinds)),
        categories=sorted(set(categories)),
        transaction_types=sorted(set(transaction_types)),
        severity=severity,
        started_at=started,
        declared_by=actor,
        spike_alert_ref=spike_alert_ref,
        spike_detected_at=spike_detected_at,
    )
    IncidentUpdate.objects.create(
        incident=incident,
        state=State.INVESTIGATING,
        body_zh_hans=incident.summary_zh_hans,
        body_en=incident.summary_en,
        author=actor,
    )
    return incident


@transaction.atomic
def incident_update_post(
    *,
    incident: Incident,
    state: str,
    body_zh_hans: str,
    body_en: str,
    actor: "User | None",
) -> IncidentUpdate:
    """Post a public update and move the incident to state (same or later).

    Locks the incident row. States only move forward (investigating, identified,
    monitoring, resolved); a resolved incident takes no more updates. Resolving
    stamps resolved_at. Raises ValidationError and changes nothing.
    """
    _check_text(body_zh_hans=body_zh_hans, body_en=body_en)
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if state not in ORDER:
        raise ValidationError({"state": _("Choose a state from the list.")})
    if locked.state == State.RESOLVED:
        raise ValidationError(_("This incident is resolved and takes no more updates."))
    if ORDER.index(state) < ORDER.index(locked.state):
        raise ValidationError({"state": _("An incident's state only moves forward.")})
    fields = ["state"]
    locked.state = state
    if state == State.RESOLVED:
        locked.resolved_at = timezone.now()
        fields.append("resolved_at")
    locked.save(update_fields=fields)
    update = IncidentUpdate.objects.create(
        incident=locked,
        state=state,
        body_zh_hans=body_zh_hans.strip(),
        body_en=body_en.strip(),
        author=actor,
    )
    incident.state = locked.state
    incident.resolved_at = locked.resolved_at
    return update


@transaction.atomic
def incident_edit(
    *,
    incident: Incident,
    actor: "User | None",
    **changes: object,
) -> Incident:
    """Change an incident's title, public text, scope, severity or start time.

    State moves go through incident_update_post. Raises ValidationError and
    changes nothing.
    """
    editable = {
        "title_zh_hans",
        "title_en",
        "summary_zh_hans",
        "summary_en",
        "kinds",
        "categories",
        "transaction_types",
        "severity",
        "started_at",
    }
    unknown = set(changes) - editable
    if unknown:
        raise ValidationError(_("These fields cannot be changed here."))
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_text(
        title_zh_hans=locked.title_zh_hans,
        title_en=locked.title_en,
        summary_zh_hans=locked.summary_zh_hans,
        summary_en=locked.summary_en,
    )
    _check_scope(
        kinds=locked.kinds,
        categories=locked.categories,
        transaction_types=locked.transaction_types,
    )
    if locked.severity not in Incident.Severity.values:
        raise ValidationError({"severity": _("Choose a severity from the list.")})
    locked.save(update_fields=sorted(changes))
    return locked


def deflection_visitor(*, user_id: int | None, session_key: str) -> str:
    """A stable key for one visitor, without keeping the session key itself."""
    raw = f"user:{user_id}" if user_id else f"session:{session_key}"
    return hashlib.sha256(raw.encode()).hexdigest()


def incident_deflection_record(
    *, incident: Incident, visitor: str, where: str
) -> IncidentDeflection | None:
    """Count that a visitor shown an open incident chose to wait instead of filing.

    Once per incident and visitor; resolved incidents count nothing. Returns the
    new row, or None if it was counted before or the incident is resolved.
    """
    if not incident.is_open:
        return None
    try:
        with transaction.atomic():
            return IncidentDeflection.objects.create(
                incident=incident, visitor=visitor, where=where[:32]
            )
    except IntegrityError:
        return None
