"""Search entries that know who may see their ticket (issue 25).

The entry copies the ticket's queue and assignee. On PostgreSQL a stored
generated column ``scope`` turns them into the keys ticket_visibility grants an
agent by (complaints.models.querysets.search_scope_keys): the queue's id, 0 for
a ticket in no queue, minus the assignee's id. It leads the three GIN indexes,
so an agent's search is one index scan for "these words (or notes, or
identifiers) with one of my keys". Before, the scope was only a condition on the
ticket: for an agent whose queues never hold a common word the planner walked
every ticket newest first looking for matches (4.0 s at 1,000,000 tickets).

Adding the stored column rewrites the table and the indexes are built again:
54 s at 1,000,000 tickets on the bench machine, under an exclusive lock.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The three search indexes of migration 0018, by name and what they cover.
INDEXES = (
    ("ticketsearch_document_gin", "document"),
    ("ticketsearch_note_gin", "note_document"),
    ("ticketsearch_identifiers_trgm", "identifiers gin_trgm_ops"),
)
DROP_INDEXES = "".join(f"DROP INDEX IF EXISTS {name};\n" for name, _covers in INDEXES)


def create_indexes(leading: str) -> str:
    """The three indexes, each led by `leading` ("scope, " or nothing)."""
    return "".join(
        f"CREATE INDEX {name} ON complaints_ticketsearch USING gin ({leading}{covers});\n"
        for name, covers in INDEXES
    )


ADD_SCOPE = (
    DROP_INDEXES
    + """
UPDATE complaints_ticketsearch AS entry
   SET queue_id = ticket.queue_id, assignee_id = ticket.assignee_id
  FROM complaints_ticket AS ticket
 WHERE ticket.id = entry.ticket_id;
ALTER TABLE complaints_ticketsearch ADD COLUMN scope bigint[]
GENERATED ALWAYS AS (
    CASE WHEN assignee_id IS NULL
         THEN ARRAY[COALESCE(queue_id, 0)]
         ELSE ARRAY[COALESCE(queue_id, 0), -assignee_id]
    END
) STORED;
"""
    + create_indexes("scope, ")
    + "ANALYZE complaints_ticketsearch;\n"
)
DROP_SCOPE = (
    DROP_INDEXES
    + "ALTER TABLE complaints_ticketsearch DROP COLUMN IF EXISTS scope;\n"
    + create_indexes("")
)


def add_scope(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_SCOPE)
        return
    # SQLite keeps no scope column: the copy alone, for a later switch.
    TicketSearch = apps.get_model("complaints", "TicketSearch")
    Ticket = apps.get_model("complaints", "Ticket")
    ticket = Ticket.objects.filter(pk=models.OuterRef("ticket_id"))
    TicketSearch.objects.update(
        queue_id=models.Subquery(ticket.values("queue_id")[:1]),
        assignee_id=models.Subquery(ticket.values("assignee_id")[:1]),
    )


def drop_scope(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SCOPE)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0025_notice_channels"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="ticketsearch",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="assignee",
            ),
        ),
        migrations.AddField(
            model_name="ticketsearch",
            name="queue",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="complaints.queue",
                verbose_name="queue",
            ),
        ),
        migrations.RunPython(add_scope, drop_scope, elidable=False),
    ]
