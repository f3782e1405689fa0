from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from complaints.routing import ROUTES

        ROUTES.connect()
