from django.urls import path

from wallet_actions.api import views

app_name = "wallet_actions_api"

urlpatterns = [
    path(
        "system/wallet-actions/<int:action_id>/outcome/",
        views.WalletActionOutcomeApi.as_view(),
        name="outcome",
    ),
]
