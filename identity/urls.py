from django.urls import path

from identity import views

app_name = "identity"

urlpatterns = [
    path("link/<str:token>/", views.HandoffView.as_view(), name="handoff"),
]
