from django.db import migrations

from sla.data.defaults import defaults_install


def install(apps, schema_editor):
    defaults_install(apps)


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
