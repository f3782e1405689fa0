from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, User
from accounts.names import name_check, username_check
from accounts.selectors import username_taken


class SignupForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices
    )
    # Bots fill every field; people never see this one.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

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

    def clean_email(self) -> str:
        # Whether the address has an account is told only to its mailbox
        # (accounts.signup), never on this page.
        return self.cleaned_data["email"].lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("Your sign-up could not be processed."))
        return cleaned


class SignupActivateForm(forms.Form):
    """The password of an account created from a sign-up link."""

    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, strip=False
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args: object, candidate: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.candidate = candidate

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, self.candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    pass
