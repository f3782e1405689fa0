"""The admin site: Django's own, building its app list only where a page shows it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class WalletdeskAdminSite(admin.AdminSite):
    # The ticket list needs the width; the admin home lists every section anyway.
    enable_nav_sidebar = False

    def get_app_list(
        self, request: HttpRequest, app_label: str | None = None
    ) -> list[dict]:
        """The apps and models the user may see, on the index pages only.

        each_context asks for this list on every admin page for the navigation
        sidebar alone; with the sidebar off it is drawn only by the index and
        the app index. Building it checks four permissions of each registered
        model: 2-3 ms of every ticket list and case page (bench/README.md).
        """
        match = getattr(request, "resolver_match", None)
        if (
            not self.enable_nav_sidebar
            and match is not None
            and match.url_name not in {"index", "app_list"}
        ):
            return []
        return super().get_app_list(request, app_label)


class WalletdeskAdminConfig(AdminConfig):
    default_site = "config.admin_site.WalletdeskAdminSite"
