# Indexes that a composite index leading with the same column already serves:
# one fewer index to write per row (bench/README.md). Only the indexes go, not
# the foreign keys (config.migration_operations).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from config.migration_operations import foreign_key_index_drop


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='auditevent',
                name='actor',
                field=models.ForeignKey(blank=True, db_index=False, help_text='Empty when the system made the change.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor'),
            ),
            index='audit_auditevent_actor_id_270bb4b7',
            table='audit_auditevent',
            column='actor_id',
        ),
        foreign_key_index_drop(
            migrations.AlterField(
                model_name='auditevent',
                name='content_type',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='record type'),
            ),
            index='audit_auditevent_content_type_id_cddb36fd',
            table='audit_auditevent',
            column='content_type_id',
        ),
    ]
