from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from accounts import permission_cache
        from accounts.models import User
        from accounts.roles import roles_sync_after_migrate
        from accounts.second_factor import (
            enrolment_due_on_change,
            enrolment_due_on_login,
        )
        from accounts.tokens import tokens_revoke_on_credentials_change
        from config.security import login_failure_count

        post_migrate.connect(roles_sync_after_migrate, sender=self)
        permission_cache.connect()
        user_login_failed.connect(login_failure_count)
        user_logged_in.connect(enrolment_due_on_login)
        authenticator_removed.connect(enrolment_due_on_change)
        pre_save.connect(tokens_revoke_on_credentials_change, sender=User)
