from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Django's own model events (save, delete, m2m) feed the trail; the workflow
        # and notices never ride on these hooks.
        from audit import recorder

        recorder.recorder_connect()
