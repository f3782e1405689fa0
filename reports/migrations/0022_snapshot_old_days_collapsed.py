from django.db import migrations


class Migration(migrations.Migration):
    """Collapsed the old days of month snapshots; 0023 retakes every snapshot by
    week (with the old days collapsed), so this step has nothing left to do."""

    dependencies = [
        ("reports", "0021_dailyfigure_agent_index_unused"),
    ]

    operations = []
