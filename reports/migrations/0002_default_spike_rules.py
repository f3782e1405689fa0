from decimal import Decimal

from django.db import migrations

DEFAULT_RULES = [
    {
        "name": "Hourly tickets per category",
        "metric": "tickets_by_category",
        "window": "hour",
        "baseline_windows": 24,
        "threshold_ratio": Decimal("3.00"),
        "min_count": 10,
    },
    {
        "name": "Daily tickets per category",
        "metric": "tickets_by_category",
        "window": "day",
        "baseline_windows": 7,
        "threshold_ratio": Decimal("2.00"),
        "min_count": 20,
    },
    {
        "name": "Daily cancelled transactions per type",
        "metric": "cancellations_by_type",
        "window": "day",
        "baseline_windows": 7,
        "threshold_ratio": Decimal("2.00"),
        "min_count": 20,
    },
]


def rules_install(apps, schema_editor):
    rule_model = apps.get_model("reports", "SpikeRule")
    for spec in DEFAULT_RULES:
        rule_model.objects.get_or_create(name=spec["name"], defaults=spec)


def rules_remove(apps, schema_editor):
    rule_model = apps.get_model("reports", "SpikeRule")
    rule_model.objects.filter(
        name__in=[spec["name"] for spec in DEFAULT_RULES], alerts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(rules_install, rules_remove)]
