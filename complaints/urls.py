from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tickets/", views.TicketListView.as_view(), name="ticket_list"),
    path(
        "tickets/<str:reference>/",
        views.TicketDetailView.as_view(),
        name="ticket_detail",
    ),
    path(
        "tickets/<str:reference>/files/<str:token>/",
        views.attachment_download_view,
        name="attachment_download",
    ),
    path("track/", views.TrackView.as_view(), name="track"),
]
