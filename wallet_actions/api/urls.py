from django.urls import path

from wallet_actions.api import views

app_name = "wallet_actions_api"

urlpatterns = [
    path(
        "system/payment-checks/",
        views.PaymentCheckCreateApi.as_view(),
        name="payment_check_create",
    ),
    path(
        "system/wallet-actions/<int:action_id>/outcome/",
        views.WalletActionOutcomeApi.as_view(),
        name="outcome",
    ),
]
