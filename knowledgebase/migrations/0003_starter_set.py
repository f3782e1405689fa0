"""Load the starter FAQ (33 published articles in zh-Hans and en, one internal)."""

from django.db import migrations


def load(apps, schema_editor):
    from knowledgebase.starter import starter_set_apply

    starter_set_apply(
        category_model=apps.get_model("knowledgebase", "Category"),
        article_model=apps.get_model("knowledgebase", "Article"),
    )


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0002_search_indexes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
