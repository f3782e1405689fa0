"""Shapes of the wallet core's customer API: a profile in, the customer out."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Language, User
from api.fields import UtcDateTimeField


class CustomerProvisionInputSerializer(serializers.Serializer):
    """Only JSON types are checked here; identity.provisioning checks the rest."""

    phone = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="E.164, such as +8613800138000.",
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    display_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    preferred_language = serializers.ChoiceField(
        choices=Language.choices, required=False, default=Language.ZH_HANS
    )
    status = serializers.ChoiceField(
        choices=User.AccountStatus.choices,
        required=False,
        default=User.AccountStatus.ACTIVE,
        help_text="closed: the customer follows their tickets but files no new ones.",
    )


class CustomerOutputSerializer(serializers.Serializer):
    account_id = serializers.CharField(source="wallet_account_id")
    phone = serializers.CharField()
    email = serializers.CharField()
    display_name = serializers.CharField(source="get_full_name")
    preferred_language = serializers.CharField()
    status = serializers.CharField(source="account_status")


class SignInLinkInputSerializer(serializers.Serializer):
    next = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        default="",
        help_text="Land on this ticket of the customer's (its reference).",
    )
    transaction = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="Land on the filing form with this transaction of the "
        "customer's preselected (its reference).",
    )

    def validate(self, attrs: dict[str, str]) -> dict[str, str]:
        if attrs["next"] and attrs["transaction"]:
            raise serializers.ValidationError(
                {"transaction": _("Give next or transaction, not both.")}
            )
        return attrs


class SignInLinkOutputSerializer(serializers.Serializer):
    url = serializers.URLField(
        help_text="Open it in the app's webview; it works once, briefly."
    )
    expires_at = UtcDateTimeField()
