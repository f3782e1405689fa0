"""The search indexes take each write at once: no pending list for a search to read.

GIN's fast update queues new entries in a pending list, which every scan of the
index reads in full until VACUUM (or its 4 MB limit) merges it into the index.
A search scans up to four of these indexes per window. Measured at 20,000
tickets after indexing them: the notes index held all 20,000 entries pending
(315 pages), and a search word no note has took 5.5 ms to find nothing; with
the lists merged, every search request took 6-15 ms less. Without fast
update a reply, filing or move writes its entry into each index directly: 0.58
to 1.11 ms per entry write at 20,000 tickets (bench/README.md, "Session 20").

ALTER INDEX ... SET (fastupdate) rewrites nothing; it locks each index for a
moment. gin_clean_pending_list then merges what was pending.
"""

from django.db import migrations

INDEXES = (
    "ticketsearch_document_gin",
    "ticketsearch_note_gin",
    "ticketsearch_identifier_set_gin",
    "ticketsearch_identifiers_trgm",
)


def fast_update_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


def fast_update_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0028_search_whole_identifiers")]

    operations = [
        migrations.RunPython(fast_update_off, fast_update_on, elidable=False)
    ]
