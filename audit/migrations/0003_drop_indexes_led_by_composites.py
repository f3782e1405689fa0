# Indexes that a composite index leading with the same column already serves:
# one fewer index to write per row (bench/README.md).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='auditevent',
                    name='actor',
                    field=models.ForeignKey(blank=True, db_index=False, help_text='Empty when the system made the change.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS audit_auditevent_actor_id_270bb4b7',
                    reverse_sql='CREATE INDEX audit_auditevent_actor_id_270bb4b7 ON audit_auditevent (actor_id)',
                ),
            ],
        ),
        # Only the index goes: AlterField would also drop and re-add the
        # foreign key, checking every row under an exclusive lock.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='auditevent',
                    name='content_type',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='record type'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS audit_auditevent_content_type_id_cddb36fd',
                    reverse_sql='CREATE INDEX audit_auditevent_content_type_id_cddb36fd ON audit_auditevent (content_type_id)',
                ),
            ],
        ),
    ]
