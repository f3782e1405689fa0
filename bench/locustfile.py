"""Mixed traffic for `make load`: 50 customers and 10 agents against the bench server.

Customers read their tickets, open one, file a new one (sometimes with a
screenshot) and search the FAQ; agents page through the workspace, its quick views,
a search and case pages. Everyone signs in through the real login form. Each
reference a customer gets back is written to BENCH_LOAD_REFERENCES when the run
stops, so bench/load.py can check every one of them exists.

    .venv/bin/locust -f bench/locustfile.py --headless -u 60 -r 10 -t 60s \
        --host http://127.0.0.1:8765
"""

import itertools
import os
import random
import re
import threading
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "walletdesk-bench")
SEED = os.environ.get("BENCH_SEED", "1")
REFERENCES = Path(
    os.environ.get("BENCH_LOAD_REFERENCES", "/tmp/walletdesk-load-references.txt")  # noqa: S108
)
_TICKET_LINK = re.compile(r"/tickets/(WD-\d{4}-\d{6,})/")
_CHANGE_LINK = re.compile(r"/admin/complaints/ticket/(\d+)/change/")
_SUBMITTED = re.compile(r"/tickets/(WD-\d{4}-\d{6,})/submitted/")
_customers = itertools.count(100)
_agents = itertools.count(0)
_lock = threading.Lock()
submitted: list[str] = []
_SCREENSHOT = b""


def _screenshot() -> bytes:
    global _SCREENSHOT
    if not _SCREENSHOT:
        from bench.cases import screenshot_png

        _SCREENSHOT = screenshot_png()
    return _SCREENSHOT


class SignedIn(HttpUser):
    abstract = True
    username = ""

    def on_start(self) -> None:
        self.client.headers["Accept-Language"] = "en"
        self.client.get("/accounts/login/", name="login form")
        answer = self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            name="login",
        )
        if answer.status_code != 302:
            raise RuntimeError(f"{self.username} could not sign in")

    def post_form(
        self, path: str, fields: dict[str, str], files: dict | None = None, **kwargs
    ):
        fields = {**fields, "csrfmiddlewaretoken": self.client.cookies["csrftoken"]}
        return self.client.post(
            path,
            data=fields,
            files=files,
            headers={"Referer": f"{self.host}{path}"},
            allow_redirects=False,
            **kwargs,
        )


class CustomerUser(SignedIn):
    fixed_count = 50
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.username = f"vol{SEED}-c{next(_customers)}"
        self.references: list[str] = []
        super().on_start()

    @task(3)
    def my_tickets(self) -> None:
        page = self.client.get("/tickets/", name="/tickets/")
        found = _TICKET_LINK.findall(page.text)
        if found:
            self.references = list(dict.fromkeys(found))[:20]

    @task(2)
    def ticket_detail(self) -> None:
        if self.references:
            reference = random.choice(self.references)  # noqa: S311
            self.client.get(f"/tickets/{reference}/", name="/tickets/[reference]/")

    @task(1)
    def file_ticket(self) -> None:
        files = None
        if random.random() < 0.3:  # noqa: S311
            files = {"evidence": ("screenshot.png", _screenshot(), "image/png")}
        with self.post_form(
            "/tickets/new/cannot-log-in/",
            {
                "client_token": uuid.uuid4().hex,
                "subject": "Cannot log in",
                "description": "The app refuses my password since this morning.",
                "evidence_type": "screenshot",
            },
            files,
            name="file a ticket",
            catch_response=True,
        ) as answer:
            match = _SUBMITTED.search(answer.headers.get("Location", ""))
            if answer.status_code != 302 or not match:
                answer.failure(f"not filed: HTTP {answer.status_code}")
                return
            with _lock:
                submitted.append(match.group(1))
            self.references.insert(0, match.group(1))

    @task(1)
    def faq(self) -> None:
        self.client.get("/faq/search/?q=refund", name="/faq/search/")


class AgentUser(SignedIn):
    fixed_count = 10
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.username = f"vol{SEED}-a{next(_agents)}"
        self.ticket_ids: list[str] = []
        super().on_start()

    @task(3)
    def changelist(self) -> None:
        page = self.client.get("/admin/complaints/ticket/", name="changelist")
        self.ticket_ids = _CHANGE_LINK.findall(page.text)[:20]

    @task(2)
    def quick_view(self) -> None:
        view = random.choice(["mine", "unassigned", "due_soon", "breached"])  # noqa: S311
        self.client.get(
            f"/admin/complaints/ticket/?view={view}", name="changelist ?view="
        )

    @task(2)
    def case_page(self) -> None:
        if self.ticket_ids:
            ticket = random.choice(self.ticket_ids)  # noqa: S311
            self.client.get(
                f"/admin/complaints/ticket/{ticket}/change/", name="ticket change"
            )

    @task(1)
    def search(self) -> None:
        with _lock:
            reference = submitted[-1] if submitted else "WD-2026-000001"
        self.client.get(
            f"/admin/complaints/ticket/?q={reference}", name="changelist ?q="
        )


@events.test_stop.add_listener
def _write_references(**_kwargs: object) -> None:
    REFERENCES.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        REFERENCES.write_text("\n".join(submitted) + ("\n" if submitted else ""))
