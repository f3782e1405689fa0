from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change to an audited row: who, when, from where, which fields.

    Append-only: no add, change or delete permission exists, the admin is
    read-only, and a database trigger refuses UPDATE and DELETE. Values of
    personal fields are never stored (only that they changed), so redacting a
    ticket leaves nothing personal behind here.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        REDACT = "redact", _("Personal data removed")
        # Nothing changed: a request that could impersonate someone was refused.
        REFUSE = "refuse", _("Refused")

    class Source(models.TextChoices):
        WEB = "web", _("Customer portal")
        ADMIN = "admin", _("Staff workspace")
        API = "api", _("API")
        COMMAND = "command", _("Management command")
        SYSTEM = "system", _("System or background task")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        help_text=_("Empty when the system made the change."),
        db_index=False,  # auditevent_actor_idx leads with it
    )
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("record type"),
        db_index=False,  # auditevent_object_idx leads with it
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    changes = models.JSONField(
        _("changes"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_("Field: [before, after]. Personal values are not kept."),
    )
    remote_addr = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        # Nobody, superusers included (the admin refuses them), may add, change or
        # delete an event by hand.
        default_permissions = ("view",)
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-at"],
                name="auditevent_object_idx",
            ),
            models.Index(fields=["actor", "-at"], name="auditevent_actor_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_action_display()} {self.object_repr} {self.at:%Y-%m-%d %H:%M}"
        )
