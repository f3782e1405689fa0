"""Names stored as data (queues, SLA profiles, calendars) in both site languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    """Adds the Simplified Chinese name beside a model's English `name` field.

    str() and display_name pick the active language's name, so the admin, the
    reports and the case page need no per-language code of their own.
    """

    name_zh_hans = models.CharField(
        _("name (Simplified Chinese)"),
        max_length=100,
        blank=True,
        help_text=_("Shown when the page is in Chinese; the English name otherwise."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        language = get_language() or ""
        if language.startswith("zh") and self.name_zh_hans:
            return self.name_zh_hans
        return self.name  # type: ignore[attr-defined]
