# Indexes that a composite index leading with the same column already serves:
# one fewer index to write per row (bench/README.md).

import django.db.models.deletion
from django.db import migrations, models


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
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='clockevent',
                    name='clock',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='sla.ticketclock', verbose_name='clock'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS sla_clockevent_clock_id_6b23ba1a',
                    reverse_sql='CREATE INDEX sla_clockevent_clock_id_6b23ba1a ON sla_clockevent (clock_id)',
                ),
            ],
        ),
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='ticketclock',
                    name='ticket',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='clocks', to='complaints.ticket', verbose_name='ticket'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS sla_ticketclock_ticket_id_95bd28fb',
                    reverse_sql='CREATE INDEX sla_ticketclock_ticket_id_95bd28fb ON sla_ticketclock (ticket_id)',
                ),
            ],
        ),
    ]
