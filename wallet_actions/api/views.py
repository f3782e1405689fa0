"""The wallet core's callback: its answer to a wallet action."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ErrorSerializer, error_body
from api.scopes import SystemScope
from wallet_actions.api.serializers import (
    ActionOutcomeInputSerializer,
    ActionOutcomeOutputSerializer,
    PaymentCheckInputSerializer,
    PaymentCheckOutputSerializer,
)
from wallet_actions.errors import ActionRefusedError, OutcomeRefusedError
from wallet_actions.services import action_callback_verify, action_record_outcome
from wallet_actions.services.outreach import payment_check_open

STATUS_FOR = {
    "unknown_action": status.HTTP_404_NOT_FOUND,
    "bad_signature": status.HTTP_403_FORBIDDEN,
    "invalid": status.HTTP_400_BAD_REQUEST,
}
SIGNATURE_HEADERS = [
    OpenApiParameter(
        "X-Walletdesk-Timestamp",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=True,
        description="Unix time of signing; more than 5 minutes off is refused.",
    ),
    OpenApiParameter(
        "X-Walletdesk-Signature",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=True,
        description='sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"> with the '
        "secret of the webhook endpoint the action was sent to.",
    ),
]


class WalletActionOutcomeApi(SystemScope, APIView):
    @extend_schema(
        operation_id="system_wallet_action_outcome",
        tags=["system"],
        parameters=[
            OpenApiParameter(
                "action_id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="action.id from the wallet_action.requested webhook.",
            ),
            *SIGNATURE_HEADERS,
        ],
        request=ActionOutcomeInputSerializer,
        responses={
            200: ActionOutcomeOutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer, description="Malformed body; nothing changed."
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                description="error.code bad_signature; nothing changed.",
            ),
            404: OpenApiResponse(
                ErrorSerializer,
                description="error.code unknown_action; nothing changed.",
            ),
            409: OpenApiResponse(
                ErrorSerializer,
                description="error.code amount_mismatch (a payout confirmed with "
                "another amount), state_backwards (contradicts the recorded "
                "answer) or unknown_attempt; nothing changed.",
            ),
        },
    )
    def post(self, request: Request, action_id: int) -> Response:
        """Answer a wallet action: accepted (sent), confirmed, refused or failed.

        Idempotent by action id and attempt: the same answer again, or an answer
        to an attempt superseded by a retry, returns 200 with recorded false and
        changes nothing.
        """
        body = request.body.decode("utf-8", errors="replace")
        try:
            action_callback_verify(
                action_id=action_id,
                timestamp=request.headers.get("X-Walletdesk-Timestamp", ""),
                body=body,
                signature=request.headers.get("X-Walletdesk-Signature", ""),
            )
            serializer = ActionOutcomeInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            action, recorded = action_record_outcome(
                action_id=action_id, **serializer.validated_data
            )
        except OutcomeRefusedError as refused:
            return Response(
                error_body(refused.code, refused.message),
                status=STATUS_FOR.get(refused.code, status.HTTP_409_CONFLICT),
            )
        return Response(
            ActionOutcomeOutputSerializer(
                {
                    "id": action.pk,
                    "attempt": action.attempt,
                    "state": action.state,
                    "recorded": recorded,
                }
            ).data
        )


class PaymentCheckCreateApi(SystemScope, APIView):
    @extend_schema(
        operation_id="system_payment_check_create",
        tags=["system"],
        request=PaymentCheckInputSerializer,
        responses={
            200: PaymentCheckOutputSerializer,
            201: PaymentCheckOutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="Malformed body."),
            404: OpenApiResponse(
                ErrorSerializer, description="error.code unknown_transaction."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Report an unusual payment: its owner is asked "did you make this payment?".

        In-app and by email, with a signed link. The answer comes back as the
        payment_check.answered webhook. A payment already being checked returns
        that check (200) and asks nothing again.
        """
        serializer = PaymentCheckInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            check, created = payment_check_open(
                transaction_reference=serializer.validated_data["transaction"],
                reason=serializer.validated_data["reason"],
            )
        except ActionRefusedError as refused:
            return Response(
                error_body("unknown_transaction", refused.message),
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(
            PaymentCheckOutputSerializer(check).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
