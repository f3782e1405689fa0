"""Signals complaints sends for writes that model signals do not see."""

from django.dispatch import Signal

# Sent with ticket_ids (a list of ids) inside the transaction that changed those
# tickets, their clocks or their clock events with bulk writes (bulk_update and
# bulk_create send no post_save): the apps above complaints that follow those
# rows (reports' rollups) learn of the change as they would from the saves.
tickets_written_in_bulk = Signal()
