from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import DESK_STAFF_ROLES
from config.bilingual import BilingualName


class Queue(BilingualName):
    class Assignment(models.TextChoices):
        MANUAL = "manual", _("Manual: agents take tickets")
        LEAST_LOADED = "least_loaded", _("Automatic: least-loaded agent")
        ROUND_ROBIN = "round_robin", _("Automatic: round-robin")

    name = models.CharField(_("name (English)"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="queues",
        limit_choices_to={"role__in": list(DESK_STAFF_ROLES)},
        verbose_name=_("agents"),
    )
    assignment = models.CharField(
        _("assignment on receipt"),
        max_length=16,
        choices=Assignment.choices,
        default=Assignment.LEAST_LOADED,
        help_text=_("How new tickets routed here get an assignee."),
    )
    last_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last assigned agent"),
    )

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name
