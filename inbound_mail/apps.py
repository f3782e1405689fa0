from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundMailConfig(AppConfig):
    name = "inbound_mail"
    verbose_name = _("Inbound mail")
