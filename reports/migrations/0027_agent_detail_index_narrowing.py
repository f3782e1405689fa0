# AgentDetailFigure's agent index keeps the dimensions as key columns in
# reports.models.rollups.NARROWING_ORDER (they were included columns), so a
# report filtered by the agent and the category reads that category's rows of
# each span alone (bench/README.md, session 29).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0026_summary_dimension_day_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="agentdetailfigure",
            name="agentdetailfigure_agent_idx",
        ),
        migrations.AddIndex(
            model_name="agentdetailfigure",
            index=models.Index(
                fields=[
                    "agent_id",
                    "span",
                    "figure",
                    "day",
                    "category",
                    "channel",
                    "kind",
                    "queue_id",
                    "language",
                    "profile_id",
                ],
                include=("key", "count"),
                name="agentdetailfigure_agent_idx",
            ),
        ),
    ]
