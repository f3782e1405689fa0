from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from complaints.admin.case import CANNED_REPLIES
        from complaints.admin.queue_choices import QUEUES
        from complaints.routing import ROUTES

        ROUTES.connect()
        QUEUES.connect()
        CANNED_REPLIES.connect()
