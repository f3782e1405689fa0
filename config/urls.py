from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.favicon import favicon
from config.health import healthz, readyz

admin.site.site_header = _("Walletdesk support workspace")
admin.site.site_title = _("Walletdesk")
admin.site.index_title = _("Tickets and customers")
# The navigation sidebar is off (config.admin_site).
# The admin's log-in is the portal's (django-allauth): one form, one lockout, and
# the second factor staff must give.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("monitoring.urls")),
    path("readyz", readyz, name="readyz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("identity.urls")),
    # django-allauth's flows; the portal's own pages above win where paths meet.
    path("accounts/", include("allauth.urls")),
    path("api/", include("api.urls")),
    path("faq/", include("knowledgebase.urls")),
    path("reports/", include("reports.urls")),
    path("wallet/", include("wallet_actions.urls")),
    path("status/", include("incidents.urls")),
    path("", include("complaints.urls")),
]
