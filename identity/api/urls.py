from django.urls import path

from identity.api import views

app_name = "identity_api"

urlpatterns = [
    path(
        "system/customers/<str:account_id>/",
        views.SystemCustomerProvisionApi.as_view(),
        name="system_customer_provision",
    ),
    path(
        "system/customers/<str:account_id>/sign-in-links/",
        views.SystemSignInLinkCreateApi.as_view(),
        name="system_sign_in_link_create",
    ),
]
