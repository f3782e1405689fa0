from django.urls import path

from identity import phone_views, views

app_name = "identity"

urlpatterns = [
    path("link/<str:token>/", views.HandoffView.as_view(), name="handoff"),
    # django-allauth's log-in-by-code paths, served by the phone pages.
    path("login/code/", phone_views.PhoneCodeRequestView.as_view(), name="phone_code"),
    path(
        "login/code/confirm/",
        phone_views.phone_code_confirm_view,
        name="phone_code_confirm",
    ),
]
