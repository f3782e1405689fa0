from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_ticket_open_assignee_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="is_on_legal_hold",
            field=models.BooleanField(
                default=False,
                help_text="Kept in full, never redacted, while a dispute, inquiry or court order needs the record.",
                verbose_name="on legal hold",
            ),
        ),
        migrations.AddField(
            model_name="ticket",
            name="redacted_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="personal data removed at",
            ),
        ),
    ]
