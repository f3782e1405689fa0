"""Authorization matrix: every route of the site by every kind of caller by own or
another's object.

Routes come from the URL resolver, so a new route is checked from the day it is
added, and a route without an entry here FAILS test_every_route_is_classified
until someone decides who may use it. Admin routes follow one rule per kind of
admin page (changelist, add, change, delete, history): no admin page lets a role
do more than its model permissions, customers and visitors never get in, and
managers only read.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import sms
from accounts.models import User
from complaints import tracking
from complaints.models import Attachment, Queue, QueueRoute, Ticket
from complaints.services import EvidenceInput, message_add
from integrations.api_keys import api_key_issue
from reports.models import TicketExport
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    TicketFactory,
)
from tests.knowledgebase.factories import ArticleFactory
from tests.oidc_provider.harness import oidc_provider, oidc_sign_in, wallet_app
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

__all__ = ["oidc_provider", "wallet_app"]  # fixtures used by name

ROLES = (
    "anonymous",
    "owner",
    "stranger",
    "agent_in_queue",
    "agent_other_queue",
    "supervisor",
    "manager",
)
STAFF = ("agent_in_queue", "agent_other_queue", "supervisor", "manager")
CUSTOMERS = ("owner", "stranger")
LOGIN = "login"  # a redirect to a log-in page
REACHED = frozenset({200, 201, 302, 400})  # allowed: served, or the form/body refused
OK = frozenset({200})


@dataclass(frozen=True)
class Rule:
    method: str
    expect: dict[str, frozenset[int] | str]
    kwargs: tuple[str, ...] = ()
    system: frozenset[int] | None = None  # the wallet core's API key, API only
    notes: str = field(default="", compare=False)


def _all(codes: frozenset[int] | str) -> dict[str, frozenset[int] | str]:
    return dict.fromkeys(ROLES, codes)


def _customer_page(own: frozenset[int], stranger: frozenset[int]) -> dict:
    return {
        "anonymous": LOGIN,
        "owner": own,
        "stranger": stranger,
        **dict.fromkeys(STAFF, frozenset({403})),
    }


def _signed_in(codes: frozenset[int]) -> dict:
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], codes)}


def _api(
    *,
    owner: frozenset[int],
    stranger: frozenset[int],
    agent_in: frozenset[int],
    agent_out: frozenset[int],
    supervisor: frozenset[int],
    manager: frozenset[int],
) -> dict:
    return {
        "anonymous": frozenset({401, 403}),
        "owner": owner,
        "stranger": stranger,
        "agent_in_queue": agent_in,
        "agent_other_queue": agent_out,
        "supervisor": supervisor,
        "manager": manager,
    }


NO = frozenset({403})
HIDDEN = frozenset({404})


def _admin(*, agents: frozenset[int], supervisor: frozenset[int]) -> dict:
    return {
        "anonymous": LOGIN,
        "owner": LOGIN,
        "stranger": LOGIN,
        "agent_in_queue": agents,
        "agent_other_queue": agents,
        "supervisor": supervisor,
        "manager": NO,
    }


CUSTOMER_API = {
    "agent_in": NO,
    "agent_out": NO,
    "supervisor": NO,
    "manager": NO,
}
SYSTEM_API = dict.fromkeys(
    ("owner", "stranger", "agent_in", "agent_out", "supervisor", "manager"), NO
)

ROUTES: dict[str, Rule] = {
    "healthz": Rule("get", _all(OK)),
    "readyz": Rule("get", _all(OK)),
    # Browsers ask for /favicon.ico whatever the page links: a redirect to the static file.
    "favicon": Rule("get", _all(frozenset({301}))),
    # Not for people: 404 until a scrape token or address is set (tests/monitoring).
    "metrics": Rule("get", _all(HIDDEN)),
    # Accounts.
    "accounts:login": Rule(
        "get", {"anonymous": OK, **dict.fromkeys(ROLES[1:], frozenset({302}))}
    ),
    "accounts:logout": Rule("post", _all(frozenset({302}))),
    "accounts:signup": Rule(
        "get", {"anonymous": OK, **dict.fromkeys(ROLES[1:], frozenset({302}))}
    ),
    "accounts:language": Rule("post", _all(frozenset({302}))),
    # Everyone signed in sees and revokes only their own API token.
    "accounts:settings": Rule("get", _signed_in(OK)),
    "accounts:api_token_revoke": Rule("post", _signed_in(frozenset({302}))),
    # A customer chooses their own notice channels; staff get email and in-app.
    "accounts:notice_channels": Rule(
        "post", _customer_page(own=frozenset({302}), stranger=frozenset({302}))
    ),
    "accounts:password_reset": Rule("get", _all(OK)),
    "accounts:password_reset_done": Rule("get", _all(OK)),
    # A valid link redirects to the set-password form, a used one shows "invalid".
    "accounts:password_reset_confirm": Rule(
        "get", _all(frozenset({200, 302})), ("uidb64", "reset_token")
    ),
    "accounts:password_reset_complete": Rule("get", _all(OK)),
    # django-allauth (config/sign_in.py). The portal's log-in, sign-up and phone
    # code pages are allauth's views at allauth's paths, so both names reach them.
    "account_login": Rule(
        "get", {"anonymous": OK, **dict.fromkeys(ROLES[1:], frozenset({302}))}
    ),
    "account_logout": Rule("post", _all(frozenset({302}))),
    "account_signup": Rule(
        "get", {"anonymous": OK, **dict.fromkeys(ROLES[1:], frozenset({302}))}
    ),
    "account_inactive": Rule("get", _all(OK)),
    "account_reauthenticate": Rule("get", _signed_in(OK)),
    # Re-authentication by code is off: back to the password form.
    "account_request_reauthentication_code": Rule("get", _signed_in(frozenset({302}))),
    "account_confirm_reauthentication_code": Rule("get", _signed_in(frozenset({302}))),
    # allauth's address book is closed: /accounts/email/ answers with the
    # settings page, where the address is shown (accounts:email_addresses).
    "account_email": Rule("get", _signed_in(frozenset({302}))),
    "accounts:email_addresses": Rule("get", _signed_in(frozenset({302}))),
    # Each person's own password only.
    "account_email_verification_sent": Rule("get", _all(OK)),
    "account_change_password": Rule("get", _signed_in(OK)),
    # Everyone here has a password: set-password sends them to change-password.
    "account_set_password": Rule("get", _signed_in(frozenset({302}))),
    "account_reset_password": Rule("get", _all(OK)),
    "account_reset_password_done": Rule("get", _all(OK)),
    # A wrong key shows "invalid link"; the key, not the session, is what counts.
    "account_reset_password_from_key": Rule("get", _all(OK), ("allauth_reset_key",)),
    "account_reset_password_from_key_done": Rule("get", _all(OK)),
    "account_confirm_email": Rule("get", _all(OK), ("allauth_email_key",)),
    # Sign-in by a code sent to the customer's phone (tests/identity/test_phone_code.py).
    "identity:phone_code": Rule(
        "get", {"anonymous": OK, **dict.fromkeys(ROLES[1:], frozenset({302}))}
    ),
    "account_request_login_code": Rule(
        "get", {"anonymous": OK, **dict.fromkeys(ROLES[1:], frozenset({302}))}
    ),
    # Without a log-in in progress there is no code or second factor to ask for.
    "identity:phone_code_confirm": Rule("get", _all(frozenset({302}))),
    "account_confirm_login_code": Rule("get", _all(frozenset({302}))),
    "mfa_authenticate": Rule("get", _all(frozenset({302}))),
    # A person's own second factors; with none enrolled there is nothing to show.
    "mfa_index": Rule("get", _signed_in(OK)),
    # Supervisors and managers have a TOTP app (tests/factories.py), so allauth
    # can ask them for a code instead of the password.
    "mfa_reauthenticate": Rule(
        "get", {**_signed_in(frozenset({302})), "supervisor": OK, "manager": OK}
    ),
    # Security keys (WebAuthn): adding, renaming or removing one asks for the
    # password or a code again first.
    "mfa_list_webauthn": Rule("get", _signed_in(OK)),
    "mfa_add_webauthn": Rule("get", _signed_in(frozenset({302}))),
    "mfa_reauthenticate_webauthn": Rule("get", _signed_in(frozenset({302}))),
    "mfa_edit_webauthn": Rule("get", _signed_in(frozenset({302})), ("webauthn_pk",)),
    "mfa_remove_webauthn": Rule("get", _signed_in(frozenset({302})), ("webauthn_pk",)),
    "mfa_activate_totp": Rule("get", _signed_in(frozenset({302}))),
    "mfa_deactivate_totp": Rule(
        "get",
        {
            **_signed_in(HIDDEN),
            "supervisor": frozenset({302}),
            "manager": frozenset({302}),
        },
    ),
    "mfa_view_recovery_codes": Rule("get", _signed_in(HIDDEN)),
    "mfa_generate_recovery_codes": Rule("get", _signed_in(frozenset({302}))),
    "mfa_download_recovery_codes": Rule("get", _signed_in(HIDDEN)),
    "socialaccount_login_cancelled": Rule("get", _all(OK)),
    "socialaccount_login_error": Rule("get", _all(frozenset({401}))),
    # Only a sign-in through the provider in progress reaches the social sign-up.
    "socialaccount_signup": Rule("get", _all(frozenset({302}))),
    "socialaccount_connections": Rule("get", _signed_in(OK)),
    # No provider of that id is configured (tests/identity signs in through one).
    "openid_connect_login": Rule("get", _all(HIDDEN), ("oidc_provider",)),
    "openid_connect_callback": Rule("get", _all(HIDDEN), ("oidc_provider",)),
    # The wallet's identity provider (identity/walletid): 404 until configured.
    "walletid_login": Rule("get", _all(HIDDEN), ("oidc_provider",)),
    "walletid_callback": Rule("get", _all(HIDDEN), ("oidc_provider",)),
    # The app hand-off page: GET only shows a button (the POST spends the link,
    # tests/identity); the link, not the session, is the key.
    "identity:handoff": Rule("get", _all(OK), ("handoff_token",)),
    # Customer portal: own tickets only; staff work in the admin.
    "complaints:home": Rule("get", _all(OK)),
    "complaints:ticket_list": Rule("get", _customer_page(OK, OK)),
    "complaints:ticket_start": Rule("get", _customer_page(OK, OK)),
    "complaints:ticket_create": Rule("get", _customer_page(OK, OK), ("situation",)),
    "complaints:ticket_detail": Rule("get", _customer_page(OK, HIDDEN), ("reference",)),
    "complaints:ticket_submitted": Rule(
        "get", _customer_page(OK, HIDDEN), ("reference",)
    ),
    "complaints:message_create": Rule(
        "post", _customer_page(REACHED, HIDDEN), ("reference",)
    ),
    "complaints:ticket_reopen": Rule(
        "post", _customer_page(REACHED, HIDDEN), ("reference",)
    ),
    "complaints:ticket_rate": Rule(
        "post", _customer_page(REACHED, HIDDEN), ("reference",)
    ),
    "complaints:attachment_download": Rule(
        "get",
        {
            "anonymous": LOGIN,
            "owner": OK,
            "stranger": HIDDEN,
            "agent_in_queue": OK,
            "agent_other_queue": HIDDEN,
            "supervisor": OK,
            "manager": OK,
        },
        ("reference", "file_token"),
    ),
    "complaints:notice_list": Rule("get", _signed_in(OK)),
    "complaints:notice_read": Rule("post", _signed_in(frozenset({302}))),
    # Public tracking: the signed link is the key.
    "complaints:track": Rule("get", _all(OK)),
    "complaints:track_sent": Rule("get", _all(OK)),
    "complaints:track_ticket": Rule("get", _all(OK), ("track_token",)),
    # FAQ: public.
    "knowledgebase:faq_index": Rule("get", _all(OK)),
    "knowledgebase:search": Rule("get", _all(OK)),
    "knowledgebase:suggest": Rule("get", _all(OK)),
    # Names the article searched for in the body; an empty body finds none.
    "knowledgebase:deflect": Rule("post", _all(REACHED | HIDDEN)),
    "knowledgebase:category_detail": Rule("get", _all(OK), ("category_slug",)),
    "knowledgebase:article_detail": Rule("get", _all(OK), ("article_slug",)),
    "knowledgebase:article_vote": Rule("post", _all(REACHED), ("article_slug",)),
    # Reports: managers and supervisors.
    **{
        name: Rule(
            "get",
            {
                "anonymous": LOGIN,
                **dict.fromkeys(CUSTOMERS, NO),
                "agent_in_queue": NO,
                "agent_other_queue": NO,
                "supervisor": OK,
                "manager": OK,
            },
        )
        for name in ("reports:report", "reports:export")
    },
    # Background ticket exports: readers start their own (an empty request
    # starts nothing and goes back to the page); only the requester sees one.
    "reports:export_start": Rule(
        "post",
        {
            "anonymous": LOGIN,
            **dict.fromkeys(CUSTOMERS, NO),
            "agent_in_queue": NO,
            "agent_other_queue": NO,
            "supervisor": frozenset({302}),
            "manager": frozenset({302}),
        },
    ),
    **{
        name: Rule(
            "get",
            {
                "anonymous": LOGIN,
                **dict.fromkeys(CUSTOMERS, NO),
                "agent_in_queue": NO,
                "agent_other_queue": NO,
                "supervisor": HIDDEN,
                "manager": HIDDEN,
            },
            kwargs=("export_id",),
        )
        for name in ("reports:export_status", "reports:export_download")
    },
    # API: customers their own, staff their queues (managers read), the wallet
    # core its key.
    "complaints_api:token_create": Rule("post", _all(frozenset({400})), system=None),
    "complaints_api:token_revoke": Rule(
        "delete",
        {
            "anonymous": frozenset({401, 403}),
            **dict.fromkeys(ROLES[1:], frozenset({204})),
        },
        system=NO,
    ),
    "complaints_api:my_ticket_list": Rule(
        "get", _api(owner=OK, stranger=OK, **CUSTOMER_API), system=NO
    ),
    "complaints_api:my_ticket_detail": Rule(
        "get",
        _api(owner=OK, stranger=HIDDEN, **CUSTOMER_API),
        ("reference",),
        system=NO,
    ),
    **{
        f"complaints_api:my_{name}": Rule(
            "post",
            _api(owner=REACHED, stranger=HIDDEN, **CUSTOMER_API),
            ("reference",),
            system=NO,
        )
        for name in (
            "message_create",
            "attachment_create",
            "ticket_reopen",
            "ticket_rate",
        )
    },
    "complaints_api:desk_ticket_list": Rule(
        "get",
        _api(
            owner=NO, stranger=NO, agent_in=OK, agent_out=OK, supervisor=OK, manager=OK
        ),
        system=NO,
    ),
    "complaints_api:desk_ticket_detail": Rule(
        "get",
        _api(
            owner=NO,
            stranger=NO,
            agent_in=OK,
            agent_out=HIDDEN,
            supervisor=OK,
            manager=OK,
        ),
        ("reference",),
        system=NO,
    ),
    **{
        f"complaints_api:desk_{name}": Rule(
            "post",
            _api(
                owner=NO,
                stranger=NO,
                agent_in=REACHED,
                agent_out=HIDDEN,
                supervisor=REACHED,
                manager=NO,
            ),
            ("reference",),
            system=NO,
        )
        for name in (
            "ticket_move",
            "message_create",
            "ticket_assign",
            "ticket_triage",
            "ticket_hold",
        )
    },
    # The system list needs a filter; 400 without one is the view answering.
    "complaints_api:system_ticket_list": Rule(
        "get", _api(**SYSTEM_API), system=REACHED
    ),
    "transactions_api:my_transaction_list": Rule(
        "get", _api(owner=OK, stranger=OK, **CUSTOMER_API), system=NO
    ),
    "transactions_api:system_transaction_push": Rule(
        "post", _api(**SYSTEM_API), system=frozenset({400})
    ),
    # The wallet core provisions customers (an empty profile is a valid PUT) and
    # asks for their hand-off links.
    "identity_api:system_customer_provision": Rule(
        "put", _api(**SYSTEM_API), ("account_id",), system=frozenset({200})
    ),
    "identity_api:system_sign_in_link_create": Rule(
        "post", _api(**SYSTEM_API), ("account_id",), system=frozenset({201})
    ),
    "knowledgebase_api:faq_search": Rule("get", _all(OK), system=OK),
    # Incidents (issue 27): the status page and its API are public; "I will wait"
    # on an incident that is not open is not found for anyone.
    "incidents:status": Rule("get", _all(OK)),
    "incidents:deflect": Rule("post", _all(HIDDEN), ("incident_id",)),
    "incidents_api:incident_list": Rule("get", _all(OK), system=OK),
    # Payment checks (issue 23): everyone signed in sees only their own; a link
    # that is not a signed check is not found.
    "wallet_actions:my_payment_checks": Rule("get", _signed_in(OK)),
    "wallet_actions:payment_check": Rule("get", _all(HIDDEN), ("check_token",)),
    # The wallet core reports payments and answers actions; an unknown action is 404.
    "wallet_actions_api:payment_check_create": Rule(
        "post", _api(**SYSTEM_API), system=frozenset({400})
    ),
    "wallet_actions_api:outcome": Rule(
        "post", _api(**SYSTEM_API), ("action_id",), system=HIDDEN
    ),
    # Staff actions in the admin: visitors and customers are sent to log in;
    # managers read, they do not act.
    "admin:complaints_ticket_phone": Rule("get", _admin(agents=OK, supervisor=OK)),
    # Matching a pending contact's email to a customer: agents and supervisors
    # (an unknown or already matched email is 404); managers file no tickets.
    "admin:inbound_mail_inboundmessage_file": Rule(
        "get", _admin(agents=HIDDEN, supervisor=HIDDEN), ("inbound_pk",)
    ),
    # Posting incident updates and answering every linked ticket: supervisors only
    # (an unknown incident is then 404); agents link and unlink.
    "admin:incidents_incident_post_update": Rule(
        "post", _admin(agents=NO, supervisor=HIDDEN), ("incident_id",)
    ),
    "admin:incidents_incident_link": Rule(
        "post", _admin(agents=HIDDEN, supervisor=HIDDEN), ("incident_id",)
    ),
    "admin:incidents_incident_link_matching": Rule(
        "post", _admin(agents=HIDDEN, supervisor=HIDDEN), ("incident_id",)
    ),
    "admin:incidents_incident_unlink": Rule(
        "post",
        _admin(agents=HIDDEN, supervisor=HIDDEN),
        ("incident_id", "ticket_id"),
    ),
    "admin:incidents_incident_answer": Rule(
        "post", _admin(agents=NO, supervisor=HIDDEN), ("incident_id",)
    ),
    # Asking the wallet: only for a ticket the agent may see (the empty form is
    # refused back to the case page).
    "admin:wallet_actions_request": Rule(
        "post",
        {
            **_admin(agents=frozenset({302}), supervisor=frozenset({302})),
            "agent_other_queue": HIDDEN,
        },
        ("ticket_id",),
    ),
    "admin:wallet_actions_step": Rule(
        "post",
        {**_admin(agents=HIDDEN, supervisor=HIDDEN), "manager": HIDDEN},
        ("action_step",),
    ),
    "api_schema": Rule("get", _all(OK)),
    "api_docs": Rule("get", _all(OK)),
    "api_not_found": Rule("get", _all(HIDDEN), system=HIDDEN),
}
# Admin pages outside the per-model rule.
ADMIN_SITE_ROUTES = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
    "admin:app_list",
    "admin:complaints_ticket_workspace",  # POST actions, covered by the case tests
    # The case page's parts drawn when opened: scoped like the case page
    # (tests/complaints/test_case_parts.py).
    "admin:complaints_ticket_part",
}
ADMIN_MODEL_ROUTE = re.compile(
    r"^admin:(\w+?)_(\w+)_(changelist|add|change|delete|history)$"
)


def _walk(
    patterns: list, prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(pattern.pattern), name


def _routes() -> list[tuple[str, str | None]]:
    return list(_walk(get_resolver().url_patterns))


def test_every_route_is_classified():
    unclassified = []
    for path, name in _routes():
        if name in ROUTES or name in ADMIN_SITE_ROUTES:
            continue
        if name and ADMIN_MODEL_ROUTE.match(name):
            continue
        # Django's own admin redirects (old change URLs, the catch-all) have no name.
        if name is None and path.startswith("admin/"):
            continue
        # django-allauth's old social/ paths, unnamed redirects to 3rdparty/.
        if name is None and path.startswith("accounts/social/"):
            continue
        unclassified.append((path, name))
    assert unclassified == [], "classify these routes in ROUTES"


# --- Calling every route as every caller -------------------------------------------


@pytest.fixture
def world(db: None) -> dict[str, object]:
    owner, stranger = CustomerFactory.create_batch(2)
    agent_in, agent_out = AgentFactory.create_batch(2)
    from tests.factories import ManagerFactory, SupervisorFactory

    queue = Queue.objects.create(name="Complaints", slug="complaints")
    queue.agents.add(agent_in)
    other = Queue.objects.create(name="Refunds", slug="refunds")
    other.agents.add(agent_out)
    QueueRoute.objects.create(kind=Ticket.Kind.COMPLAINT, queue=queue)
    ticket = TicketFactory(customer=owner)
    TicketFactory(customer=stranger)
    message_add(
        ticket=ticket,
        author=owner,
        body="receipt",
        evidence=[EvidenceInput(file=SimpleUploadedFile("log.txt", b"log\n"))],
    )
    article = ArticleFactory()
    _key, secret = api_key_issue(name="core", actor=None)
    return {
        "roles": {
            "anonymous": None,
            "owner": owner,
            "stranger": stranger,
            "agent_in_queue": agent_in,
            "agent_other_queue": agent_out,
            "supervisor": SupervisorFactory(),
            "manager": ManagerFactory(),
        },
        "kwargs": {
            "reference": {"reference": ticket.reference},
            "file_token": {"token": Attachment.objects.get(ticket=ticket).token},
            "track_token": {"token": tracking.tracking_token_make(ticket=ticket)},
            "situation": {"situation": "other"},
            "article_slug": {"slug": article.slug},
            "category_slug": {"slug": article.category.slug},
            "uidb64": {"uidb64": urlsafe_base64_encode(force_bytes(owner.pk))},
            "reset_token": {"token": default_token_generator.make_token(owner)},
            "account_id": {"account_id": owner.wallet_account_id},
            "handoff_token": {"token": "x" * 43},
            "allauth_reset_key": {"uidb36": "1", "key": "set-password"},
            "allauth_email_key": {"key": "x" * 20},
            "webauthn_pk": {"pk": 999999},
            "inbound_pk": {"pk": 999999},
            "oidc_provider": {"provider_id": "nowhere"},
            "incident_id": {"incident_id": 999999},
            "check_token": {"token": "x" * 40},
            "action_id": {"action_id": 999999},
            "export_id": {"export_id": _someone_elses_export()},
            "ticket_id": {"ticket_id": ticket.pk},
            "action_step": {"action_id": 999999, "step": "retry"},
        },
        "system_secret": secret,
        "ticket": ticket,
    }


def _someone_elses_export() -> int:
    """A finished export of a manager outside the roles: theirs alone."""
    return TicketExport.objects.create(
        requested_by=ManagerFactory(),
        period_start=timezone.now() - timedelta(days=30),
        period_end=timezone.now(),
        state=TicketExport.State.DONE,
        expires_at=timezone.now() + timedelta(days=1),
    ).pk


def _url(name: str, rule: Rule, world: dict) -> str:
    kwargs: dict[str, str] = {}
    for key in rule.kwargs:
        kwargs.update(world["kwargs"][key])
    return reverse(name, kwargs=kwargs)


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _matches(response, expected: frozenset[int] | str) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code in expected


def _check_route(name: str, world: dict) -> list[str]:
    rule = ROUTES[name]
    url = _url(name, rule, world)
    # The API parses JSON, uploads multipart: an empty body of the kind the route
    # parses reaches the permission check.
    json_api = "api" in name and not name.endswith("attachment_create")
    body = {"content_type": "application/json"} if json_api else {}
    wrong = []
    for role, expected in rule.expect.items():
        client = _client(world["roles"][role])
        response = getattr(client, rule.method)(url, **body)
        if not _matches(response, expected):
            wrong.append(
                f"{rule.method.upper()} {url} as {role}: {response.status_code}, expected {expected}"
            )
    if rule.system is not None:
        response = getattr(Client(), rule.method)(
            url, HTTP_AUTHORIZATION=f"Api-Key {world['system_secret']}", **body
        )
        if response.status_code not in rule.system:
            wrong.append(f"{url} as system: {response.status_code}")
    return wrong


def test_portal_accounts_faq_and_reports_routes(world):
    wrong = []
    for name in ROUTES:
        if "api" not in name:
            wrong += _check_route(name, world)
    assert wrong == [], "\n".join(wrong)


def test_api_routes(world):
    wrong = []
    for name in ROUTES:
        if "api" in name:
            wrong += _check_route(name, world)
    assert wrong == [], "\n".join(wrong)


# --- Admin: the same rule for every registered model --------------------------------


def _admin_models() -> list[type]:
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def _object_id(model: type) -> str | None:
    instance = model._default_manager.order_by("pk").first()
    return str(instance.pk) if instance is not None else None


def test_visitors_and_customers_never_get_into_the_admin(world):
    wrong = []
    for role in ("anonymous", "owner"):
        client = _client(world["roles"][role])
        for model in _admin_models():
            info = (model._meta.app_label, model._meta.model_name)
            url = reverse("admin:{}_{}_changelist".format(*info))
            response = client.get(url)
            if not (response.status_code == 302 and "login" in response["Location"]):
                wrong.append(f"{url} as {role}: {response.status_code}")
    assert wrong == []


def test_admin_pages_grant_no_more_than_the_role_permissions(world):
    wrong = []
    for role in ("agent_in_queue", "supervisor", "manager"):
        user: User = world["roles"][role]
        client = _client(user)
        for model in _admin_models():
            app, model_name = model._meta.app_label, model._meta.model_name
            perm = f"{app}.%s_{model_name}"
            may_view = user.has_perm(perm % "view") or user.has_perm(perm % "change")
            object_id = _object_id(model)
            pages = {"changelist": (), "add": ()}
            if object_id is not None:
                pages |= {
                    "change": (object_id,),
                    "delete": (object_id,),
                    "history": (object_id,),
                }
            for page, args in pages.items():
                url = reverse(f"admin:{app}_{model_name}_{page}", args=args)
                status = client.get(url).status_code
                allowed = {
                    "changelist": may_view,
                    "add": user.has_perm(perm % "add"),
                    "change": may_view,
                    "delete": user.has_perm(perm % "delete"),
                    "history": may_view,
                }[page]
                if status == 200 and not allowed:
                    wrong.append(f"{role} got {url} without the permission")
                if status not in {200, 302, 403, 404}:
                    wrong.append(f"{role} {url}: {status}")
    assert wrong == []


def test_managers_read_but_never_write_in_the_admin(world):
    manager = world["roles"]["manager"]
    client = _client(manager)
    wrong = []
    for model in _admin_models():
        app, model_name = model._meta.app_label, model._meta.model_name
        object_id = _object_id(model)
        add = client.post(reverse(f"admin:{app}_{model_name}_add"), {})
        if add.status_code not in {403}:
            wrong.append(f"add {model_name}: {add.status_code}")
        if object_id is None:
            continue
        change = client.post(
            reverse(f"admin:{app}_{model_name}_change", args=[object_id]), {}
        )
        delete = client.post(
            reverse(f"admin:{app}_{model_name}_delete", args=[object_id]),
            {"post": "yes"},
        )
        if change.status_code != 403:
            wrong.append(f"change {model_name}: {change.status_code}")
        if delete.status_code != 403:
            wrong.append(f"delete {model_name}: {delete.status_code}")
        assert model._default_manager.filter(pk=object_id).exists()
    assert wrong == []


def test_agents_see_only_tickets_of_their_queues_in_the_admin(world):
    ticket = world["ticket"]
    url = reverse("admin:complaints_ticket_change", args=[ticket.pk])
    inside = _client(world["roles"]["agent_in_queue"]).get(url)
    outside = _client(world["roles"]["agent_other_queue"]).get(url)
    assert inside.status_code == 200
    assert outside.status_code == 302  # the admin's "no such ticket" redirect
    listing = _client(world["roles"]["agent_other_queue"]).get(
        reverse("admin:complaints_ticket_changelist")
    )
    assert ticket.reference not in listing.content.decode()


def test_matrix_size():
    """The closing note's figure: routes by callers checked."""
    api = sum(1 for name in ROUTES if "api" in name)
    checked = len(ROUTES) * len(ROLES) + sum(
        1 for rule in ROUTES.values() if rule.system is not None
    )
    assert len(ROUTES) >= 50
    assert api >= 15
    assert checked >= 350
    assert len(_admin_models()) >= 20


def test_every_api_endpoint_is_throttled():
    from django.conf import settings

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    unthrottled = []
    for path, name in _routes():
        if not path.startswith("api/v1/"):
            continue
        concrete = re.sub(r"<[^>]+>", "x", re.sub(r"<int:[^>]+>", "1", path))
        view = get_resolver().resolve("/" + concrete).func
        scope = getattr(getattr(view, "cls", None), "throttle_scope", None)
        if scope not in rates:
            unthrottled.append(name)
    assert unthrottled == []


def _hand_off_client(core: dict, account_id: str) -> Client:
    link = (
        Client()
        .post(
            f"/api/v1/system/customers/{account_id}/sign-in-links/",
            {},
            content_type="application/json",
            **core,
        )
        .json()["url"]
    )
    browser = Client()
    assert browser.post(link.split("127.0.0.1:8000", 1)[-1]).status_code == 302
    return browser


def _phone_code_client(phone: str, on_commit: Callable) -> Client:
    browser = Client()
    with on_commit(execute=True):  # the SMS leaves after the commit
        browser.post(reverse("identity:phone_code"), {"phone": phone})
    code = re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)
    assert browser.post(reverse("identity:phone_code_confirm"), {"code": code})[
        "Location"
    ] == reverse("complaints:home")
    return browser


def _oidc_client(account_id: str) -> Client:
    browser = Client()
    assert oidc_sign_in(browser, account_id)["Location"] == reverse("complaints:home")
    return browser


@pytest.mark.parametrize("path", ["hand_off", "phone_code", "oidc"])
def test_a_provisioned_customer_sees_only_their_own_however_they_signed_in(
    world, path: str, request, settings
):
    """Provisioned by the API, signed in by a hand-off link, a phone code or the
    wallet's OpenID Connect provider: exactly their own tickets and transactions."""
    from tests.factories import TransactionFactory

    core = {"HTTP_AUTHORIZATION": f"Api-Key {world['system_secret']}"}
    profile = {
        "email": "hua@example.com",
        "display_name": "华",
        "phone": "+8613700137000",
    }
    created = Client().put(
        "/api/v1/system/customers/8809001/",
        profile,
        content_type="application/json",
        **core,
    )
    assert created.status_code == 201
    hua = User.objects.get(wallet_account_id="8809001")
    own_record = TransactionFactory(owner=hua)
    own_ticket = TicketFactory(customer=hua)
    other_ticket = world["ticket"]
    if path == "hand_off":
        browser = _hand_off_client(core, "8809001")
    elif path == "phone_code":
        settings.WALLETDESK_SMS_BACKEND = "sms.backends.locmem.SmsBackend"
        browser = _phone_code_client(
            "+8613700137000",
            request.getfixturevalue("django_capture_on_commit_callbacks"),
        )
    else:
        request.getfixturevalue("wallet_app")
        browser = _oidc_client("8809001")

    assert browser.session["_auth_user_id"] == str(hua.pk)
    tickets = browser.get(reverse("complaints:ticket_list")).content.decode()
    mine = browser.get("/api/v1/my/tickets/").json()["results"]
    records = browser.get("/api/v1/my/transactions/").json()["results"]

    assert own_ticket.reference in tickets
    assert other_ticket.reference not in tickets
    assert [item["reference"] for item in mine] == [own_ticket.reference]
    own_refs = set(
        Transaction.objects.filter(owner=hua).values_list("reference", flat=True)
    )
    assert own_record.reference in own_refs
    assert {item["reference"] for item in records} == own_refs
    detail = reverse("complaints:ticket_detail", args=[other_ticket.reference])
    assert browser.get(detail).status_code == 404
    other_tx = Transaction.objects.exclude(owner=hua).first()
    if other_tx is not None:
        assert other_tx.reference not in {item["reference"] for item in records}
