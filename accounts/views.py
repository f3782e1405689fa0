from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from accounts.forms import NoticeChannelsForm
from accounts.services import user_set_language, user_set_notice_channels
from accounts.tokens import token_expires_at, token_get_live, tokens_revoke


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class UserLoginView(allauth_views.LoginView):
    """django-allauth's log-in in the portal's page (identity.adapters.post_login
    switches to the visitor's or the account's language)."""

    template_name = "accounts/login.html"


class UserSignupView(allauth_views.SignupView):
    """django-allauth's sign-up, when WALLETDESK_PASSWORD_SIGNUP is on.

    Every sign-up ends on the same "check your email" page: a new address gets
    the confirmation link that activates the account, a used one a notice to its
    owner (ACCOUNT_PREVENT_ENUMERATION).
    """

    template_name = "accounts/signup.html"

    def get_initial(self) -> dict:
        return {
            **super().get_initial(),
            "preferred_language": self.request.LANGUAGE_CODE,
        }

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        language = form.cleaned_data.get("preferred_language")
        if language in dict(settings.LANGUAGES):
            remember_language(response, language)
        return response


def _settings_page(
    request: HttpRequest, channels: NoticeChannelsForm | None = None, status: int = 200
) -> HttpResponse:
    token = token_get_live(user=request.user)
    if channels is None and request.user.is_customer:
        channels = NoticeChannelsForm(user=request.user)
    return render(
        request,
        "accounts/settings.html",
        {
            "has_token": token is not None,
            "token_expires_at": token_expires_at(token) if token else None,
            "token_days": settings.WALLETDESK_API_TOKEN_DAYS,
            "channels_form": channels,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def account_settings_view(request: HttpRequest) -> HttpResponse:
    """The signed-in person's settings: notice channels (customers), their API token."""
    return _settings_page(request)


@login_required
@require_http_methods(["POST"])
def notice_channels_view(request: HttpRequest) -> HttpResponse:
    """Save a customer's notice channels (the settings page's form).

    Staff get their notices by email and in-app, as their work needs: 403.
    """
    if not request.user.is_customer:
        raise PermissionDenied
    form = NoticeChannelsForm(request.POST, user=request.user)
    if not form.is_valid():
        return _settings_page(request, channels=form, status=400)
    user_set_notice_channels(
        user=request.user,
        by_email=form.cleaned_data["notify_by_email"],
        by_sms=form.cleaned_data["notify_by_sms"],
    )
    messages.success(request, _("Your notice choices are saved."))
    return redirect("accounts:settings")


@login_required
@require_http_methods(["GET", "POST"])
def email_addresses_view(request: HttpRequest) -> HttpResponse:
    """In place of allauth's address book: the settings page says where the address is kept.

    A POST (add, remove, make primary) changes nothing.
    """
    return redirect("accounts:settings")


@login_required
@require_http_methods(["POST"])
def api_token_revoke_view(request: HttpRequest) -> HttpResponse:
    """Revoke the signed-in person's API token (the page's button)."""
    if tokens_revoke(user=request.user):
        messages.success(request, _("Your API token is revoked. It no longer works."))
    else:
        messages.info(request, _("You had no API token to revoke."))
    return redirect("accounts:settings")


@require_http_methods(["POST"])
def language_set_view(request: HttpRequest) -> HttpResponse:
    """Switch language (POST only); signed-in users keep it for notices and next visits."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return remember_language(HttpResponseRedirect(target), language)


def _reset_email_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link, a few times per address and per email.

    Past the address's limit the form says so (it tells nothing about accounts);
    past one email's limit the answer is the usual "check your inbox" and no mail
    leaves, so the limit cannot tell whether the email has an account.
    """

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponse:
        if is_ratelimited(
            request,
            group="accounts.password_reset.ip",
            key="ip",
            rate=settings.WALLETDESK_PASSWORD_RESET_RATE_PER_IP,
            increment=True,
        ):
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                _("Too many reset requests from your network. Please try again later."),
            )
            return render(request, self.template_name, {"form": form}, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if is_ratelimited(
            self.request,
            group="accounts.password_reset.email",
            key=_reset_email_key,
            rate=settings.WALLETDESK_PASSWORD_RESET_RATE_PER_EMAIL,
            increment=True,
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


password_reset_view = PasswordResetView.as_view()
password_reset_done_view = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm_view = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
