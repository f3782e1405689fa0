from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.UserLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.UserSignupView.as_view(), name="signup"),
    path("language/", views.language_set_view, name="language"),
    path("settings/", views.account_settings_view, name="settings"),
    path("settings/notices/", views.notice_channels_view, name="notice_channels"),
    # allauth's address book (add, remove, make primary) stays closed: a
    # customer's address comes from the wallet core, a staff member's from an
    # administrator, and notices go to that one address.
    path("email/", views.email_addresses_view, name="email_addresses"),
    path(
        "settings/api-token/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("password-reset/", views.password_reset_view, name="password_reset"),
    path(
        "password-reset/done/",
        views.password_reset_done_view,
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        views.password_reset_complete_view,
        name="password_reset_complete",
    ),
]
