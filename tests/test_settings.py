"""Settings from the environment: the production setup passes the deploy checks."""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "desk.example.com",
}


def _secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def _manage(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process whose only DJANGO_ settings are these."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_")
    }
    clean.update(environment)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(BASE_DIR / "manage.py"), *arguments],
        capture_output=True,
        text=True,
        env=clean,
        cwd=BASE_DIR,
        timeout=120,
        check=False,
    )


def _deploy_check(**environment: str) -> subprocess.CompletedProcess:
    return _manage("check", "--deploy", "--fail-level", "WARNING", **environment)


def test_production_settings_pass_the_deploy_check() -> None:
    result = _deploy_check(**PRODUCTION, DJANGO_SECRET_KEY=_secret_key())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_a_secret_key() -> None:
    result = _deploy_check(**PRODUCTION)

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_deploy_check_fails_with_a_weak_secret_key() -> None:
    result = _deploy_check(**PRODUCTION, DJANGO_SECRET_KEY="short-and-guessable")

    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_deploy_check_fails_with_debug_on() -> None:
    result = _deploy_check(
        **{**PRODUCTION, "DJANGO_DEBUG": "1"}, DJANGO_SECRET_KEY=_secret_key()
    )

    assert result.returncode != 0
    assert "security.W018" in result.stderr


_SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'debug': s.DEBUG, 'ssl_redirect': s.SECURE_SSL_REDIRECT,"
    "'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE,"
    "'hsts': s.SECURE_HSTS_SECONDS, 'proxy': s.SECURE_PROXY_SSL_HEADER,"
    "'hosts': s.ALLOWED_HOSTS, 'eager': s.CELERY_TASK_ALWAYS_EAGER}))"
)


def _settings(**environment: str) -> dict:
    result = _manage("shell", "-c", _SHOW, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_unset_environment_is_safe_by_default() -> None:
    shown = _settings()

    assert shown["debug"] is False
    assert shown["ssl_redirect"] is True
    assert shown["session_secure"] is True
    assert shown["csrf_secure"] is True
    assert shown["hsts"] >= 31_536_000
    assert shown["proxy"] is None
    assert shown["hosts"] == ["localhost", "127.0.0.1"]


def test_debug_relaxes_https_for_local_development() -> None:
    shown = _settings(DJANGO_DEBUG="1")

    assert shown["debug"] is True
    assert shown["ssl_redirect"] is False
    assert shown["session_secure"] is False
    assert shown["hsts"] == 0


def test_tls_proxy_header_is_opt_in() -> None:
    shown = _settings(DJANGO_BEHIND_TLS_PROXY="1")

    assert shown["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("no", False),
    ],
)
def test_env_bool(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool
) -> None:
    if value is None:
        monkeypatch.delenv("WD_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("WD_TEST_FLAG", value)

    assert env_bool("WD_TEST_FLAG") is expected


def test_env_bool_default_applies_only_when_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WD_TEST_FLAG", raising=False)
    assert env_bool("WD_TEST_FLAG", default=True) is True
    monkeypatch.setenv("WD_TEST_FLAG", "0")
    assert env_bool("WD_TEST_FLAG", default=True) is False


def test_env_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WD_TEST_LIST", " a.example.com, ,b.example.com ,")

    assert env_list("WD_TEST_LIST") == ["a.example.com", "b.example.com"]
    assert env_list("WD_TEST_UNSET_LIST", "x,y") == ["x", "y"]


def _run(code: str, **environment: str) -> subprocess.CompletedProcess:
    """Run Python code in a fresh process whose only DJANGO_ settings are these."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_")
    }
    clean.update(environment, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter with fixed code
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=clean,
        cwd=BASE_DIR,
        timeout=120,
        check=False,
    )


def test_web_application_refuses_to_start_without_a_secret_key() -> None:
    result = _run("import config.wsgi", **PRODUCTION)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_web_application_starts_with_a_secret_key() -> None:
    result = _run("import config.wsgi", **PRODUCTION, DJANGO_SECRET_KEY=_secret_key())

    assert result.returncode == 0, result.stderr


# The development key as the repository has always published it.
PUBLISHED_DEVELOPMENT_KEY = (
    "django-insecure-walletdesk-development-key-do-not-use-in-production-0123456789"
)


def test_link_forged_with_the_development_key_is_refused_without_debug() -> None:
    """The published development key signs nothing when debug is off."""
    forge = (
        "import django; django.setup();"
        "from django.core import signing;"
        "from complaints.tracking import TRACKING_SALT;"
        f"token = signing.TimestampSigner(key={PUBLISHED_DEVELOPMENT_KEY!r},"
        " salt=TRACKING_SALT).sign_object({'t': 1, 'e': 'x'}, compress=True);"
        "from complaints.tracking import tracking_ticket_get;"
        "tracking_ticket_get(token=token)"
    )
    result = _run(forge, **PRODUCTION)

    assert result.returncode != 0
    assert "SECRET_KEY setting must not be empty" in result.stderr


def test_debug_signs_with_the_development_key() -> None:
    shown = _run(
        "from django.conf import settings; from config import settings as mine;"
        "print(settings.SECRET_KEY == mine.DEVELOPMENT_SECRET_KEY)",
        DJANGO_DEBUG="1",
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("", "文件不存在"), ("en", "No such file"), ("zh-hans", "文件不存在")],
)
def test_commands_speak_the_configured_default_language(language, expected):
    result = _manage(
        "import_transactions",
        "/nonexistent/ledger.csv",
        DJANGO_DEBUG="1",
        WALLETDESK_DEFAULT_LANGUAGE=language,
    )
    assert result.returncode != 0
    assert expected in result.stderr


def test_an_unknown_default_language_is_refused():
    result = _manage("check", DJANGO_DEBUG="1", WALLETDESK_DEFAULT_LANGUAGE="klingon")
    assert result.returncode != 0
    assert "WALLETDESK_DEFAULT_LANGUAGE" in result.stderr
