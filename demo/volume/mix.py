# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""What the synthetic tickets are made of: weighted choices of kind, category,
channel, outcome and the like, and their bilingual texts (zh-hans, en)."""

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from complaints.models import CancellationInquiry, RefundRequest, Ticket
from demo.volume.sizes import Category, Kind
from transactions.models import Transaction

# Weighted choices ---------------------------------------------------------


class _Weighted:
    """Fast weighted choice: cumulative weights and bisect."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(accumulate(weight for _value, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


KINDS = _Weighted(
    [
        (Kind.COMPLAINT, 60),
        (Kind.MISOPERATION_REFUND, 25),
        (Kind.CANCELLED_TX_INQUIRY, 15),
    ]
)
CATEGORIES = {
    Kind.COMPLAINT: _Weighted(
        [
            (Category.TRANSFER_FAILED, 22),
            (Category.BALANCE_WRONG, 10),
            (Category.PAYMENT_NOT_RECEIVED, 18),
            (Category.UNAUTHORIZED, 12),
            (Category.ACCOUNT_ACCESS, 14),
            (Category.FEES, 10),
            (Category.SERVICE_QUALITY, 8),
            (Category.OTHER, 6),
        ]
    ),
    Kind.MISOPERATION_REFUND: _Weighted(
        [
            (Category.WRONG_RECIPIENT, 55),
            (Category.WRONG_AMOUNT, 25),
            (Category.DUPLICATE_PAYMENT, 20),
        ]
    ),
    Kind.CANCELLED_TX_INQUIRY: _Weighted([(Category.CANCELLED_TRANSACTION, 1)]),
}
CHANNELS = _Weighted(
    [
        (Ticket.Channel.WEB, 70),
        (Ticket.Channel.API, 10),
        (Ticket.Channel.PHONE, 12),
        (Ticket.Channel.EMAIL, 8),
    ]
)
PRIORITIES = _Weighted(
    [
        (Ticket.Priority.NORMAL, 70),
        (Ticket.Priority.LOW, 10),
        (Ticket.Priority.HIGH, 15),
        (Ticket.Priority.URGENT, 5),
    ]
)
OUTCOMES = _Weighted(
    [
        (Ticket.Outcome.UPHELD, 35),
        (Ticket.Outcome.PARTIALLY_UPHELD, 20),
        (Ticket.Outcome.REJECTED, 30),
        (Ticket.Outcome.WITHDRAWN, 10),
        (Ticket.Outcome.DUPLICATE, 5),
    ]
)
ROOT_CAUSES = _Weighted(
    [
        (Ticket.RootCause.CUSTOMER_INPUT, 30),
        (Ticket.RootCause.SYSTEM_FAILURE, 18),
        (Ticket.RootCause.THIRD_PARTY, 14),
        (Ticket.RootCause.RISK_COMPLIANCE, 10),
        (Ticket.RootCause.FEES_FX, 8),
        (Ticket.RootCause.PROCESS_DESIGN, 6),
        (Ticket.RootCause.DISCLOSURE, 5),
        (Ticket.RootCause.SERVICE_QUALITY, 4),
        (Ticket.RootCause.FUND_SECURITY, 3),
        (Ticket.RootCause.INFORMATION_SECURITY, 1),
        (Ticket.RootCause.MARKETING, 1),
    ]
)
RATINGS = _Weighted([(5, 40), (4, 25), (3, 15), (2, 8), (1, 12)])
CANCEL_SOURCES = _Weighted(
    [
        (Transaction.CancelSource.SYSTEM_FAILURE, 40),
        (Transaction.CancelSource.USER, 30),
        (Transaction.CancelSource.RISK_CONTROL, 20),
        (Transaction.CancelSource.COMPLIANCE, 10),
    ]
)
FUNDS = _Weighted(
    [
        (CancellationInquiry.FundsLocation.RETURNED, 50),
        (CancellationInquiry.FundsLocation.HELD, 20),
        (CancellationInquiry.FundsLocation.RETURN_PENDING, 20),
        (CancellationInquiry.FundsLocation.UNKNOWN, 10),
    ]
)
PAYEE_VIA = [value for value, _label in RefundRequest.PayeeChosenVia.choices]
FILLER_TYPES = _Weighted(
    [
        (Transaction.Type.PAYMENT, 35),
        (Transaction.Type.TRANSFER_OUT, 20),
        (Transaction.Type.TRANSFER_IN, 20),
        (Transaction.Type.TOP_UP, 15),
        (Transaction.Type.WITHDRAWAL, 7),
        (Transaction.Type.REFUND, 3),
    ]
)
# The transaction a complaint of each category is about: (type, status), or None
# when such complaints usually name no transaction.
COMPLAINT_RECORD: dict[str, tuple[str, str] | None] = {
    Category.TRANSFER_FAILED: (
        Transaction.Type.TRANSFER_OUT,
        Transaction.Status.FAILED,
    ),
    Category.PAYMENT_NOT_RECEIVED: (
        Transaction.Type.TRANSFER_IN,
        Transaction.Status.PENDING,
    ),
    Category.UNAUTHORIZED: (Transaction.Type.PAYMENT, Transaction.Status.COMPLETED),
    Category.FEES: (Transaction.Type.WITHDRAWAL, Transaction.Status.COMPLETED),
    Category.BALANCE_WRONG: None,
    Category.ACCOUNT_ACCESS: None,
    Category.SERVICE_QUALITY: None,
    Category.OTHER: None,
}

# Bilingual text (zh-hans, en) ---------------------------------------------

SUBJECTS: dict[str, tuple[str, str]] = {
    Category.TRANSFER_FAILED: (
        "转账失败但已扣款",
        "Transfer failed but money was taken",
    ),
    Category.BALANCE_WRONG: ("余额显示不正确", "My balance looks wrong"),
    Category.PAYMENT_NOT_RECEIVED: ("对方付款未到账", "Payment to me has not arrived"),
    Category.UNAUTHORIZED: ("有一笔不是我本人的支付", "A payment I did not make"),
    Category.ACCOUNT_ACCESS: ("账户被锁定无法登录", "Account locked, cannot log in"),
    Category.FEES: ("提现手续费过高", "The withdrawal fee is too high"),
    Category.SERVICE_QUALITY: ("客服态度问题", "How I was treated on the phone"),
    Category.OTHER: ("其他问题", "Something else"),
    Category.WRONG_RECIPIENT: (
        "转错人了，请帮忙追回",
        "Sent money to the wrong person",
    ),
    Category.WRONG_AMOUNT: ("转账金额输错了", "I sent the wrong amount"),
    Category.DUPLICATE_PAYMENT: ("同一笔付款扣了两次", "I was charged twice"),
    Category.CANCELLED_TRANSACTION: (
        "交易被取消，资金在哪里？",
        "My transaction was cancelled: where is my money?",
    ),
}
DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    (
        "我在手机上操作时出现了问题，请尽快核实并处理，谢谢。",
        "Something went wrong in the app. Please check and sort it out soon, thank you.",
    ),
    (
        "已经等了好几天还没有结果，希望尽快给我一个答复。",
        "I have waited several days without an answer; please get back to me.",
    ),
    (
        "截图已经保存，如需更多资料请告诉我。",
        "I kept screenshots; tell me if you need anything else.",
    ),
)
REMEDIES = (
    ("退回款项", "Give me the money back"),
    ("解释原因", "Explain what happened"),
)
REPLIES_STAFF = (
    (
        "您好，我们已收到您的问题，正在核实中。",
        "Hello, we have your ticket and are checking it.",
    ),
    (
        "请提供交易截图，方便我们进一步处理。",
        "Please send a screenshot of the transaction.",
    ),
    (
        "我们已联系合作方，预计三个工作日内回复。",
        "We asked our partner; expect news within three business days.",
    ),
)
REPLIES_CUSTOMER = (
    ("截图已上传，请查收。", "I uploaded the screenshot."),
    ("请问现在处理到哪一步了？", "Where is my ticket up to now?"),
)
NOTES = (
    "Checked the ledger: entry matches the customer's account.",
    "Asked the partner bank for a trace.",
    "Risk team confirms the hold; use approved templates only.",
)
SUMMARIES = (
    ("已核实并处理完毕。", "Checked and settled."),
    ("经核查，交易正常，无需退款。", "The transaction was correct; no refund is due."),
)
COUNTERPARTIES = (
    ("张伟", "6222 0210 0112 3456"),
    ("李娜", "li.na@example.cn"),
    ("Michael Brown", "michael.brown@example.com"),
    ("Coffee Corner", "merchant-88213"),
    ("0x5e1f...c2a9", "TQ5kWJc9zQzP7gD3Kp9s1x2dZ4a9q8Lm3V"),
)
