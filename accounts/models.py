from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class User(AbstractUser):
    class Role(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        AGENT = "agent", _("Support agent")
        SUPERVISOR = "supervisor", _("Supervisor")
        MANAGER = "manager", _("Manager")

    role = models.CharField(
        _("role"),
        max_length=16,
        choices=Role.choices,
        default=Role.CUSTOMER,
        db_index=True,
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ZH_HANS,
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The agent workspace finds a customer's tickets by exact email.
        indexes = [models.Index(fields=["email"], name="user_email_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    role__in=["customer", "agent", "supervisor", "manager"]
                ),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Chinese names read family name first, with no space (王小明)."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if _has_cjk(first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()

    @property
    def is_customer(self) -> bool:
        return self.role == self.Role.CUSTOMER

    @property
    def is_desk_staff(self) -> bool:
        """An active agent or supervisor: the people who work tickets.

        The one "who is staff" rule: the workflow, services, API permissions and
        admin ask it; querysets filter with desk_staff_filter().
        """
        return self.is_active and self.role in DESK_STAFF_ROLES

    @property
    def is_desk_reader(self) -> bool:
        """Desk staff, or an active manager (who reads tickets but never writes)."""
        return self.is_active and self.role in DESK_READER_ROLES

    @property
    def is_supervisor(self) -> bool:
        """An active supervisor (extends deadlines, approves, changes SLA rules)."""
        return self.is_active and self.role == self.Role.SUPERVISOR

    @property
    def is_report_reader(self) -> bool:
        """An active supervisor or manager, or a superuser: who reads the reports."""
        return self.is_active and (
            self.role in REPORT_READER_ROLES or self.is_superuser
        )

    @classmethod
    def desk_staff_filter(cls) -> models.Q:
        """is_desk_staff as a queryset filter (assignee choices, queue members)."""
        return models.Q(role__in=sorted(DESK_STAFF_ROLES), is_active=True)


# Roles as plain strings, in the order they are listed (migrations read them).
DESK_STAFF_ROLES: tuple[str, ...] = ("agent", "supervisor")
DESK_READER_ROLES: tuple[str, ...] = (*DESK_STAFF_ROLES, "manager")
REPORT_READER_ROLES: tuple[str, ...] = ("supervisor", "manager")
