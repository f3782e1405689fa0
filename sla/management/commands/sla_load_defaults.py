from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from sla.data.defaults import defaults_install


class Command(BaseCommand):
    help = (
        "Add the shipped business-day calendars and regime profiles that are missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = defaults_install(apps)
        self.stdout.write(
            ", ".join(f"{name}: {count} added" for name, count in created.items())
        )
