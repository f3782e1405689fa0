from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from knowledgebase.services import articles_reindex


class Command(BaseCommand):
    help = (
        "Recompute every article's sanitised HTML and search tokens, for example "
        "after an upgrade changed the segmenter or the allowed HTML."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = articles_reindex()
        self.stdout.write(
            self.style.SUCCESS(
                _("FAQ: %(count)d articles reindexed.") % {"count": count}
            )
        )
