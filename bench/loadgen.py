"""A small closed-loop load generator on 127.0.0.1, standard library only.

Each worker thread is one signed-in browser (cookies, CSRF) that sends its case's
request again as soon as the last answer arrived, until the case's time or request
budget runs out. Latency is measured from sending to the last byte of the body.
"""

import http.client
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


class Session:
    """One browser: a cookie jar and helpers for Django forms."""

    def __init__(self, host: str, port: int, *, language: str = "en") -> None:
        self.host = host
        self.port = port
        self.language = language
        self.cookies: dict[str, str] = {}
        self.username = ""

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "",
        timeout: float = 60,
    ) -> Response:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Accept-Language": self.language,
            "User-Agent": "walletdesk-bench",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        if method != "GET":
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            payload = answer.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for line in answer.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return Response(
            status=answer.status,
            headers={k.lower(): v for k, v in answer.headers.items()},
            body=payload,
            seconds=seconds,
        )

    def csrf(self) -> str:
        if "csrftoken" not in self.cookies:
            self.request("GET", "/accounts/login/")
        return self.cookies.get("csrftoken", "")

    def post_form(
        self,
        path: str,
        fields: dict[str, str],
        files: list[tuple[str, str, str, bytes]] = (),
    ) -> Response:
        """POST a form the way a browser does, with the CSRF token as a field."""
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        if not files:
            return self.request(
                "POST",
                path,
                body=urlencode(fields).encode(),
                content_type="application/x-www-form-urlencoded",
            )
        body, content_type = multipart(fields, files)
        return self.request("POST", path, body=body, content_type=content_type)

    def login(self, username: str, password: str) -> bool:
        """Sign in through the real login form; True on the redirect that means yes."""
        self.request("GET", "/accounts/login/")
        answer = self.post_form(
            "/accounts/login/", {"username": username, "password": password}
        )
        self.username = username
        return answer.status == 302 and "sessionid" in self.cookies


class TakingTurns:
    """Several signed-in sessions behind one: each request goes to the next."""

    def __init__(self, sessions: list[Session]) -> None:
        self.sessions = sessions
        self.turn = 0

    def _next(self) -> Session:
        session = self.sessions[self.turn % len(self.sessions)]
        self.turn += 1
        return session

    @property
    def username(self) -> str:
        return self.sessions[self.turn % len(self.sessions)].username

    def request(self, method: str, path: str, **kwargs: object) -> Response:
        return self._next().request(method, path, **kwargs)

    def post_form(self, path: str, *args: object, **kwargs: object) -> Response:
        return self._next().post_form(path, *args, **kwargs)


def multipart(
    fields: dict[str, str], files: list[tuple[str, str, str, bytes]]
) -> tuple[bytes, str]:
    """Encode fields and (field, filename, content type, bytes) files."""
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, content_type, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Sample:
    seconds: float
    ok: bool
    status: int
    queries: int | None
    db_ms: float | None


@dataclass
class RunResult:
    samples: list[Sample] = field(default_factory=list)
    wall_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def run_closed_loop(
    sessions: list[Session],
    send: Callable[[Session, int], Response],
    ok: Callable[[Response], bool],
    *,
    seconds: float,
    max_requests: int,
) -> RunResult:
    """Each session sends requests back to back until time or budget runs out."""
    result = RunResult()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    budget = [max_requests]

    def worker(session: Session) -> None:
        number = 0
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            try:
                answer = send(session, number)
            except OSError as error:
                with lock:
                    result.samples.append(Sample(0.0, False, 0, None, None))
                    result.errors.append(f"{type(error).__name__}: {error}")
                continue
            number += 1
            good = ok(answer)
            queries = answer.headers.get("x-query-count")
            db_ms = answer.headers.get("x-db-time-ms")
            with lock:
                result.samples.append(
                    Sample(
                        answer.seconds,
                        good,
                        answer.status,
                        int(queries) if queries else None,
                        float(db_ms) if db_ms else None,
                    )
                )
                if not good and len(result.errors) < 5:
                    result.errors.append(f"HTTP {answer.status}")

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_seconds = time.perf_counter() - started
    return result


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of values (share between 0 and 1)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(round(share * len(ordered) + 0.5) - 1, 0)
    return ordered[min(rank, len(ordered) - 1)]
