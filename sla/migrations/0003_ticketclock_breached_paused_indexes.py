from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0002_default_calendars_and_profiles"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ticketclock",
            index=models.Index(
                condition=models.Q(("breached_at__isnull", False)),
                fields=["ticket"],
                name="ticketclock_breached_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="ticketclock",
            index=models.Index(
                condition=models.Q(
                    ("paused_at__isnull", False), ("stopped_at__isnull", True)
                ),
                fields=["ticket"],
                name="ticketclock_paused_idx",
            ),
        ),
    ]
