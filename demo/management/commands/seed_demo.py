import logging
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.second_factor import second_factor_required
from demo.demo_content import DEMO_PASSWORD, DEMO_TOTP_SECRET
from demo.demo_seed import demo_accounts, demo_seed

_MUTED_LOGGERS = (
    "celery.app.trace",
    "kombu.connection",
    "django_structlog.celery.receivers",
)


class Command(BaseCommand):
    help = (
        "Load the demo data: accounts, queues, wallet ledgers and about sixty "
        "tickets in every state. Safe to run again: it adds nothing the second time."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--quiet-accounts",
            action="store_true",
            help="Do not print the demo accounts at the end.",
        )

    def handle(self, *args: Any, quiet_accounts: bool, **options: Any) -> None:
        # The seed files tickets through the real services, so every notice is also
        # delivered; the dummy backend keeps a hundred demo emails off the console,
        # and eager Celery's per-task lines and the in-memory broker's hostname
        # warning are muted while it runs.
        loggers = [logging.getLogger(name) for name in _MUTED_LOGGERS]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        try:
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
            ):
                result = demo_seed()
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data: %(users)d accounts, %(transactions)d transactions and "
                    "%(tickets)d tickets added."
                )
                % {
                    "users": result.users_created,
                    "transactions": result.transactions_imported,
                    "tickets": result.tickets_created,
                }
            )
        )
        if quiet_accounts:
            return
        self._accounts_print()

    def _accounts_print(self) -> None:
        # Read back from the database, so the list says what the accounts are.
        accounts = demo_accounts()
        can_sign_in = [user for user in accounts if user.has_usable_password()]
        self.stdout.write(
            _("Demo accounts to sign in with (password %(password)s):")
            % {"password": DEMO_PASSWORD}
        )
        for user in can_sign_in:
            what = (
                _("superuser (every admin right)")
                if user.is_superuser
                else user.get_role_display().lower()
            )
            wallet = (
                f" · {user.wallet_account_id} {user.phone}"
                if user.is_customer and user.phone
                else ""
            )
            code = (
                " · " + _("and a code from an authenticator app")
                if second_factor_required(user=user)
                else ""
            )
            self.stdout.write(
                f"  {user.username:<12} {what} · {user.get_full_name()} · "
                f"{user.get_preferred_language_display()}{wallet}{code}"
            )
        self.stdout.write(
            _(
                "Supervisors, managers and the admin give a second factor: add the "
                "TOTP secret %(secret)s to an authenticator app (or type "
                "oathtool --totp -b %(secret)s) and enter its six-digit code."
            )
            % {"secret": DEMO_TOTP_SECRET}
        )
        self.stdout.write(
            _(
                "Customers also sign in with a code sent to their phone "
                "(/accounts/login/code/): with the console SMS backend the code "
                "is printed by the server."
            )
        )
        others = [user.username for user in accounts if user not in can_sign_in]
        if others:
            self.stdout.write(
                ngettext(
                    "%(count)d more account has no password; it fills the queues: "
                    "%(usernames)s.",
                    "%(count)d more accounts have no password; they fill the queues: "
                    "%(usernames)s.",
                    len(others),
                )
                % {"count": len(others), "usernames": ", ".join(others)}
            )
