"""Celery tasks for reports: thin wrappers around the services."""

from celery import shared_task


@shared_task
def detect_spikes() -> int:
    from reports.services import spikes_detect

    return len(spikes_detect())


@shared_task
def refresh_report_presets() -> int:
    from reports.presets import report_presets_refresh

    return report_presets_refresh()


@shared_task
def fold_rollups() -> int:
    from reports.rollups.fold import rollups_fold_all

    return rollups_fold_all()


@shared_task
def reconcile_rollups() -> int:
    from reports.rollups.fold import reconcile_window

    return reconcile_window().rows_corrected


@shared_task
def write_ticket_export(export_id: int) -> int:
    from reports.exports import ticket_export_write

    export = ticket_export_write(export_id=export_id)
    return 0 if export is None else export.rows_done


@shared_task
def expire_ticket_exports() -> int:
    from reports.exports import ticket_exports_expire

    return ticket_exports_expire()
