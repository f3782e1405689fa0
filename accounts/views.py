from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from accounts.forms import LoginForm, SignupActivateForm, SignupForm
from accounts.models import User
from accounts.selectors import username_taken
from accounts.services import user_create, user_set_language
from accounts.signup import (
    SignupLinkError,
    SignupLinkExpiredError,
    SignupRequest,
    signup_link_read,
    signup_mail_send,
)
from accounts.tokens import token_expires_at, token_get_live, tokens_revoke

# Sign-ups per address: enough for a family behind one router, not for a script.
SIGNUP_RATE = "10/h"
# Sign-up mails to one email address: a typo retried, not a mailbox flooded.
SIGNUP_MAILS_PER_EMAIL = "3/h"


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


class UserLoginView(auth_views.LoginView):
    """Log in in the visitor's chosen language, else the account's saved one.

    A language cookie is the visitor's own choice (the switcher, or an earlier
    sign-in on this browser): it wins over the account's and is saved to it, so
    notices follow too. Without one the site switches to the account's language.
    """

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in dict(settings.LANGUAGES):
            user_set_language(user=user, language=chosen)
        return remember_language(response, user.preferred_language)


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=SIGNUP_RATE, method="POST", block=False)
def signup_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("complaints:home")
    form = SignupForm(
        request.POST or None, initial={"preferred_language": request.LANGUAGE_CODE}
    )
    if getattr(request, "limited", False):
        form.is_valid()
        form.add_error(
            None, _("Too many sign-ups from your network. Please try again later.")
        )
        return render(request, "accounts/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        # Past one email's limit the answer is the same and no mail leaves.
        if not is_ratelimited(
            request,
            group="accounts.signup.email",
            key=lambda _group, _request: form.cleaned_data["email"],
            rate=SIGNUP_MAILS_PER_EMAIL,
            increment=True,
        ):
            signup_mail_send(
                request=SignupRequest(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    preferred_language=form.cleaned_data["preferred_language"],
                )
            )
        response = redirect("accounts:signup_done")
        return remember_language(response, form.cleaned_data["preferred_language"])
    return render(request, "accounts/signup.html", {"form": form})


def signup_done_view(request: HttpRequest) -> HttpResponse:
    """The one page every sign-up ends on, whether or not the email has an account."""
    return render(request, "accounts/signup_done.html")


def _signup_problem(token: str) -> tuple[SignupRequest | None, str]:
    try:
        signup = signup_link_read(token)
    except SignupLinkExpiredError:
        return None, _("This link has expired. Sign up again to get a new one.")
    except SignupLinkError:
        return None, _("This link is not valid. Copy the whole link from the email.")
    if User.objects.filter(email__iexact=signup.email).exists():
        return None, _("This link has been used: the account exists. Log in.")
    if username_taken(username=signup.username):
        return None, _(
            "The username %(username)s was taken meanwhile. Sign up again with another."
        ) % {"username": signup.username}
    return signup, ""


@require_http_methods(["GET", "POST"])
def signup_activate_view(request: HttpRequest, token: str) -> HttpResponse:
    """Create the account of a sign-up link once its owner chose a password."""
    signup, problem = _signup_problem(token)
    if signup is None:
        return render(
            request, "accounts/signup_activate.html", {"problem": problem}, status=400
        )
    candidate = User(username=signup.username, email=signup.email)
    form = SignupActivateForm(request.POST or None, candidate=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(
                username=signup.username,
                email=signup.email,
                password=form.cleaned_data["password1"],
                first_name=signup.first_name,
                preferred_language=signup.preferred_language,
            )
        except (IntegrityError, ValidationError):
            # The same link submitted twice at once: the first one won.
            return render(
                request,
                "accounts/signup_activate.html",
                {"problem": _("This link has been used: the account exists. Log in.")},
                status=400,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Walletdesk. Your account is ready."))
        response = redirect("complaints:home")
        return remember_language(response, user.preferred_language)
    return render(
        request, "accounts/signup_activate.html", {"form": form, "signup": signup}
    )


@login_required
@require_http_methods(["GET"])
def account_settings_view(request: HttpRequest) -> HttpResponse:
    """The signed-in person's settings: for now, their API token."""
    token = token_get_live(user=request.user)
    return render(
        request,
        "accounts/settings.html",
        {
            "has_token": token is not None,
            "token_expires_at": token_expires_at(token) if token else None,
            "token_days": settings.WALLETDESK_API_TOKEN_DAYS,
        },
    )


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
