"""Reply tokens: the Message-ID of each emailed notice names the notice and signs it.

A customer's mail client copies it into In-Reply-To and References, so an answer
finds its ticket without trusting the subject, and a header naming one of our
notices with a wrong signature is recognised as forged.
"""

import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "complaints.reply_tokens"
_TOKEN = re.compile(r"<?wd\.n(\d{1,18})\.([0-9a-f]{1,64})@([^>\s]+)>?", re.IGNORECASE)


def _signature(notice_id: int) -> str:
    return salted_hmac(_SALT, str(notice_id)).hexdigest()[:20]


def notice_message_id(*, notice_id: int) -> str:
    """The Message-ID of the email carrying notice notice_id."""
    domain = settings.WALLETDESK_MESSAGE_ID_DOMAIN
    return f"<wd.n{notice_id}.{_signature(notice_id)}@{domain}>"


def notice_ids_referenced(header_text: str) -> tuple[list[int], list[str]]:
    """Notice ids signed correctly in header_text, and tokens that failed the check.

    Only ids in our own Message-ID domain count; others are not ours to judge.
    """
    domain = settings.WALLETDESK_MESSAGE_ID_DOMAIN.lower()
    valid: list[int] = []
    forged: list[str] = []
    for match in _TOKEN.finditer(header_text or ""):
        notice_id, signature, token_domain = match.groups()
        if token_domain.lower() != domain:
            continue
        if constant_time_compare(signature.lower(), _signature(int(notice_id))):
            valid.append(int(notice_id))
        else:
            forged.append(match.group(0))
    return valid, forged
