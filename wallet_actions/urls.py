from django.urls import path

from wallet_actions import views

app_name = "wallet_actions"

urlpatterns = [
    path(
        "payment-checks/",
        views.MyPaymentCheckListView.as_view(),
        name="my_payment_checks",
    ),
    path(
        "payment-checks/<str:token>/",
        views.PaymentCheckAnswerView.as_view(),
        name="payment_check",
    ),
]
