# The grains' unique constraints become CoveringUniqueConstraint
# (config.covering_constraints): the same covering index on PostgreSQL, where
# nothing changes, and a unique index on SQLite, where Django had left the
# constraint out and the grains' upserts (ON CONFLICT) failed.

from django.db import migrations

from config.covering_constraints import CoveringUniqueConstraint

GRAINS = {
    "summaryfigure": CoveringUniqueConstraint(
        covering=("count",),
        fields=(
            "span",
            "figure",
            "day",
            "kind",
            "category",
            "queue_id",
            "channel",
            "language",
            "profile_id",
            "key",
        ),
        name="summaryfigure_once",
    ),
    "agentfigure": CoveringUniqueConstraint(
        covering=("count",),
        fields=("span", "figure", "day", "agent_id", "key"),
        name="agentfigure_once",
    ),
    "agentdetailfigure": CoveringUniqueConstraint(
        covering=("count",),
        fields=(
            "span",
            "figure",
            "day",
            "kind",
            "category",
            "queue_id",
            "channel",
            "language",
            "profile_id",
            "agent_id",
            "key",
        ),
        name="agentdetailfigure_once",
    ),
}


def unique_where_missing(apps, schema_editor):
    if schema_editor.connection.features.supports_covering_indexes:
        return  # the covering unique indexes exist (0007, 0008, 0010)
    # Without the index the grains may hold a key twice: they are derived from
    # DailyFigure, so they are emptied, made unique and derived again.
    for model_name, constraint in GRAINS.items():
        model = apps.get_model("reports", model_name)
        model.objects.all().delete()
        schema_editor.execute(constraint.create_sql(model, schema_editor))
    if apps.get_model("reports", "DailyFigure").objects.exists():
        from reports.rollups.fold import summary_rebuild_all
        from reports.rollups.grains import AGENT_DETAIL, AGENTS, SUMMARY

        # The grains this schema has (a later migration adds more).
        summary_rebuild_all((SUMMARY, AGENTS, AGENT_DETAIL))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0013_week_rows"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(
                    migrations.RemoveConstraint(
                        model_name=model_name, name=constraint.name
                    )
                    for model_name, constraint in GRAINS.items()
                ),
                *(
                    migrations.AddConstraint(
                        model_name=model_name, constraint=constraint
                    )
                    for model_name, constraint in GRAINS.items()
                ),
            ],
            database_operations=[
                migrations.RunPython(unique_where_missing, migrations.RunPython.noop)
            ],
        )
    ]
