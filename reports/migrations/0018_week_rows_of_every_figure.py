from django.db import migrations


def week_rows_build(apps, schema_editor):
    # Every figure summed over days now has week rows (reports.rollups.grains):
    # existing rollups get theirs from their day rows here, so no report reads
    # a week with none. A new database has none.
    if not apps.get_model("reports", "DailyFigure").objects.exists():
        return
    from reports.rollups.fold import week_rows_rebuild_all

    week_rows_rebuild_all()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0017_spike_rule_chinese_names"),
    ]

    operations = [
        migrations.RunPython(week_rows_build, migrations.RunPython.noop),
    ]
