"""django-allauth's adapters: Walletdesk's rules for sign-up, phone codes and OIDC.

Every sign-in path ends in django.contrib.auth's login(): sessions, django-axes and
the API's session authentication stay as they were.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from accounts.forms import PhoneField
from accounts.models import User
from accounts.services import user_set_language
from config.security import client_ip
from identity.sign_in import (
    customer_for_phone,
    customer_for_subject,
    signin_refusal_record,
    signup_confirmed,
    signup_pending_create,
)
from sms.dispatch import sms_send_on_commit

# Sign-up mails to one email address: a typo retried, not a mailbox flooded.
SIGNUP_MAILS_PER_EMAIL = "3/h"


def language_remember(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.WALLETDESK_PASSWORD_SIGNUP

    def get_client_ip(self, request: HttpRequest) -> str:
        # The one client-address rule (trusted proxies), as axes and the limits use.
        return client_ip(request)

    def save_user(
        self, request: HttpRequest, user: User, form: Any, commit: bool = True
    ) -> User:
        return signup_pending_create(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data.get("first_name", ""),
            preferred_language=form.cleaned_data.get(
                "preferred_language", request.LANGUAGE_CODE
            ),
        )

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            signup_confirmed(user=email_address.user)
        return confirmed

    def pre_login(
        self, request: HttpRequest, user: User, **kwargs: Any
    ) -> HttpResponse | None:
        if kwargs.get("signup") and not user.is_active:
            # A new sign-up: mail the confirmation link and show the same
            # "check your email" page as a sign-up with a used address.
            for address in EmailAddress.objects.filter(user=user, verified=False):
                address.send_confirmation(request, signup=True)
            return HttpResponseRedirect(reverse("account_email_verification_sent"))
        return super().pre_login(request, user, **kwargs)

    def respond_user_inactive(self, request: HttpRequest, user: User) -> HttpResponse:
        # A sign-up whose address is not confirmed yet: "check your email".
        if user.last_login is None:
            return HttpResponseRedirect(reverse("account_email_verification_sent"))
        return super().respond_user_inactive(request, user)

    def _mail_allowed(self, email: str) -> bool:
        # Past one address's limit the page answers the same and no mail leaves.
        return not is_ratelimited(
            self.request,
            group="accounts.signup.email",
            key=lambda _group, _request: email.lower(),
            rate=SIGNUP_MAILS_PER_EMAIL,
            increment=True,
        )

    def send_confirmation_mail(
        self, request: HttpRequest, emailconfirmation: Any, signup: bool
    ) -> None:
        if self._mail_allowed(emailconfirmation.email_address.email):
            user = emailconfirmation.email_address.user
            with translation.override(user.preferred_language):
                super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_account_already_exists_mail(self, email: str) -> None:
        if not self._mail_allowed(email):
            return
        owner = User.objects.filter(email__iexact=email).first()
        language = owner.preferred_language if owner else translation.get_language()
        with translation.override(language):
            super().send_account_already_exists_mail(email)

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: Any
    ) -> str:
        path = reverse("account_confirm_email", args=[emailconfirmation.key])
        return f"{settings.SITE_URL}{path}"

    def post_login(
        self, request: HttpRequest, user: User, **kwargs: Any
    ) -> HttpResponse:
        """Switch to the visitor's chosen language, else the account's saved one.

        A language cookie is the visitor's own choice (the switcher, or an
        earlier sign-in on this browser): it wins over the account's and is saved
        to it, so notices follow too.
        """
        response = super().post_login(request, user, **kwargs)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES):
            user_set_language(user=user, language=chosen)
        return language_remember(response, user.preferred_language)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # allauth's "signed in as ..." notices add nothing to the portal's pages.
        if message_template in {
            "account/messages/logged_in.txt",
            "account/messages/logged_out.txt",
        }:
            return
        super().add_message(
            request, level, message_template, message_context, extra_tags, message
        )

    # Phone numbers: customers' E.164 numbers, set by the wallet core.

    def phone_form_field(self, **kwargs: Any) -> PhoneField:
        return PhoneField(**kwargs)

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        # The core vouches for the numbers it provisions.
        return (user.phone, True) if user.phone else None

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        # Numbers change only through the wallet core's provisioning.
        return None

    def set_phone_verified(self, user: User, phone: str) -> None:
        return None

    def get_user_by_phone(self, phone: str) -> User | None:
        return customer_for_phone(phone=phone)

    def send_verification_code_sms(
        self, user: User, phone: str, code: str, **kwargs: Any
    ) -> None:
        minutes = settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60
        with translation.override(user.preferred_language):
            body = _(
                "Walletdesk sign-in code: %(code)s. It works once, for %(minutes)s minutes. Never tell it to anyone, staff included."
            ) % {"code": code, "minutes": minutes}
        sms_send_on_commit(to=phone, body=body)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """The wallet's identity provider signs in customers the core provisioned.

    The ID token's `sub` is the wallet account id. An unknown `sub`, a staff
    account or a deactivated one is refused (audited) with a translated page:
    customers are created by the wallet core, never by a first sign-in.
    """

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        customer = customer_for_subject(
            subject=sociallogin.account.uid,
            linked_user=sociallogin.user if sociallogin.is_existing else None,
        )
        if customer is None:
            raise ImmediateHttpResponse(
                render(
                    request,
                    "identity/oidc_refused.html",
                    {
                        "message": _(
                            "Your wallet account has no support account here yet. Open support from the wallet app, or contact the wallet's customer service."
                        )
                    },
                    status=403,
                )
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, customer)

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        if error == AuthError.CANCELLED:
            return
        # A token that fails a check (signature, issuer, audience, expiry, nonce)
        # may be someone posing as a customer: audited, nobody signed in.
        signin_refusal_record(
            user=None,
            reason="oidc_token_refused",
            error=str(error or ""),
            detail=str(exception or "")[:200],
        )
        raise ImmediateHttpResponse(
            render(
                request,
                "identity/oidc_refused.html",
                {
                    "message": _(
                        "Sign-in with your wallet did not complete. Please try again."
                    )
                },
                status=400,
            )
        )
