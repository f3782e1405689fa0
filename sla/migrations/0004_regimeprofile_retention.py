from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0003_ticketclock_breached_paused_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="regimeprofile",
            name="retention_days",
            field=models.PositiveIntegerField(
                default=1825,
                help_text="Days after a ticket is resolved before its personal data is removed; the figures stay.",
                verbose_name="keep personal data for (days)",
            ),
        ),
        migrations.AddField(
            model_name="regimeprofile",
            name="is_on_legal_hold",
            field=models.BooleanField(
                default=False,
                help_text="While set, no ticket under this profile is redacted.",
                verbose_name="legal hold",
            ),
        ),
    ]
