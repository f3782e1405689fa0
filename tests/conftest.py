"""Shared fixtures: roles, eager Celery, fast hashing, and the service gates.

Tests that need PostgreSQL, Redis, a Celery worker on Redis, Chromium or Dovecot skip with a reason
on a bare laptop and fail when CI is set.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.utils import translation

from accounts.models import User
from config import celery_app
from tests.factories import (
    AgentFactory,
    CustomerFactory,
    ManagerFactory,
    SupervisorFactory,
)
from tests.imap_server import dovecot_available

# Tests only: the ORM is called beside Playwright's event loop in browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Tests run with debug off, where the settings refuse to invent a key; the suite and
# the worker and server processes it starts sign with this one.
TEST_SECRET_KEY = "tests-only-walletdesk-" + "k7Q2" * 12


def pytest_configure(config: pytest.Config) -> None:
    os.environ["DJANGO_SECRET_KEY"] = TEST_SECRET_KEY
    settings.SECRET_KEY = TEST_SECRET_KEY
    # Test servers speak plain http; production keeps the redirect and secure cookies.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Tests read English unless they ask for Chinese (Accept-Language, the language
    # cookie, a user's preference or translation.override); the product default
    # for a visitor who states no language stays Simplified Chinese.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def sla_defaults(request: pytest.FixtureRequest) -> None:
    """The shipped SLA profiles and calendars, for every database test.

    Their migration ships them; a flush by a transactional test that ran earlier
    drops them, and pytest-django does not always order those tests last.
    """
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from sla.data.defaults import defaults_install
    from sla.models import RegimeProfile

    if not RegimeProfile.objects.exists():
        # As if committed, like the migration's rows: otherwise the config caches
        # see a change pending in the test's transaction and reload on every use.
        with TestCase.captureOnCommitCallbacks(execute=True):
            defaults_install(django_apps)


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    with translation.override("en"):
        yield


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose service is missing; under CI, fail it instead.

    A hook, not a fixture: it runs before any fixture, so a missing Chromium
    skips the browser tests before pytest-playwright's session fixtures launch it.
    """
    available = {
        "postgres": connection.vendor == "postgresql",
        "redis": os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"),
        "worker": "CELERY_BROKER_URL" in os.environ,
        "e2e": CHROMIUM.exists(),
        "imap": dovecot_available(),
    }
    for marker, ok in available.items():
        if item.get_closest_marker(marker) and not ok:
            reason = f"needs {marker}"
            if os.environ.get("CI"):
                pytest.fail(f"{reason}, and CI must run it")
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _celery_eager(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run tasks in-process unless the test is marked worker, whatever the environment."""
    celery_app.conf.task_always_eager = (
        request.node.get_closest_marker("worker") is None
    )
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _fast_hashing_and_mail(
    settings: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Mail takes the production path (config.mail) into Django's test outbox.
    settings.EMAIL_BACKEND = "config.mail.OutgoingEmailBackend"
    settings.WALLETDESK_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        # Pages render {% static %} without a collectstatic manifest in tests.
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # FileField calls its storage callable once, at import; point it here too, so
    # test evidence never lands in the working tree's private_media/.
    from django.core.files.storage import storages

    from complaints.models import Attachment, PendingUpload
    from reports.models import TicketExport

    for model in (Attachment, PendingUpload, TicketExport):
        monkeypatch.setattr(
            model._meta.get_field("file"), "storage", storages["private"]
        )


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Start every test with empty rate-limit counters (they live in the cache)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def customer(db: None) -> User:
    return CustomerFactory()


@pytest.fixture
def agent(db: None) -> User:
    return AgentFactory()


@pytest.fixture
def supervisor(db: None) -> User:
    return SupervisorFactory()


@pytest.fixture
def manager(db: None) -> User:
    return ManagerFactory()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }
