# Indexes that a composite index leading with the same column already serves:
# one fewer index to write per row (bench/README.md).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0009_agent_loads'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='notice',
                    name='recipient',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to=settings.AUTH_USER_MODEL, verbose_name='recipient'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS complaints_notice_recipient_id_905d5f33',
                    reverse_sql='CREATE INDEX complaints_notice_recipient_id_905d5f33 ON complaints_notice (recipient_id)',
                ),
            ],
        ),
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='statuschange',
                    name='ticket',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='status_changes', to='complaints.ticket'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS complaints_statuschange_ticket_id_bf006e6f',
                    reverse_sql='CREATE INDEX complaints_statuschange_ticket_id_bf006e6f ON complaints_statuschange (ticket_id)',
                ),
            ],
        ),
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='ticket',
                    name='assignee',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_tickets', to=settings.AUTH_USER_MODEL, verbose_name='assignee'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS complaints_ticket_assignee_id_b014543d',
                    reverse_sql='CREATE INDEX complaints_ticket_assignee_id_b014543d ON complaints_ticket (assignee_id)',
                ),
            ],
        ),
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='ticket',
                    name='customer',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to=settings.AUTH_USER_MODEL, verbose_name='customer'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS complaints_ticket_customer_id_e82f9b5c',
                    reverse_sql='CREATE INDEX complaints_ticket_customer_id_e82f9b5c ON complaints_ticket (customer_id)',
                ),
            ],
        ),
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='ticket',
                    name='queue',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to='complaints.queue', verbose_name='queue'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS complaints_ticket_queue_id_a1f436a2',
                    reverse_sql='CREATE INDEX complaints_ticket_queue_id_a1f436a2 ON complaints_ticket (queue_id)',
                ),
            ],
        ),
    ]
