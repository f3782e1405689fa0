from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_notice_spike_alert"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status", "resolved"), _negated=True),
                fields=["assignee", "-received_at", "-id"],
                name="ticket_open_assignee_idx",
            ),
        ),
    ]
