from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WalletActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "wallet_actions"
    verbose_name = _("Wallet actions")

    def ready(self) -> None:
        from integrations.models import Event
        from integrations.webhooks import webhook_on_sent
        from wallet_actions.services import action_mark_sent

        webhook_on_sent(Event.WALLET_ACTION_REQUESTED, action_mark_sent)
