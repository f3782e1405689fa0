"""Read one raw message: sender, subject, references, text and attachments.

Chinese mail arrives as GBK or GB18030 (often labelled gb2312), quoted-printable
or base64, with RFC 2047 subjects and sometimes only an HTML part; all of it is
decoded here. Anything that cannot be read raises MailRefusedError with the reason.
"""

import hashlib
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from django.utils.translation import gettext as _

from inbound_mail.html_text import html_to_text

# Labels mail clients use for what is really GB18030 (a superset of both).
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
}
MAX_PARTS = 100


class MailRefusedError(Exception):
    """A message that is kept but not processed; the text says why (translated)."""


@dataclass
class MailAttachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class ParsedMail:
    message_id: str
    from_address: str
    subject: str
    references: str
    text: str
    headers: EmailMessage
    attachments: list[MailAttachment] = field(default_factory=list)


def _decode(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "utf-8").lower()
    charset = _CHARSET_ALIASES.get(charset, charset)
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("gb18030", errors="replace")


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return ""
    return str(value or "").strip()


def message_key(raw: bytes, message: EmailMessage) -> str:
    """The message's Message-ID, or a digest of its bytes when it has none."""
    message_id = _header(message, "Message-ID")
    if message_id:
        return message_id[:255]
    return f"<sha256.{hashlib.sha256(raw).hexdigest()}@no-message-id>"


def headers_parse(raw: bytes) -> EmailMessage:
    """The message object of raw bytes (never raises: defects are recorded)."""
    return BytesParser(policy=policy.default).parsebytes(raw)


def _sender(message: EmailMessage) -> str:
    try:
        pairs = getaddresses([_header(message, "From")])
    except (ValueError, IndexError, TypeError):
        pairs = []
    addresses = [address for _name, address in pairs if "@" in address]
    if len(addresses) != 1:
        raise MailRefusedError(_("The message has no single sender address."))
    try:
        Address(addr_spec=addresses[0])
    except (ValueError, IndexError, TypeError) as error:
        raise MailRefusedError(_("The sender address is malformed.")) from error
    return addresses[0].strip().lower()


def mail_parse(raw: bytes, message: EmailMessage) -> ParsedMail:
    """Decode sender, subject, references, the text body and the attachments."""
    if not message.keys() or (
        message.get_content_maintype() == "multipart" and (not message.is_multipart())
    ):
        raise MailRefusedError(_("The message is not valid MIME."))
    sender = _sender(message)
    plain: list[str] = []
    html: list[str] = []
    attachments: list[MailAttachment] = []
    parts = 0
    try:
        for part in message.walk():
            parts += 1
            if parts > MAX_PARTS:
                raise MailRefusedError(_("The message has too many parts."))
            if part.is_multipart():
                continue
            disposition = part.get_content_disposition()
            filename = part.get_filename()
            content_type = part.get_content_type()
            if (
                disposition == "attachment"
                or filename
                or not content_type.startswith("text/")
            ):
                attachments.append(
                    MailAttachment(
                        name=(filename or "attachment")[-200:],
                        content_type=content_type,
                        content=part.get_payload(decode=True) or b"",
                    )
                )
            elif content_type == "text/plain":
                plain.append(_decode(part))
            elif content_type == "text/html":
                html.append(_decode(part))
    except (LookupError, ValueError, TypeError, AttributeError) as error:
        raise MailRefusedError(_("The message is not valid MIME.")) from error
    text = "\n".join(plain).strip() or html_to_text("\n".join(html))
    return ParsedMail(
        message_id=message_key(raw, message),
        from_address=sender,
        subject=" ".join(_header(message, "Subject").split())[:500],
        references=" ".join(
            [_header(message, "In-Reply-To"), _header(message, "References")]
        ),
        text=text,
        headers=message,
        attachments=attachments,
    )
