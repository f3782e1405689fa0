"""The wallet core's customer API: provisioning and app hand-off links."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ErrorSerializer, error_body
from api.scopes import SystemScope
from identity import handoff
from identity.api.serializers import (
    CustomerOutputSerializer,
    CustomerProvisionInputSerializer,
    SignInLinkInputSerializer,
    SignInLinkOutputSerializer,
)
from identity.errors import AccountUnknownError
from identity.provisioning import CustomerProfile, customer_provision

ACCOUNT_ID = OpenApiParameter(
    "account_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The wallet's account id of the customer.",
)


class SystemCustomerProvisionApi(SystemScope, APIView):
    @extend_schema(
        operation_id="system_customer_provision",
        tags=["system"],
        parameters=[ACCOUNT_ID],
        request=CustomerProvisionInputSerializer,
        responses={
            200: CustomerOutputSerializer,
            201: CustomerOutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Malformed input (error.fields), such as a phone "
                "number not in E.164; nothing changed.",
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="error.code email_taken: another person already has "
                "this email; nothing changed, the attempt is audited.",
            ),
        },
    )
    def put(self, request: Request, account_id: str) -> Response:
        """Create the customer with this account id (201) or update them (200).

        Idempotent: sending the same profile again changes nothing. Fields left
        out take their defaults (a full replacement, as PUT means).
        """
        serializer = CustomerProvisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer, created = customer_provision(
            account_id=account_id,
            profile=CustomerProfile(**serializer.validated_data),
        )
        return Response(
            CustomerOutputSerializer(customer).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class SystemSignInLinkCreateApi(SystemScope, APIView):
    @extend_schema(
        operation_id="system_customer_sign_in_link_create",
        tags=["system"],
        parameters=[ACCOUNT_ID],
        request=SignInLinkInputSerializer,
        responses={
            201: SignInLinkOutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="next or transaction is not the customer's own "
                "(audited); nothing was issued.",
            ),
            404: OpenApiResponse(
                ErrorSerializer,
                description="error.code unknown_account: no customer has this "
                "account id; audited.",
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="error.code link_refused: the account is closed; audited.",
            ),
        },
    )
    def post(self, request: Request, account_id: str) -> Response:
        """Ask for a one-time sign-in URL for the app's webview.

        The URL works once and for at most two minutes; treat it like a
        password (never log it). It lands on the customer's ticket (next), the
        filing form with their transaction preselected (transaction) or home.
        """
        serializer = SignInLinkInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            customer = handoff.handoff_customer(account_id=account_id)
        except AccountUnknownError as error:
            return Response(
                error_body(error.code, error.message),
                status=status.HTTP_404_NOT_FOUND,
            )
        next_path = handoff.handoff_target(
            customer=customer,
            ticket_reference=serializer.validated_data["next"],
            transaction_reference=serializer.validated_data["transaction"],
        )
        link, url = handoff.signin_link_issue(customer=customer, next_path=next_path)
        return Response(
            SignInLinkOutputSerializer(
                {"url": url, "expires_at": link.expires_at}
            ).data,
            status=status.HTTP_201_CREATED,
            headers={"Cache-Control": "no-store"},
        )
