from django.urls import path

from transactions.api import views

app_name = "transactions_api"

urlpatterns = [
    path(
        "my/transactions/",
        views.CustomerTransactionListApi.as_view(),
        name="my_transaction_list",
    ),
    path(
        "system/transactions/",
        views.SystemTransactionPushApi.as_view(),
        name="system_transaction_push",
    ),
]
