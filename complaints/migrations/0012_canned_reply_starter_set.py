"""Load the starter canned replies: one per ticket category and a request for
evidence per kind, in zh-Hans and en (complaints/data/canned_replies.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from complaints.data.canned_replies import canned_replies_apply

    canned_replies_apply(model=apps.get_model("complaints", "CannedReply"))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0011_refund_decided_at_from_service")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
