from django.urls import path

from reports import export_views, views

app_name = "reports"

urlpatterns = [
    path("", views.ReportView.as_view(), name="report"),
    path("export.csv", views.ReportExportView.as_view(), name="export"),
    path("exports/", export_views.ExportStartView.as_view(), name="export_start"),
    path(
        "exports/<int:export_id>/status.json",
        export_views.ExportStatusView.as_view(),
        name="export_status",
    ),
    path(
        "exports/<int:export_id>/download/",
        export_views.ExportDownloadView.as_view(),
        name="export_download",
    ),
]
