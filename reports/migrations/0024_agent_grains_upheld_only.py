from itertools import islice

from django.db import migrations
from django.db.models import Sum

# Ticket.Outcome values the reports count as upheld (reports.rollups.entries.UPHELD).
UPHELD = ("upheld", "partially_upheld")
AGENT_GRAINS = ("AgentFigure", "AgentDimensionFigure", "AgentDetailFigure")


def upheld_rows(apps, schema_editor):
    # The agent grains kept a row per outcome of an agent's resolutions
    # ("aro", key the outcome); the per-agent table only needs how many were
    # upheld, so they keep that ("aru", no key): each group's upheld rows
    # summed into one, the others dropped. Counts as before, fewer rows.
    # Under the fold lock (reports.rollups.fold.fold_lock: TicketRollup 0, held
    # to the migration's end), so no fold writes the grains meanwhile.
    lock = apps.get_model("reports", "TicketRollup")
    lock.objects.get_or_create(ticket_id=0)
    lock.objects.select_for_update().get(ticket_id=0)
    for name in AGENT_GRAINS:
        model = apps.get_model("reports", name)
        group = [
            field.name
            for field in model._meta.get_fields()
            if field.concrete and field.name not in ("id", "figure", "key", "count")
        ]
        sums = (
            model.objects.filter(figure="aro", key__in=UPHELD)
            .values(*group)
            .annotate(total=Sum("count"))
            .exclude(total=0)
            .order_by()
            .iterator(chunk_size=5000)
        )
        while chunk := list(islice(sums, 5000)):
            model.objects.bulk_create(
                model(
                    figure="aru",
                    key="",
                    count=row.pop("total"),
                    **row,
                )
                for row in chunk
            )
        model.objects.filter(figure="aro").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0023_snapshots_by_week"),
    ]

    operations = [
        migrations.RunPython(upheld_rows, migrations.RunPython.noop),
    ]
