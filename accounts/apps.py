from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from accounts.models import User
        from accounts.roles import roles_sync_after_migrate
        from accounts.tokens import tokens_revoke_on_credentials_change
        from config.security import login_failure_count

        post_migrate.connect(roles_sync_after_migrate, sender=self)
        user_login_failed.connect(login_failure_count)
        pre_save.connect(tokens_revoke_on_credentials_change, sender=User)
