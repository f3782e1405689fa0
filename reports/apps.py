from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports and spike alerts")

    def ready(self) -> None:
        from reports.rollups import marks, transactions

        marks.connect()
        transactions.connect()
