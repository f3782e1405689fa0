from django.urls import path

from incidents.api import views

app_name = "incidents_api"

urlpatterns = [
    path("incidents/", views.IncidentListApi.as_view(), name="incident_list"),
]
