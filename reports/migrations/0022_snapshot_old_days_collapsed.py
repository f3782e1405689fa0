from django.db import migrations


def snapshot_keys_collapse(apps, schema_editor):
    # A snapshot now keeps one key for every ticket received BACKLOG_OLDEST
    # days or more before its month (reports.rollups.snapshots.snapshot_key):
    # the snapshots already taken get it here. A new database has none.
    if not apps.get_model("reports", "OpenSnapshotMonth").objects.exists():
        return
    from reports.rollups.fold import fold_lock
    from reports.rollups.snapshots import snapshot_keys_collapse

    fold_lock()
    snapshot_keys_collapse()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0021_dailyfigure_agent_index_unused"),
    ]

    operations = [
        migrations.RunPython(snapshot_keys_collapse, migrations.RunPython.noop),
    ]
