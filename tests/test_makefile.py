"""The Makefile's development commands: links follow the port make serves on."""

import os
import subprocess

import pytest
from django.conf import settings

# -n prints the commands without running them; -o keeps make from reinstalling.
MAKE = ["make", "-n", "--no-print-directory", "-o", ".venv/.installed", "-o", "demo"]


def _commands(*arguments: str, **environment: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "WALLETDESK_SITE_URL"}
    printed = subprocess.run(  # noqa: S603 - make with the tests' own arguments
        [*MAKE, *arguments],
        cwd=settings.BASE_DIR,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return printed.splitlines()


@pytest.mark.parametrize(
    ("target", "program"),
    [("run", "runserver 127.0.0.1:8123"), ("worker", "celery -A config worker")],
)
def test_make_on_another_port_links_notices_to_that_port(target, program):
    (line,) = [line for line in _commands(target, "PORT=8123") if program in line]
    assert "WALLETDESK_SITE_URL=http://127.0.0.1:8123 " in line


def test_an_exported_site_url_wins_over_the_port():
    (line,) = [
        line
        for line in _commands(
            "run", "PORT=8123", WALLETDESK_SITE_URL="https://desk.example.com"
        )
        if "runserver" in line
    ]
    assert "WALLETDESK_SITE_URL=https://desk.example.com " in line
