from django.db import migrations, models


def span_rows_build(apps, schema_editor):
    # Every figure summed over days now has week, quarter and year rows
    # (reports.rollups.spans): existing rollups get theirs from their day and
    # month rows here, so no report reads a span with none. A new database has
    # none.
    if not apps.get_model("reports", "DailyFigure").objects.exists():
        return
    from reports.rollups.fold import span_rows_rebuild_all

    span_rows_rebuild_all()


def span_field():
    return models.CharField(
        choices=[
            ("d", "Day"),
            ("w", "Week"),
            ("m", "Month"),
            ("q", "Quarter"),
            ("y", "Year"),
        ],
        max_length=1,
        verbose_name="span",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0017_spike_rule_chinese_names"),
    ]

    operations = [
        *(
            migrations.AlterField(model_name=name, name="span", field=span_field())
            for name in (
                "agentdetailfigure",
                "agentdimensionfigure",
                "agentfigure",
                "summarydimensionfigure",
                "summaryfigure",
            )
        ),
        migrations.RunPython(span_rows_build, migrations.RunPython.noop),
    ]
