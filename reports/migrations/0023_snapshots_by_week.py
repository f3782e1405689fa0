from django.db import migrations, models


def snapshots_by_week(apps, schema_editor):
    # The open snapshots are taken by week (reports.rollups.snapshots): drop the
    # month ones, in DailyFigure and the grains, and take every week's from the
    # flows. A new database has no flows.
    if not apps.get_model("reports", "DailyFigure").objects.filter(
        figure="opn"
    ).exists():
        return
    from reports.rollups.fold import fold_lock
    from reports.rollups.snapshots import open_snapshots_retake

    fold_lock()
    open_snapshots_retake()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0022_snapshot_old_days_collapsed"),
    ]

    operations = [
        migrations.RenameModel("OpenSnapshotMonth", "OpenSnapshotWeek"),
        migrations.RenameField("opensnapshotweek", "month", "week"),
        migrations.AlterField(
            model_name="opensnapshotweek",
            name="week",
            field=models.DateField(unique=True, verbose_name="week"),
        ),
        migrations.AlterModelOptions(
            name="opensnapshotweek",
            options={
                "ordering": ["week"],
                "verbose_name": "open snapshot",
                "verbose_name_plural": "open snapshots",
            },
        ),
        migrations.RunPython(snapshots_by_week, migrations.RunPython.noop),
    ]
