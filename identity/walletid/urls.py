from django.urls import path

from identity.walletid import views

urlpatterns = [
    path("wallet-id/<str:provider_id>/login/", views.login, name="walletid_login"),
    path(
        "wallet-id/<str:provider_id>/login/callback/",
        views.callback,
        name="walletid_callback",
    ),
]
