# Indexes that a composite index leading with the same column already serves:
# one fewer index to write per row (bench/README.md). Only the indexes go, not
# the foreign keys (config.migration_operations).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from config.migration_operations import foreign_key_index_drop


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0009_agent_loads'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='notice',
                name='recipient',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to=settings.AUTH_USER_MODEL, verbose_name='recipient'),
            ),
            index='complaints_notice_recipient_id_905d5f33',
            table='complaints_notice',
            column='recipient_id',
        ),
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='statuschange',
                name='ticket',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='status_changes', to='complaints.ticket'),
            ),
            index='complaints_statuschange_ticket_id_bf006e6f',
            table='complaints_statuschange',
            column='ticket_id',
        ),
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='ticket',
                name='assignee',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_tickets', to=settings.AUTH_USER_MODEL, verbose_name='assignee'),
            ),
            index='complaints_ticket_assignee_id_b014543d',
            table='complaints_ticket',
            column='assignee_id',
        ),
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='ticket',
                name='customer',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to=settings.AUTH_USER_MODEL, verbose_name='customer'),
            ),
            index='complaints_ticket_customer_id_e82f9b5c',
            table='complaints_ticket',
            column='customer_id',
        ),
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='ticket',
                name='queue',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tickets', to='complaints.queue', verbose_name='queue'),
            ),
            index='complaints_ticket_queue_id_a1f436a2',
            table='complaints_ticket',
            column='queue_id',
        ),
    ]
