# ruff: noqa: S603 - runs this checkout's own manage.py and valgrind
"""CPU instructions per filing, counted by valgrind: a figure the VM's mood does not move.

Req/s on a shared VM moves by a fifth within an hour (bench/README.md); the
instructions a filing costs do not. This script files complaints through the
WSGI application itself, as gunicorn calls it (form POST with CSRF, a signed-in
customer, Redis for the cache and the broker, PostgreSQL), once with --filings
N and once with none, each under `valgrind --tool=callgrind`, and prints the
difference divided by N. The database is a copy of a small seeded template, so
every run starts from the same rows.

    .venv/bin/python bench/instructions.py              # 40 filings
    .venv/bin/python bench/instructions.py --filings 80 --path /healthz
    .venv/bin/python bench/instructions.py --path /admin/complaints/ticket/ --user vol1-a0
"""

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "walletdesk_bench_instructions_template"
COPY = "walletdesk_bench_instructions"
SESSIONS = 3  # the same in both runs, so signing in cancels out
BOUNDARY = "----walletdesk-instructions"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filings", type=int, default=40)
    parser.add_argument("--path", default="", help="GET this path instead of filing")
    parser.add_argument(
        "--user",
        default="",
        help="Sign in as this user for GET --path (an agent: vol1-a0); "
        "default: the filing customers.",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432"
        ),
    )
    parser.add_argument(
        "--broker",
        default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12"),
    )
    parser.add_argument("--requests", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def environment(args: argparse.Namespace) -> dict[str, str]:
    static = Path(tempfile.gettempdir()) / "walletdesk-instructions-static"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{args.postgres.rstrip('/')}/{COPY}",
        "CELERY_BROKER_URL": args.broker,
        "DJANGO_CACHE_URL": args.broker,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "instructions-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(static),
        "DJANGO_WHITENOISE_USE_FINDERS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "WALLETDESK_TICKET_RATE_PER_USER": "1000000/h",
        "WALLETDESK_TICKET_RATE_PER_IP": "1000000/h",
        "WALLETDESK_MAX_OPEN_TICKETS": "1000",
    }


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    import psycopg

    admin_url = f"{args.postgres.rstrip('/')}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{TEMPLATE}"')
    template_env = {**env, "DATABASE_URL": f"{args.postgres.rstrip('/')}/{TEMPLATE}"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=template_env, check=True)
    held = subprocess.run(
        [*manage, "seed_volume", "--check", "--seed", "1"],
        cwd=ROOT,
        env=template_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if held != "5000":
        subprocess.run(
            [*manage, "seed_volume", "--tickets", "5000", "--seed", "1"],
            cwd=ROOT,
            env=template_env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )


def fresh_copy(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(
        f"{args.postgres.rstrip('/')}/postgres", autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{COPY}"')
        admin.execute(f'CREATE DATABASE "{COPY}" TEMPLATE "{TEMPLATE}"')


def counted(args: argparse.Namespace, env: dict[str, str], requests: int) -> int:
    fresh_copy(args)
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--requests",
        str(requests),
        "--path",
        args.path,
        "--user",
        args.user,
    ]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit("the counted run failed")
    return int(found.group(1))


def serve(requests: int, path: str, user: str) -> None:
    """Inside valgrind: sign in, warm up, then send the counted requests."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    from accounts.models import User

    application = get_wsgi_application()

    sessions = []
    for number in range(SESSIONS):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(User.objects.get(username=user or f"vol1-c{500 + number}"))
        browser.get(path or "/tickets/new/cannot-log-in/")
        sessions.append(
            (browser.cookies["sessionid"].value, browser.cookies["csrftoken"].value)
        )

    path, _mark, query = path.partition("?")

    def send(number: int) -> None:
        session, csrf = sessions[number % SESSIONS]
        environ = {
            "REQUEST_METHOD": "GET" if path else "POST",
            "PATH_INFO": path or "/tickets/new/cannot-log-in/",
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": f"sessionid={session}; csrftoken={csrf}",
            "HTTP_REFERER": "http://127.0.0.1/tickets/new/cannot-log-in/",
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
            "wsgi.input": io.BytesIO(b""),
        }
        if not path:
            fields = {
                "csrfmiddlewaretoken": csrf,
                "client_token": uuid.uuid4().hex,
                "subject": "Cannot log in after the update",
                "description": "The app says my password is wrong since this morning.",
                "remedy_sought": "Unlock my account",
            }
            body = (
                "".join(
                    f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"'
                    f"\r\n\r\n{value}\r\n"
                    for name, value in fields.items()
                ).encode()
                + f"--{BOUNDARY}--\r\n".encode()
            )
            environ.update(
                CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
                CONTENT_LENGTH=str(len(body)),
            )
            environ["wsgi.input"] = io.BytesIO(body)
        status: list[str] = []
        response = application(
            environ, lambda line, headers, info=None: status.append(line)
        )
        for _chunk in response:
            pass
        response.close()
        if status[0][:3] not in {"200", "302"}:
            raise SystemExit(f"{environ['PATH_INFO']} answered {status[0]}")

    send(0)  # warm: the first request builds what a running worker keeps
    for number in range(1, requests + 1):
        send(number)


def main() -> int:
    args = parse()
    if args.requests is not None:
        serve(args.requests, args.path, args.user)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (Debian package valgrind)")
    env = environment(args)
    prepare(args, env)
    base = counted(args, env, 0)
    loaded = counted(args, env, args.filings)
    what = f"GET {args.path}" if args.path else "filing"
    print(  # noqa: T201
        f"{(loaded - base) / args.filings / 1e6:.2f} million instructions a {what} "
        f"({args.filings} counted; {base:,} and {loaded:,} in all)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
