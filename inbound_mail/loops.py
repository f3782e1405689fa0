"""Recognise mail nobody should answer: auto-replies, bounces and our own notices."""

from email.message import EmailMessage

from django.conf import settings
from django.utils.translation import gettext as _

_ROBOT_SENDERS = ("mailer-daemon@", "postmaster@", "noreply@", "no-reply@")
_AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTO_SUBJECTS = ("auto:", "automatic reply", "out of office", "自动回复", "自動回覆")


def loop_reason(message: EmailMessage, sender: str) -> str:
    """Why the message is dropped unanswered, or "" for a message from a person."""

    def header(name: str) -> str:
        try:
            return str(message.get(name) or "").strip().lower()
        except (ValueError, IndexError, TypeError):
            return ""

    if header("X-Walletdesk-Notice"):
        return _("One of our own notices came back.")
    own = settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].strip(">").strip().lower()
    if sender == own:
        return _("Sent from our own address.")
    if message.get_content_type() == "multipart/report" or sender.startswith(
        _ROBOT_SENDERS
    ):
        return _("A delivery failure notice (bounce).")
    auto_submitted = header("Auto-Submitted")
    if auto_submitted and auto_submitted != "no":
        return _("An automatic reply (Auto-Submitted).")
    if (
        header("X-Autoreply")
        or header("X-Autorespond")
        or header("X-Auto-Response-Suppress") in {"all", "oof"}
    ):
        return _("An automatic reply.")
    if header("Precedence") in _AUTO_PRECEDENCE:
        return _("Bulk or automatic mail (Precedence).")
    if header("Subject").startswith(_AUTO_SUBJECTS):
        return _("An automatic reply.")
    return ""
