"""A real Dovecot IMAP server on 127.0.0.1 for the tests, with its own mail directory."""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "support"
PASSWORD = "imap-test-password"


def dovecot_available() -> bool:
    return Path(DOVECOT).exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    process: subprocess.Popen
    directory: Path

    def append(self, raw: bytes) -> None:
        """Deliver one message into the inbox (IMAP APPEND)."""
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            imap.login(self.user, self.password)
            imap.append("INBOX", "", None, raw)
        finally:
            imap.logout()

    def unseen(self) -> int:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            imap.login(self.user, self.password)
            status, detail = imap.select("INBOX")
            if status != "OK":
                raise imaplib.IMAP4.error(f"SELECT: {detail!r}")
            _status, found = imap.search(None, "UNSEEN")
            return len((found[0] or b"").split())
        finally:
            imap.logout()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


def _config(directory: Path, port: int) -> str:
    # Dovecot refuses mail access as root: under root the mail belongs to the
    # package's unprivileged "dovenull"-style user "mail"; otherwise to the caller.
    if os.getuid() == 0:
        account = pwd.getpwnam("mail")
        for path in (directory / "mail", directory / "home"):
            path.mkdir(parents=True, exist_ok=True)
            os.chown(path, account.pw_uid, account.pw_gid)
        uid, gid, login_user = account.pw_uid, account.pw_gid, "dovenull"
        directory.chmod(0o711)
    else:
        uid, gid = os.getuid(), os.getgid()
        login_user = pwd.getpwuid(uid).pw_name
    return f"""
base_dir = {directory}/run
state_dir = {directory}/state
log_path = {directory}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{directory}/mail/%u
first_valid_uid = {uid}
first_valid_gid = {gid}
default_login_user = {login_user}
default_internal_user = {login_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {directory}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={directory}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def imap_server_start() -> ImapServer:
    """Start Dovecot with one user and an empty inbox; wait until it answers.

    Its directory sits directly in the system's temporary directory, not in
    pytest's private one: Dovecot's unprivileged processes must reach it, and
    pytest resets its own tree to 0700 whenever another run starts.
    """
    directory = Path(tempfile.mkdtemp(prefix="walletdesk-dovecot-"))
    for name in ("run", "state"):
        (directory / name).mkdir(exist_ok=True)
    (directory / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = _free_port()
    config = directory / "dovecot.conf"
    config.write_text(_config(directory, port))
    process = subprocess.Popen(  # noqa: S603 (the tests' own server)
        [DOVECOT, "-F", "-c", str(config)],
        stdout=(directory / "stdout.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    server = ImapServer("127.0.0.1", port, USER, PASSWORD, process, directory)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            server.unseen()
            return server
        except (OSError, imaplib.IMAP4.error):
            time.sleep(0.2)
    server.stop()
    log = (
        (directory / "dovecot.log").read_text(errors="replace")[-2000:]
        if (directory / "dovecot.log").exists()
        else ""
    )
    raise RuntimeError(f"Dovecot did not start: {log}")


@pytest.fixture
def imap_server(settings: object) -> Iterator[ImapServer]:
    """A fresh Dovecot with an empty inbox, and the settings that poll it."""
    server = imap_server_start()
    settings.WALLETDESK_IMAP_HOST = server.host
    settings.WALLETDESK_IMAP_PORT = server.port
    settings.WALLETDESK_IMAP_SECURITY = "plain"
    settings.WALLETDESK_IMAP_USER = server.user
    settings.WALLETDESK_IMAP_PASSWORD = server.password
    try:
        yield server
    finally:
        server.stop()
