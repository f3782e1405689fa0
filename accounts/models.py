from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.errors import AccountClosedError
from accounts.phones import phone_validate


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

    class AccountStatus(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

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
    phone = models.CharField(
        _("phone"),
        max_length=32,
        blank=True,
        validators=[phone_validate],
        help_text=_("International E.164 form, such as +8613800138000."),
    )
    # The wallet core's name for the customer: it provisions customers and pushes
    # their transactions by this id. Customers who signed up here before the
    # core provisioned them got their username (migration 0003, user_create).
    wallet_account_id = models.CharField(
        _("wallet account id"),
        max_length=150,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The wallet core's id for this customer; empty for staff."),
    )
    # Notice channels the person chose (in-app is always on). Email is on unless
    # turned off; SMS only when asked for: texts reach a phone the wallet core
    # provisioned for sign-in codes, and a customer opts in to notices there.
    notify_by_email = models.BooleanField(_("notices by email"), default=True)
    notify_by_sms = models.BooleanField(_("notices by SMS"), default=False)
    account_status = models.CharField(
        _("wallet account status"),
        max_length=8,
        choices=AccountStatus.choices,
        default=AccountStatus.ACTIVE,
        help_text=_(
            "Set by the wallet core. A closed account follows its tickets but files no new ones."
        ),
    )

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
            models.CheckConstraint(
                condition=models.Q(account_status__in=["active", "closed"]),
                name="user_account_status_valid",
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
    def is_wallet_closed(self) -> bool:
        return self.account_status == self.AccountStatus.CLOSED

    def filing_check(self) -> None:
        """Refuse a new ticket from a closed wallet account (AccountClosedError).

        The one home of the rule: the filing service (the authority), the portal
        and the API ask it. Following and replying to existing tickets stays open.
        """
        if self.is_wallet_closed:
            raise AccountClosedError

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
