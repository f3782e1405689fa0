from django.urls import path

from complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tickets/", views.TicketListView.as_view(), name="ticket_list"),
    path("tickets/new/", views.TicketStartView.as_view(), name="ticket_start"),
    path(
        "tickets/new/<slug:situation>/",
        views.TicketCreateView.as_view(),
        name="ticket_create",
    ),
    path(
        "tickets/<str:reference>/",
        views.TicketDetailView.as_view(),
        name="ticket_detail",
    ),
    path(
        "tickets/<str:reference>/submitted/",
        views.TicketSubmittedView.as_view(),
        name="ticket_submitted",
    ),
    path(
        "tickets/<str:reference>/reply/",
        views.MessageCreateView.as_view(),
        name="message_create",
    ),
    path(
        "tickets/<str:reference>/reopen/",
        views.TicketReopenView.as_view(),
        name="ticket_reopen",
    ),
    path(
        "tickets/<str:reference>/rate/",
        views.TicketRateView.as_view(),
        name="ticket_rate",
    ),
    path(
        "tickets/<str:reference>/files/<str:token>/",
        views.attachment_download_view,
        name="attachment_download",
    ),
    path("notices/", views.NoticeListView.as_view(), name="notice_list"),
    path("notices/read/", views.NoticeReadView.as_view(), name="notice_read"),
    path("track/", views.TrackView.as_view(), name="track"),
    path("track/sent/", views.TrackSentView.as_view(), name="track_sent"),
    path(
        "track/<str:token>/",
        views.TrackTicketView.as_view(),
        name="track_ticket",
    ),
]
