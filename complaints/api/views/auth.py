"""API tokens: exchange a username and password for one, revoke it."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.tokens import token_issue, tokens_revoke
from api.errors import ErrorSerializer
from api.permissions import IsPerson
from complaints.api import serializers as api
from complaints.api.views.common import _valid


class TokenCreateApi(APIView):
    """Exchange a username and password for the account's API token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "auth"

    @extend_schema(
        operation_id="auth_token_create",
        request=api.TokenCreateInputSerializer,
        responses={200: api.TokenOutputSerializer, 400: ErrorSerializer},
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = _valid(api.TokenCreateInputSerializer, request)
        user = authenticate(
            request=request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            raise ValidationError(
                {"non_field_errors": [_("The username or password is wrong.")]}
            )
        token = token_issue(user=user)
        return Response({"token": token.key})


class TokenRevokeApi(APIView):
    """Revoke the caller's own API token (sign every client out of the API)."""

    permission_classes = (IsPerson,)
    throttle_scope = "auth"

    @extend_schema(
        operation_id="auth_token_revoke",
        request=None,
        responses={204: None},
        tags=["auth"],
    )
    def delete(self, request: Request) -> Response:
        tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
