from django.urls import path

from complaints.api import views

app_name = "complaints_api"

urlpatterns = [
    path("auth/token/", views.TokenCreateApi.as_view(), name="token_create"),
    path("auth/token/current/", views.TokenRevokeApi.as_view(), name="token_revoke"),
    path(
        "my/tickets/",
        views.CustomerTicketListCreateApi.as_view(),
        name="my_ticket_list",
    ),
    path(
        "my/tickets/<str:reference>/",
        views.CustomerTicketDetailApi.as_view(),
        name="my_ticket_detail",
    ),
    path(
        "my/tickets/<str:reference>/messages/",
        views.CustomerMessageCreateApi.as_view(),
        name="my_message_create",
    ),
    path(
        "my/tickets/<str:reference>/attachments/",
        views.CustomerAttachmentCreateApi.as_view(),
        name="my_attachment_create",
    ),
    path(
        "my/tickets/<str:reference>/reopen/",
        views.CustomerTicketReopenApi.as_view(),
        name="my_ticket_reopen",
    ),
    path(
        "my/tickets/<str:reference>/rating/",
        views.CustomerTicketRateApi.as_view(),
        name="my_ticket_rate",
    ),
    path("desk/tickets/", views.StaffTicketListApi.as_view(), name="desk_ticket_list"),
    path(
        "desk/tickets/<str:reference>/",
        views.StaffTicketDetailApi.as_view(),
        name="desk_ticket_detail",
    ),
    path(
        "desk/tickets/<str:reference>/moves/",
        views.StaffTicketTransitionApi.as_view(),
        name="desk_ticket_move",
    ),
    path(
        "desk/tickets/<str:reference>/messages/",
        views.StaffMessageCreateApi.as_view(),
        name="desk_message_create",
    ),
    path(
        "desk/tickets/<str:reference>/hold/",
        views.StaffTicketHoldApi.as_view(),
        name="desk_ticket_hold",
    ),
    path(
        "desk/tickets/<str:reference>/assignment/",
        views.StaffTicketAssignApi.as_view(),
        name="desk_ticket_assign",
    ),
    path(
        "desk/tickets/<str:reference>/triage/",
        views.StaffTicketTriageApi.as_view(),
        name="desk_ticket_triage",
    ),
    path(
        "system/tickets/",
        views.SystemTicketListApi.as_view(),
        name="system_ticket_list",
    ),
]
