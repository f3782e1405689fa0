from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("SLA clocks and calendars")

    def ready(self) -> None:
        from sla.setup import SLA_SETUP

        SLA_SETUP.connect()
