"""A customer chooses how notices reach them besides in-app: email, SMS, both, neither."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import AgentFactory, CustomerFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/settings/notices/"


def test_defaults_are_email_on_and_sms_off(client) -> None:
    customer = CustomerFactory(phone="+8613800138001")
    assert (customer.notify_by_email, customer.notify_by_sms) == (True, False)
    client.force_login(customer)
    page = client.get(reverse("accounts:settings"), HTTP_ACCEPT_LANGUAGE="en").text
    assert 'data-test="notify_by_email" checked' in page
    assert 'data-test="notify_by_sms" checked' not in page
    assert "They go to +8613800138001." in page


def test_customer_turns_sms_on_and_email_off(client) -> None:
    customer = CustomerFactory(phone="+8613800138001")
    client.force_login(customer)
    response = client.post(URL, {"notify_by_sms": "on"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.notify_by_email, customer.notify_by_sms) == (False, True)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").text
    assert "Your notice choices are saved." in page
    assert 'data-test="notify_by_sms" checked' in page


def test_sms_without_a_phone_number_is_refused_in_chinese(client) -> None:
    customer = CustomerFactory(phone="", preferred_language="zh-hans")
    client.force_login(customer)
    response = client.post(URL, {"notify_by_sms": "on"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert "您的钱包账户没有手机号码" in response.text
    assert 'data-test="notify_by_sms-error"' in response.text
    customer.refresh_from_db()
    assert (customer.notify_by_email, customer.notify_by_sms) == (True, False)


def test_staff_keep_their_notices_by_email(client) -> None:
    agent = AgentFactory(phone="+8613800138002")
    client.force_login(agent)
    assert client.post(URL, {}).status_code == 403
    assert User.objects.get(pk=agent.pk).notify_by_email is True
    page = client.get(reverse("accounts:settings")).text
    assert 'data-test="notice-channels"' not in page


def test_settings_page_queries_are_pinned(client, django_assert_num_queries) -> None:
    customer = CustomerFactory(phone="+8613800138001")
    client.force_login(customer)
    # Session, user, the live API token: the channel choices are on the user row.
    with django_assert_num_queries(3):
        assert client.get(reverse("accounts:settings")).status_code == 200
