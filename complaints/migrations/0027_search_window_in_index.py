"""The words and trigram indexes also hold the entry's ticket id (issue 25).

A search reads a common word's matches, and those of part of an identifier,
among the newest entries first (complaints.search._newest_matches:
``ticket_id > floor``). With the index on (scope, document) PostgreSQL read
every match of the words in the agent's scope from the index and only then kept
the window's, through the primary key: 98,244 matches read to keep 2,912, 35 ms
at 1,000,000 tickets for 转账失败. btree_gin lets a GIN index hold ticket_id
too, so the window is one more condition inside the same index scan: 3 ms for
the same search.

Building the two indexes took 13 s and 19 s at 1,000,000 tickets on the bench
machine (maintenance_work_mem 1 GB).
"""

from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

# Each index's name and what it covers without the window.
INDEXES = (
    ("ticketsearch_document_gin", "scope, document"),
    ("ticketsearch_identifiers_trgm", "scope, identifiers gin_trgm_ops"),
)


def build(window: str) -> str:
    return "".join(
        f"DROP INDEX IF EXISTS {name};\n"
        f"CREATE INDEX {name} ON complaints_ticketsearch"
        f" USING gin ({covers}{window});\n"
        for name, covers in INDEXES
    )


def add_window(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(build(", ticket_id"))


def drop_window(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(build(""))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0026_search_scope")]

    operations = [
        BtreeGinExtension(),
        migrations.RunPython(add_window, drop_window, elidable=False),
    ]
