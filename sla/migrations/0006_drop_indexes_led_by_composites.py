# Indexes that a composite index leading with the same column already serves:
# one fewer index to write per row (bench/README.md). Only the indexes go, not
# the foreign keys (config.migration_operations).

import django.db.models.deletion
from django.db import migrations, models

from config.migration_operations import foreign_key_index_drop


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0010_drop_indexes_led_by_composites'),
        ('sla', '0005_ticketclock_report_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='ticketclock',
            name='ticketclock_ticket_idx',
        ),
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='clockevent',
                name='clock',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='sla.ticketclock', verbose_name='clock'),
            ),
            index='sla_clockevent_clock_id_6b23ba1a',
            table='sla_clockevent',
            column='clock_id',
        ),
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='ticketclock',
                name='ticket',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='clocks', to='complaints.ticket', verbose_name='ticket'),
            ),
            index='sla_ticketclock_ticket_id_95bd28fb',
            table='sla_ticketclock',
            column='ticket_id',
        ),
    ]
