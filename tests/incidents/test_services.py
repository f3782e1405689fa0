"""Incident services: declare, post updates (states move forward only), audited."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from incidents.models import Incident, IncidentDeflection
from incidents.services import (
    deflection_visitor,
    incident_declare,
    incident_deflection_record,
    incident_edit,
    incident_update_post,
)
from tests.incidents.helpers import declare_transfer_outage

pytestmark = pytest.mark.django_db


def test_declare_writes_incident_and_first_update_audited(supervisor):
    incident = declare_transfer_outage(actor=supervisor)

    assert incident.state == Incident.State.INVESTIGATING
    [update] = incident.updates.all()
    assert (update.body_en, update.body_zh_hans) == (
        "Some transfers fail; we are on it.",
        "部分转账失败 我们正在处理",
    )
    assert AuditEvent.objects.filter(
        content_type__model="incident", object_id=str(incident.pk)
    ).exists()


def test_declare_refuses_missing_language_or_scope_and_saves_nothing(supervisor):
    with pytest.raises(ValidationError):
        incident_declare(
            title_zh_hans="",
            title_en="Down",
            summary_zh_hans="x",
            summary_en="y",
            kinds=["complaint"],
            actor=supervisor,
        )
    with pytest.raises(ValidationError):
        incident_declare(
            title_zh_hans="故障",
            title_en="Down",
            summary_zh_hans="x",
            summary_en="y",
            actor=supervisor,
        )
    assert not Incident.objects.exists()


def test_states_move_forward_only_and_resolved_takes_no_more(supervisor):
    incident = declare_transfer_outage(actor=supervisor)
    incident_update_post(
        incident=incident,
        state="monitoring",
        body_zh_hans="已修复 观察中",
        body_en="Fixed, watching",
        actor=supervisor,
    )
    with pytest.raises(ValidationError):
        incident_update_post(
            incident=incident,
            state="identified",
            body_zh_hans="x",
            body_en="y",
            actor=supervisor,
        )
    incident_update_post(
        incident=incident,
        state="resolved",
        body_zh_hans="已解决",
        body_en="Resolved",
        actor=supervisor,
    )
    incident.refresh_from_db()
    assert incident.state == "resolved"
    assert incident.resolved_at is not None
    with pytest.raises(ValidationError):
        incident_update_post(
            incident=incident,
            state="resolved",
            body_zh_hans="x",
            body_en="y",
            actor=supervisor,
        )
    assert incident.updates.count() == 3


def test_edit_changes_text_and_refuses_state(supervisor):
    incident = declare_transfer_outage(actor=supervisor)
    incident_edit(incident=incident, actor=supervisor, title_en="Transfers delayed")
    incident.refresh_from_db()
    assert incident.title_en == "Transfers delayed"
    with pytest.raises(ValidationError):
        incident_edit(incident=incident, actor=supervisor, state="resolved")


def test_deflection_counts_once_per_visitor_and_not_after_resolution(supervisor):
    incident = declare_transfer_outage(actor=supervisor)
    visitor = deflection_visitor(user_id=None, session_key="abc")

    assert incident_deflection_record(incident=incident, visitor=visitor, where="home")
    assert (
        incident_deflection_record(incident=incident, visitor=visitor, where="form")
        is None
    )
    incident_update_post(
        incident=incident, state="resolved", body_zh_hans="好", body_en="ok", actor=None
    )
    other = deflection_visitor(user_id=7, session_key="")
    assert (
        incident_deflection_record(incident=incident, visitor=other, where="faq")
        is None
    )
    assert IncidentDeflection.objects.count() == 1
