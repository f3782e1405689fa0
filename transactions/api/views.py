"""Transaction API: the customer's own records, and the wallet core's bulk push."""

from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ErrorSerializer, error_body
from api.scopes import CustomerScope, SystemScope
from transactions.api.pagination import TransactionCursorPagination
from transactions.api.serializers import (
    TransactionOutputSerializer,
    TransactionPushInputSerializer,
    TransactionPushOutputSerializer,
)
from transactions.importing import ImportResult, ledger_import
from transactions.models import Transaction
from transactions.selectors import transaction_list_for_customer

QUERY_MAX_LENGTH = 64


@extend_schema_view(
    get=extend_schema(
        operation_id="my_transactions_list",
        tags=["customer"],
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Part of the reference, a day (YYYY-MM-DD) or an amount.",
            )
        ],
    )
)
class CustomerTransactionListApi(CustomerScope, ListAPIView):
    """The customer's own transactions, newest first."""

    serializer_class = TransactionOutputSerializer
    pagination_class = TransactionCursorPagination
    filter_backends = ()

    def get_queryset(self) -> QuerySet[Transaction]:
        query = self.request.query_params.get("q", "")[:QUERY_MAX_LENGTH]
        return transaction_list_for_customer(customer=self.request.user, query=query)


class SystemTransactionPushApi(SystemScope, APIView):
    @extend_schema(
        operation_id="system_transactions_push",
        tags=["system"],
        request=TransactionPushInputSerializer,
        responses={
            200: TransactionPushOutputSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Nothing was stored. error.fields names malformed "
                "input; error.records lists {index, message} for records the "
                "ledger rules refuse (index from 0).",
            ),
        },
    )
    def post(self, request: Request) -> Response:
        """Store ledger records in bulk, all or nothing, idempotent on reference.

        A record whose reference is already stored with the same owner, amount and
        currency is skipped, so a batch can be sent again safely. If any record is
        wrong, none is stored.
        """
        serializer = TransactionPushInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = serializer.validated_data["records"]
        try:
            result = ledger_import(rows=rows)
        except IntegrityError:
            # A concurrent push stored one of these references first; this run
            # rolled back, and the next one sees it stored and skips or refuses it.
            result = ledger_import(rows=rows)
        if not result.is_ok:
            return Response(_refusal(result), status=status.HTTP_400_BAD_REQUEST)
        return Response(
            TransactionPushOutputSerializer(
                {"imported": result.imported, "skipped": result.skipped}
            ).data
        )


def _refusal(result: ImportResult) -> dict[str, object]:
    return error_body(
        "invalid_records",
        _("No record was stored: %(count)d problems in the batch.")
        % {"count": len(result.errors)},
        records=[
            {"index": error.line - 1, "message": error.message}
            for error in result.errors
        ],
    )
