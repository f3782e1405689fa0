"""Foreign keys whose own index a composite index already serves (bench/README.md)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# table, column, the index Django created for the foreign key (dropped since):
# each column is the first of a composite index on its table.
LED_BY_A_COMPOSITE = [
    ("complaints_ticket", "customer_id", "complaints_ticket_customer_id_e82f9b5c"),
    ("complaints_ticket", "assignee_id", "complaints_ticket_assignee_id_b014543d"),
    ("complaints_ticket", "queue_id", "complaints_ticket_queue_id_a1f436a2"),
    (
        "complaints_statuschange",
        "ticket_id",
        "complaints_statuschange_ticket_id_bf006e6f",
    ),
    ("complaints_notice", "recipient_id", "complaints_notice_recipient_id_905d5f33"),
    ("sla_ticketclock", "ticket_id", "sla_ticketclock_ticket_id_95bd28fb"),
    ("sla_clockevent", "clock_id", "sla_clockevent_clock_id_6b23ba1a"),
    ("audit_auditevent", "actor_id", "audit_auditevent_actor_id_270bb4b7"),
    (
        "audit_auditevent",
        "content_type_id",
        "audit_auditevent_content_type_id_cddb36fd",
    ),
]


@pytest.mark.parametrize(("table", "column", "index"), LED_BY_A_COMPOSITE)
def test_a_composite_index_serves_the_foreign_key_which_stays(
    table: str, column: str, index: str
) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    led = [
        name
        for name, c in constraints.items()
        if c["index"] and len(c["columns"]) > 1 and c["columns"][0] == column
    ]
    foreign_columns = [c["columns"] for c in constraints.values() if c["foreign_key"]]

    assert index not in constraints
    assert led, f"no composite index on {table} leads with {column}"
    assert [column] in foreign_columns, f"{table}.{column} lost its foreign key"


@pytest.mark.postgres
def test_search_indexes_take_writes_at_once_so_no_search_reads_a_pending_list():
    # GIN's fast update queues writes in a list every search scan reads whole
    # (migration complaints.0029).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relkind = 'i' "
            "AND relam = (SELECT oid FROM pg_am WHERE amname = 'gin') "
            "AND relname LIKE %s",
            ["ticketsearch%"],
        )
        options = dict(cursor.fetchall())

    assert len(options) == 4
    assert all("fastupdate=off" in (found or []) for found in options.values())


@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("reports_summaryfigure", "summaryfigure_once"),
        ("reports_agentdetailfigure", "agentdetailfigure_once"),
    ],
)
def test_the_grains_read_under_several_filters_lead_with_the_category(
    table: str, index: str
) -> None:
    # A report filtered by the category and other dimensions reads that
    # category's range of the index, not the whole span's (reports.models.rollups.
    # NARROWING_ORDER; bench/README.md, session 27).
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)

    assert constraints[index]["unique"]
    assert constraints[index]["columns"][:6] == [
        "span",
        "figure",
        "day",
        "category",
        "channel",
        "kind",
    ]


@pytest.mark.postgres
def test_the_agent_index_narrows_each_span_by_the_category() -> None:
    # A report filtered by the agent and the category reads that agent's rows
    # of the category alone in each span, not every category's (migration
    # 0027; bench/README.md, session 29). Before it, the six dimensions were
    # included columns after the day, in DIMENSIONS' order.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, "reports_agentdetailfigure"
        )

    assert constraints["agentdetailfigure_agent_idx"]["columns"][:7] == [
        "agent_id",
        "span",
        "figure",
        "day",
        "category",
        "channel",
        "kind",
    ]
