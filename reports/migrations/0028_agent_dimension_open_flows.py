from itertools import islice

from django.db import migrations
from django.db.models import Sum

OPEN_FIGURES = ("opn", "ops")
# The dimensions AgentDimensionFigure keeps one at a time (reports.rollups.grains.AGENT_BY).
DIMENSIONS = ("kind", "category", "queue_id", "channel", "language", "profile_id")


def open_flows_build(apps, schema_editor):
    # AgentDimensionFigure now keeps the agent grain's open flows and snapshots
    # (reports.rollups.grains.AGENT_BY: no key, day and week rows of the flows,
    # day rows of the snapshots), so the open tickets per agent of a report
    # filtered by one dimension, alone or with the agent, no longer read
    # AgentDetailFigure's rows by the day received. Existing rollups get them
    # summed from AgentDetailFigure, which keeps every dimension and the same
    # spans of these figures. Under the fold lock (reports.rollups.fold.fold_lock:
    # TicketRollup 0, held to the migration's end), so no fold writes meanwhile.
    lock = apps.get_model("reports", "TicketRollup")
    lock.objects.get_or_create(ticket_id=0)
    lock.objects.select_for_update().get(ticket_id=0)
    detail = apps.get_model("reports", "AgentDetailFigure")
    target = apps.get_model("reports", "AgentDimensionFigure")
    for name in DIMENSIONS:
        sums = (
            detail.objects.filter(figure__in=OPEN_FIGURES)
            .values("span", "day", "figure", "agent_id", name)
            .annotate(total=Sum("count"))
            .exclude(total=0)
            .order_by()
            .iterator(chunk_size=5000)
        )
        while chunk := list(islice(sums, 5000)):
            target.objects.bulk_create(
                target(
                    span=row["span"],
                    day=row["day"],
                    figure=row["figure"],
                    agent_id=row["agent_id"],
                    dimension=name,
                    value=str(row[name]),
                    key="",
                    count=row["total"],
                )
                for row in chunk
            )


def open_flows_drop(apps, schema_editor):
    apps.get_model("reports", "AgentDimensionFigure").objects.filter(
        figure__in=OPEN_FIGURES
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0027_agent_detail_index_narrowing"),
    ]

    operations = [
        migrations.RunPython(open_flows_build, open_flows_drop),
    ]
