# The unique indexes of SummaryFigure and AgentDetailFigure list the dimensions
# in reports.models.rollups.NARROWING_ORDER (the category first), so a report
# filtered by several dimensions reads a narrower range of them (bench/README.md,
# session 27).

from django.db import migrations

import config.covering_constraints


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0024_agent_grains_upheld_only"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="agentdetailfigure",
            name="agentdetailfigure_once",
        ),
        migrations.RemoveConstraint(
            model_name="summaryfigure",
            name="summaryfigure_once",
        ),
        migrations.AddConstraint(
            model_name="agentdetailfigure",
            constraint=config.covering_constraints.CoveringUniqueConstraint(
                covering=("count",),
                fields=(
                    "span",
                    "figure",
                    "day",
                    "category",
                    "channel",
                    "kind",
                    "queue_id",
                    "language",
                    "profile_id",
                    "agent_id",
                    "key",
                ),
                name="agentdetailfigure_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="summaryfigure",
            constraint=config.covering_constraints.CoveringUniqueConstraint(
                covering=("count",),
                fields=(
                    "span",
                    "figure",
                    "day",
                    "category",
                    "channel",
                    "kind",
                    "queue_id",
                    "language",
                    "profile_id",
                    "key",
                ),
                name="summaryfigure_once",
            ),
        ),
    ]
