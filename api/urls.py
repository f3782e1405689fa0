"""The API: version 1 under /api/v1/, its OpenAPI schema and docs page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from api.views import ApiNotFoundApi, SchemaApi

urlpatterns = [
    path("v1/", include("complaints.api.urls")),
    path("v1/", include("transactions.api.urls")),
    path("v1/", include("knowledgebase.api.urls")),
    path("v1/", include("incidents.api.urls")),
    path("v1/", include("identity.api.urls")),
    path("v1/", include("wallet_actions.api.urls")),
    path("schema/", SchemaApi.as_view(), name="api_schema"),
    path(
        "docs/",
        # The split view serves its start-up script as a file: no inline script,
        # so the Content-Security-Policy needs no 'unsafe-inline'.
        SpectacularSwaggerSplitView.as_view(url_name="api_schema"),
        name="api_docs",
    ),
    re_path(r"^.*$", ApiNotFoundApi.as_view(), name="api_not_found"),
]
