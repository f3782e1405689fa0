from django.urls import path

from incidents import views

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentStatusView.as_view(), name="status"),
    path(
        "incidents/<int:incident_id>/wait/",
        views.IncidentDeflectView.as_view(),
        name="deflect",
    ),
]
