# SummaryDimensionFigure gains an index by day before value, so the trend (by
# kind) and the spike rules (by category) read a few days' rows of every value
# of one dimension instead of every day's (bench/README.md, session 29).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0025_grains_narrowing_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="summarydimensionfigure",
            index=models.Index(
                fields=["span", "figure", "dimension", "day"],
                include=("value", "key", "count"),
                name="summarydimfigure_day_idx",
            ),
        ),
    ]
