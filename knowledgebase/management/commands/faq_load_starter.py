from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from knowledgebase.services import starter_set_load


class Command(BaseCommand):
    help = (
        "Add the starter FAQ articles that are missing (by slug). Articles already "
        "present, edited or not, are left alone. Migration 0003 runs it once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        added = starter_set_load()
        self.stdout.write(
            self.style.SUCCESS(
                _("FAQ starter set: %(count)d articles added.") % {"count": added}
            )
        )
