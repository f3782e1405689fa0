from django.apps import AppConfig


class WalletIdConfig(AppConfig):
    name = "identity.walletid"
    label = "walletid"
    verbose_name = "Wallet identity provider"
