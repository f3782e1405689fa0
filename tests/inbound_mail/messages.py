"""Raw mail as real clients send it: Chinese charsets, HTML-only, reply shapes."""

from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import make_msgid

OUTLOOK_HISTORY = (
    "\n\n________________________________\nFrom: Walletdesk <desk@walletdesk.example>\n"
    "Sent: Friday, 4 December 2026 10:00\nTo: you\nSubject: Your ticket\n\n"
    "We received your complaint.\n"
)
GMAIL_HISTORY = (
    "\n\nOn Fri, 4 Dec 2026 at 10:00, Walletdesk <desk@walletdesk.example> wrote:\n"
    "> We received your complaint.\n"
)
FOXMAIL_HISTORY = (
    "\n\n------------------ 原始邮件 ------------------\n发件人: Walletdesk\n"
    "发送时间: 2026年12月4日 10:00\n主题: 您的工单\n\n我们已收到您的投诉。\n"
)


def plain(
    sender: str,
    subject: str,
    body: str,
    *,
    in_reply_to: str = "",
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@walletdesk.example"
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="mail.customer.example")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message.as_bytes()


def gbk(sender: str, subject: str, body: str) -> bytes:
    """GBK text, quoted-printable, subject as an RFC 2047 base64 word (Foxmail)."""
    message = MIMEText(body.encode("gbk"), "plain", "gbk")
    del message["Content-Transfer-Encoding"]
    message.replace_header("Content-Type", 'text/plain; charset="gbk"')
    import quopri

    message.set_payload(quopri.encodestring(body.encode("gbk")).decode("ascii"))
    message["Content-Transfer-Encoding"] = "quoted-printable"
    message["From"] = sender
    message["Subject"] = Header(subject, "gb2312").encode()
    message["Message-ID"] = make_msgid(domain="foxmail.example")
    return message.as_bytes()


def html_only(sender: str, subject: str, html: str, *, in_reply_to: str = "") -> bytes:
    message = MIMEText(html, "html", "utf-8")
    message["From"] = sender
    message["Subject"] = Header(subject, "utf-8").encode()
    message["Message-ID"] = make_msgid(domain="mail.customer.example")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    return message.as_bytes()


def with_attachment(
    sender: str, subject: str, body: str, name: str, content: bytes, mime: str
) -> bytes:
    message = MIMEMultipart()
    message["From"] = sender
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="mail.customer.example")
    message.attach(MIMEText(body, "plain", "utf-8"))
    maintype, subtype = mime.split("/")
    part = (
        MIMEImage(content, subtype)
        if maintype == "image"
        else MIMEApplication(content, subtype)
    )
    part.add_header("Content-Disposition", "attachment", filename=name)
    message.attach(part)
    return message.as_bytes()
