"""Signals of the transactions app, for apps that keep figures of the ledger."""

from django.dispatch import Signal

# Sent inside the importing transaction after ledger records were inserted in
# bulk (bulk_create sends no post_save), with records=list[Transaction].
ledger_records_created = Signal()
