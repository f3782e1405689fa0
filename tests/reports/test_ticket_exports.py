"""Background ticket exports: a manager asks, the worker writes, only they download.

Managers and supervisors download only their own exports (another reader gets
404: the file is theirs to ask for, with the same filters), agents get 403,
and a link past its expiry answers 410 until beat deletes the file.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from complaints.models import Notice
from reports import tasks
from reports.exports import ticket_exports_expire
from reports.models import TicketExport
from tests.factories import ManagerFactory
from tests.reports.conftest import KnownSet

pytestmark = pytest.mark.django_db

START = reverse("reports:export_start")
OCTOBER = {"period": "custom", "start": "2026-10-01", "end": "2026-10-31"}


def _request_export(client, django_capture_on_commit_callbacks, data=OCTOBER):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(START, data)
    return response, callbacks


def _run_worker(export: TicketExport) -> None:
    # The task as the worker runs it, in this process.
    tasks.write_ticket_export.apply(args=[export.pk]).get()


def _rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_manager_exports_the_period_in_the_background_and_downloads_it(
    client, manager, known_october: KnownSet, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    response, callbacks = _request_export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"].endswith("#exports")
    export = TicketExport.objects.get()
    assert export.requested_by == manager
    assert export.state == TicketExport.State.QUEUED
    assert len(callbacks) == 1  # the task is queued after commit
    assert AuditEvent.objects.filter(
        content_type__model="ticketexport", object_id=str(export.pk), actor=manager
    ).exists()
    page = client.get(reverse("reports:report"), OCTOBER)
    assert 'data-export-status="' in page.content.decode()

    _run_worker(export)

    export.refresh_from_db()
    assert export.state == TicketExport.State.DONE
    assert export.rows_done == export.rows_total == 5
    assert export.expires_at > timezone.now()
    status = client.get(
        reverse("reports:export_status", kwargs={"export_id": export.pk})
    ).json()
    assert status["state"] == "done"
    assert status["percent"] == 100
    download = client.get(status["download_url"])
    assert download.status_code == 200
    rows = _rows(download)
    tickets = known_october.tickets
    # The same rows as the streamed export: received or resolved in October.
    assert [row[0] for row in rows[1:]] == [
        tickets[name].reference for name in ("T1", "T2", "T3", "T4", "T5")
    ]
    notice = Notice.objects.get(kind=Notice.Kind.EXPORT_READY)
    assert notice.recipient == manager
    assert export.notice == notice
    notices_page = client.get(reverse("complaints:notice_list")).content.decode()
    assert 'data-test="export-ready-link"' in notices_page


def test_the_export_keeps_the_page_filters(
    client, manager, known_october: KnownSet, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    _request_export(
        client,
        django_capture_on_commit_callbacks,
        {**OCTOBER, "kind": "misoperation_refund"},
    )
    export = TicketExport.objects.get()
    _run_worker(export)

    export.refresh_from_db()
    assert export.filters["kind"] == "misoperation_refund"
    assert export.rows_done == 1


def test_only_the_requester_downloads_and_not_after_expiry(
    client, manager, agent, known_october: KnownSet, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    _request_export(client, django_capture_on_commit_callbacks)
    export = TicketExport.objects.get()
    _run_worker(export)
    download = reverse("reports:export_download", kwargs={"export_id": export.pk})
    status = reverse("reports:export_status", kwargs={"export_id": export.pk})

    client.force_login(agent)
    assert client.get(download).status_code == 403
    assert client.get(status).status_code == 403
    client.force_login(ManagerFactory())
    assert client.get(download).status_code == 404
    assert client.get(status).status_code == 404

    client.force_login(manager)
    TicketExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    expired = client.get(download)
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()

    name = TicketExport.objects.get().file.name
    storage = export.file.storage
    assert storage.exists(name)
    assert ticket_exports_expire() == 1
    export.refresh_from_db()
    assert export.state == TicketExport.State.EXPIRED
    assert not storage.exists(name)
    assert ticket_exports_expire() == 0


def test_invalid_filters_start_nothing(
    client, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    response, callbacks = _request_export(
        client,
        django_capture_on_commit_callbacks,
        {"period": "custom", "start": "2026-10-01"},
    )

    assert response.status_code == 302
    assert not TicketExport.objects.exists()
    assert callbacks == []


def test_a_second_delivery_of_the_task_writes_nothing(
    client, manager, known_october: KnownSet, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    _request_export(client, django_capture_on_commit_callbacks)
    export = TicketExport.objects.get()
    _run_worker(export)

    assert tasks.write_ticket_export.apply(args=[export.pk]).get() == 0
    assert Notice.objects.filter(kind=Notice.Kind.EXPORT_READY).count() == 1


def test_a_long_period_is_not_streamed(client, manager):
    client.force_login(manager)

    response = client.get(
        reverse("reports:export"),
        {
            "period": "custom",
            "start": "2026-01-01",
            "end": "2026-03-31",
            "dataset": "tickets",
        },
    )

    assert response.status_code == 400
    assert "background" in response.content.decode()
