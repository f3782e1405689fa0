from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and volume data: loaded by seed_demo and seed_volume, never by the product."""

    name = "demo"
    verbose_name = _("Demo data")
