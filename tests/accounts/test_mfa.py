"""Staff second factors: supervisors kept on enrolment, TOTP and recovery codes."""

import time
from collections.abc import Iterator

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    AgentFactory,
    ManagerFactory,
    SupervisorFactory,
)
from tests.second_factor import totp_code

pytestmark = pytest.mark.django_db

STAFF_API = "/api/v1/desk/tickets/"
MFA_INDEX_QUERIES = 3
RECOVERY_CODES_QUERIES = 7
ENROL_QUERIES = 11


@pytest.fixture(autouse=True)
def _fresh_limits() -> Iterator[None]:
    # allauth keeps used TOTP codes in the cache for their whole window.
    cache.clear()
    yield
    cache.clear()


def _password_step(client: Client, user: User, next_url: str = "/admin/") -> str:
    response = client.post(
        f"{reverse('accounts:login')}?next={next_url}",
        {"username": user.username, "password": PASSWORD},
    )
    assert response.status_code == 302
    return response["Location"]


def _reauthenticate(client: Client) -> None:
    # allauth asks for the password again before any change to second factors.
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_supervisor_without_a_second_factor_cannot_reach_the_admin(client):
    supervisor = SupervisorFactory(second_factor=False)
    _password_step(client, supervisor)

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "second factor" in page.content.decode()
    api = client.get(STAFF_API)
    assert api.status_code == 403
    assert api.json()["code"] == "mfa_required"
    assert client.get(reverse("complaints:home")).status_code == 302


@pytest.mark.parametrize("required", ["supervisor", "manager", "admin"])
def test_every_required_role_is_kept_on_enrolment(client, required):
    if required == "admin":
        user = AgentFactory(second_factor=False)
        User.objects.filter(pk=user.pk).update(is_superuser=True)
    elif required == "manager":
        user = ManagerFactory(second_factor=False)
    else:
        user = SupervisorFactory(second_factor=False)
    client.force_login(User.objects.get(pk=user.pk))
    assert client.get("/admin/")["Location"] == reverse("mfa_index")


def test_supervisor_enrols_totp_then_reaches_the_admin(client):
    supervisor = SupervisorFactory(second_factor=False)
    _password_step(client, supervisor)
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    refused = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert client.get("/admin/").status_code == 302

    enrolled = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert enrolled.status_code == 302
    assert client.get("/admin/").status_code == 200
    # allauth gives recovery codes with the first factor.
    codes = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
    assert len(codes) == 10


def test_totp_code_is_asked_at_sign_in_accepted_refused_and_not_replayed():
    supervisor = SupervisorFactory()
    client = Client()
    assert _password_step(client, supervisor) == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    assert SESSION_KEY not in client.session

    code = totp_code()
    right = client.post(reverse("mfa_authenticate"), {"code": code})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    again = Client()
    _password_step(again, supervisor)
    replay = again.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert SESSION_KEY not in again.session


def test_a_code_typed_as_its_step_ended_is_still_accepted(client):
    # A code shown on the phone when the 30-second step was about to turn,
    # submitted after it turned: the user typed it correctly.
    supervisor = SupervisorFactory()
    _password_step(client, supervisor)
    previous_step = totp_code(at=time.time() - 30)
    response = client.post(reverse("mfa_authenticate"), {"code": previous_step})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(supervisor.pk)


def test_a_code_from_two_steps_ago_is_refused(client):
    supervisor = SupervisorFactory()
    _password_step(client, supervisor)
    stale = totp_code(at=time.time() - 60)
    response = client.post(reverse("mfa_authenticate"), {"code": stale})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_a_code_from_another_secret_is_refused(client):
    supervisor = SupervisorFactory()
    _password_step(client, supervisor)
    other = totp_code("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U")
    assert other != totp_code(TOTP_SECRET)
    response = client.post(reverse("mfa_authenticate"), {"code": other})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_recovery_code_signs_in_once(client):
    supervisor = SupervisorFactory()
    _password_step(client, supervisor)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    _reauthenticate(client)
    generated = client.post(reverse("mfa_generate_recovery_codes"))
    assert generated.status_code == 302
    codes = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
    client.post(reverse("accounts:logout"))

    first = Client()
    _password_step(first, supervisor)
    used = first.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert used.status_code == 302
    assert first.get("/admin/").status_code == 200

    second = Client()
    _password_step(second, supervisor)
    reused = second.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200
    assert SESSION_KEY not in second.session
    assert second.post(reverse("mfa_authenticate"), {"code": codes[1]}).status_code == (
        302
    )


def test_agent_without_a_second_factor_works(client):
    agent = AgentFactory()
    assert _password_step(client, agent) == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(STAFF_API).status_code == 200


def test_agent_who_enrolled_is_asked_for_the_code(client):
    agent = AgentFactory(second_factor=True)
    assert _password_step(client, agent) == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get("/admin/").status_code == 200


def test_removing_the_last_factor_puts_a_supervisor_back_on_enrolment(
    client, django_capture_on_commit_callbacks
):
    supervisor = SupervisorFactory()
    _password_step(client, supervisor)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert client.get("/admin/").status_code == 200
    _reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(reverse("mfa_deactivate_totp"))
    assert removed.status_code == 302
    assert client.get("/admin/")["Location"] == reverse("mfa_index")


def test_admin_login_goes_through_the_portal_sign_in(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fadmin%2F"
    assert client.get("/admin/")["Location"].startswith(reverse("admin:login"))


def test_admin_logout_signs_out(client):
    supervisor = SupervisorFactory()
    _password_step(client, supervisor)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    client.post(reverse("admin:logout"))
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_requirement_is_a_setting(client, settings):
    settings.WALLETDESK_MFA_REQUIRED_ROLES = []
    client.force_login(SupervisorFactory(second_factor=False))
    assert client.get("/admin/").status_code == 200


def test_second_factor_pages_query_counts(client, django_assert_num_queries):
    supervisor = SupervisorFactory()
    _password_step(client, supervisor)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    _reauthenticate(client)
    client.post(reverse("mfa_generate_recovery_codes"))
    # user; the user's authenticators; the addresses allauth shows (the session is
    # read from the cache)
    with django_assert_num_queries(MFA_INDEX_QUERIES):
        assert client.get(reverse("mfa_index")).status_code == 200
    # user; recovery codes; verified addresses; TOTP?, keys?, codes?; allauth
    # stamps the codes as viewed (UPDATE)
    with django_assert_num_queries(RECOVERY_CODES_QUERIES):
        assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_enrolment_page_query_count(client, django_assert_num_queries):
    supervisor = SupervisorFactory(second_factor=False)
    _password_step(client, supervisor)
    _reauthenticate(client)
    client.get(reverse("mfa_index"))
    # user; the gate's "has a factor yet?"; allauth's own checks (factors of each
    # kind, unverified and verified addresses); the session with the new secret
    with django_assert_num_queries(ENROL_QUERIES):
        assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_second_factor_pages_speak_chinese(client):
    client.force_login(SupervisorFactory(second_factor=False))
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/admin/", follow=True)
    body = page.content.decode()
    assert "双因素身份认证" in body
    assert "您的角色需要第二重验证" in body
