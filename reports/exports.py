"""Background ticket exports: started by a manager, written by a Celery task.

The row-level CSV of a long period (a year of tickets) is written to private
storage by reports.tasks.write_ticket_export, so no request streams for long.
The page polls the export's progress; when the file is ready its requester gets
an in-app notice, and only the requester may download it, until it expires.
Beat deletes expired files (ticket_exports_expire).
"""

import csv
import logging
import tempfile
from dataclasses import asdict
from datetime import datetime, timedelta

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from complaints import notices
from complaints.models import Notice
from outbox.dispatch import outbox_dispatch_on_commit
from reports import csv_export, ticket_csv
from reports.models import TicketExport
from reports.selectors import ReportFilter

logger = logging.getLogger(__name__)

# Progress is written once per this many rows: a cheap UPDATE, outside the audit.
PROGRESS_ROWS = 10_000
EXPIRY = timedelta(days=7)


def ticket_export_start(*, user: User, filters: ReportFilter) -> TicketExport:
    """Record the request (audited) and queue the task after commit."""
    from reports import tasks

    narrowing = asdict(filters)
    start, end = narrowing.pop("start"), narrowing.pop("end")
    with transaction.atomic():
        export = TicketExport.objects.create(
            requested_by=user, period_start=start, period_end=end, filters=narrowing
        )
        outbox_dispatch_on_commit(tasks.write_ticket_export, export.pk)
    return export


def ticket_export_filters(export: TicketExport) -> ReportFilter:
    return ReportFilter(
        start=export.period_start, end=export.period_end, **export.filters
    )


def _write(export: TicketExport, handle: "tempfile._TemporaryFileWrapper") -> int:
    writer = csv.writer(handle)
    handle.write(csv_export.BOM)
    rows = ticket_csv.ticket_rows(filters=ticket_export_filters(export))
    writer.writerow(next(rows))
    done = 0
    batch: list[list[object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= ticket_csv.CHUNK:
            writer.writerows(batch)
            done += len(batch)
            batch.clear()
            if done % PROGRESS_ROWS < ticket_csv.CHUNK:
                TicketExport.objects.filter(pk=export.pk).update(rows_done=done)
    writer.writerows(batch)
    return done + len(batch)


def ticket_export_write(*, export_id: int) -> TicketExport | None:
    """Write the export's CSV, then mark it ready and notify its requester.

    Claims the export (queued -> running) first, so a second delivery of the task
    does nothing. Rows are read in chunks and written to a temporary file, then
    saved to private storage; a failure marks the export failed.
    """
    claimed = TicketExport.objects.filter(
        pk=export_id, state=TicketExport.State.QUEUED
    ).update(state=TicketExport.State.RUNNING)
    if not claimed:
        return None
    export = TicketExport.objects.select_related("requested_by").get(pk=export_id)
    filters = ticket_export_filters(export)
    total = ticket_csv.ticket_queryset(filters=filters).count()
    TicketExport.objects.filter(pk=export.pk).update(rows_total=total)
    export.rows_total = total
    name = (
        f"walletdesk-tickets-{timezone.localtime(filters.start):%Y%m%d}-"
        f"{timezone.localtime(filters.end - timedelta(seconds=1)):%Y%m%d}-"
        f"{export.pk}.csv"
    )
    try:
        with (
            translation.override(export.requested_by.preferred_language),
            tempfile.NamedTemporaryFile(
                "w+", encoding="utf-8", newline="", suffix=".csv"
            ) as handle,
        ):
            done = _write(export, handle)
            handle.flush()
            handle.seek(0)
            with open(handle.name, "rb") as raw:
                stored = export.file.storage.save(name, File(raw))
    except Exception as error:
        logger.exception("Ticket export %s failed", export.pk)
        export.state = TicketExport.State.FAILED
        export.error = str(error)[:500]
        export.finished_at = timezone.now()
        export.save(update_fields=["state", "error", "finished_at"])
        raise
    with transaction.atomic():
        now = timezone.now()
        export.file.name = stored
        export.rows_done = done
        export.state = TicketExport.State.DONE
        export.finished_at = now
        export.expires_at = now + EXPIRY
        export.notice = notices.notice_queue(
            ticket=None, kind=Notice.Kind.EXPORT_READY, recipient=export.requested_by
        )
        export.save()
    return export


def ticket_exports_expire(*, now: datetime | None = None) -> int:
    """Delete the files of exports past expires_at and mark them expired."""
    now = now or timezone.now()
    expired = 0
    for export in TicketExport.objects.filter(
        state=TicketExport.State.DONE, expires_at__lte=now
    ):
        with transaction.atomic():
            if export.file:
                export.file.delete(save=False)
            export.state = TicketExport.State.EXPIRED
            export.save(update_fields=["state", "file"])
        expired += 1
    return expired


def ticket_exports_recent(*, user: User, limit: int = 5) -> list[TicketExport]:
    """The person's latest exports for the reports page. One query."""
    return list(TicketExport.objects.filter(requested_by=user)[:limit])
