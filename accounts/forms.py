"""The sign-in forms: django-allauth's, with the portal's field names and checks."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, User
from accounts.names import name_check, username_check
from accounts.phones import phone_normalize
from accounts.selectors import username_taken


class PhoneField(forms.CharField):
    """A phone number with its country code, stored as E.164 (+8613800138000)."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", _("Phone number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "autocomplete": "tel",
                    "inputmode": "tel",
                    "placeholder": "+8613800138000",
                }
            ),
        )
        kwargs.setdefault(
            "help_text", _("With the country code, such as +86 138 0013 8000.")
        )
        super().__init__(**kwargs)

    def clean(self, value: str) -> str:
        value = super().clean(value)
        if not value:
            return value
        # People type spaces and dashes; the stored number has none.
        return phone_normalize("".join(value.split()).replace("-", ""))


class LoginForm(allauth_forms.LoginForm):
    """Username (or a customer's phone) and password.

    The field is posted as "username", as before, so password managers, the
    honeypot and django-axes' lockout (AXES_USERNAME_FORM_FIELD) keep working.
    """

    def add_prefix(self, field_name: str) -> str:
        if field_name == "login":
            field_name = "username"
        return super().add_prefix(field_name)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username")
        self.fields["login"].widget.attrs.update(
            {"autocomplete": "username", "placeholder": _("Username or phone")}
        )
        self.fields["login"].help_text = ""
        self.fields["password"].help_text = ""


class SignupForm(allauth_forms.SignupForm):
    """Username, email, name, language and password (WALLETDESK_PASSWORD_SIGNUP)."""

    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices
    )
    field_order = [
        "username",
        "email",
        "first_name",
        "preferred_language",
        "password1",
        "password2",
    ]

    def clean_username(self) -> str:
        username = username_check(self.cleaned_data["username"])
        # The same words for a taken name and a look-alike of one: the form says
        # only that this one cannot be had.
        if username_taken(username=username):
            raise ValidationError(
                _("This username is not available. Choose another."), code="taken"
            )
        return username

    def clean_first_name(self) -> str:
        return name_check(self.cleaned_data["first_name"])

    def validate_unique_email(self, value: str) -> str:
        # Whether the address has an account is told only to its mailbox, never
        # on the page (allauth does this itself only with mandatory verification,
        # which would lock out the accounts the wallet core provisions).
        self.email_taken = User.objects.filter(email__iexact=value).exists()
        return value

    def try_save(self, request: HttpRequest) -> tuple[User | None, HttpResponse | None]:
        if getattr(self, "email_taken", False):
            get_adapter().send_account_already_exists_mail(self.cleaned_data["email"])
            return None, HttpResponseRedirect(
                reverse("account_email_verification_sent")
            )
        return super().try_save(request)


class PhoneCodeRequestForm(allauth_forms.RequestLoginCodeForm):
    """The phone number a sign-in code goes to (customers only, see the adapter)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Phone number")

    def clean_phone(self) -> str:
        try:
            return super().clean_phone()
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                self.code_limit_reached = True
                raise ValidationError(
                    _(
                        "Too many codes were asked for this number or from your network. Wait an hour, or sign in another way."
                    ),
                    code="too_many_codes",
                ) from error
            raise


class NoticeChannelsForm(forms.Form):
    """How a customer wants their notices besides in-app: email, SMS, both or neither."""

    notify_by_email = forms.BooleanField(required=False, label=_("By email"))
    notify_by_sms = forms.BooleanField(required=False, label=_("By text message (SMS)"))

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        kwargs.setdefault(
            "initial",
            {
                "notify_by_email": user.notify_by_email,
                # No texts go to a number the wallet core has since removed.
                "notify_by_sms": user.notify_by_sms and bool(user.phone),
            },
        )
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_notify_by_sms(self) -> bool:
        wanted = self.cleaned_data["notify_by_sms"]
        if wanted and not self.user.phone:
            raise ValidationError(NO_PHONE_FOR_SMS, code="no_phone")
        return wanted


NO_PHONE_FOR_SMS = _(
    "Your wallet account has no phone number: add one in the wallet app to get notices by SMS."
)
