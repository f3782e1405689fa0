from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """The wallet's customers: provisioned by the core, signed in by its app."""

    name = "identity"
    verbose_name = _("Wallet identity")
