"""Every kind of page links a favicon that the server answers, and /favicon.ico works."""

import re
import urllib.request

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db(transaction=True)

ICON_LINK = re.compile(r'<link rel="icon" href="([^"]+)"')


def _fetch(live_server, path: str) -> tuple[int, str]:
    with urllib.request.urlopen(live_server.url + path) as response:  # noqa: S310
        return response.status, response.headers["Content-Type"]


def test_each_page_links_a_favicon_that_loads(live_server, customer, agent, manager):
    ticket = TicketFactory(customer=customer)
    pages = [
        (None, reverse("complaints:home")),
        (None, reverse("accounts:login")),
        (None, reverse("knowledgebase:faq_index")),
        (customer, ticket.get_absolute_url()),
        (agent, reverse("admin:complaints_ticket_changelist")),
        (agent, reverse("admin:complaints_ticket_change", args=[ticket.pk])),
        (manager, reverse("reports:report")),
    ]
    for user, url in pages:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        icons = ICON_LINK.findall(response.content.decode())
        assert icons, f"{url} links no favicon"
        for icon in icons:
            status, content_type = _fetch(live_server, icon)
            assert status == 200, icon
            assert content_type.startswith("image/"), icon


def test_favicon_ico_at_the_root_loads(live_server):
    status, content_type = _fetch(live_server, "/favicon.ico")
    assert status == 200
    assert content_type.startswith("image/")
