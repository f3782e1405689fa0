# ruff: noqa: RUF001 - Chinese text uses full-width punctuation
"""Tickets and staff queries for the search relevance set (test_ticket_search).

Each target ticket carries words an agent would search for: from its subject and
description, a customer's reply, a staff reply or note, the customer's name, phone
or e-mail, a refund's recipients and the transaction's reference or counterparty.
Distractors share the everyday words of complaints (转账, 失败, payment, refund).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    key: str
    kind: str
    category: str
    subject: str
    description: str
    language: str = "en"
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    intended_recipient: str = ""
    actual_recipient: str = ""
    tx_reference: str = ""
    counterparty_name: str = ""
    counterparty_account: str = ""
    customer_replies: tuple[str, ...] = ()
    staff_replies: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)


C, R, Q = "complaint", "misoperation_refund", "cancelled_tx_inquiry"
TARGETS = (
    Target(
        "scan",
        C,
        "transfer_failed",
        "扫码付款失败但是钱被扣了",
        "昨天在超市用扫码付款，页面提示失败，可是银行卡已经扣款两次。",
        language="zh-hans",
        first_name="伟",
        last_name="张",
        phone="+8613812345678",
        customer_replies=("我又试了一次，还是显示交易失败，请尽快处理",),
    ),
    Target(
        "twice",
        C,
        "transfer_failed",
        "Charged twice for coffee",
        "I was charged twice at the airport cafe, the second charge should be refunded.",
        staff_replies=("We have escalated this to the merchant acquirer.",),
    ),
    Target(
        "lina",
        R,
        "wrong_recipient",
        "转错人了",
        "转账时选错了联系人，把钱转给了王芳，本来要转给李娜。",
        language="zh-hans",
        intended_recipient="李娜",
        actual_recipient="王芳",
    ),
    Target(
        "olivia",
        R,
        "wrong_recipient",
        "Money went to a stranger",
        "I sent money to the wrong account number by mistake.",
        intended_recipient="Olivia Hartmann",
        actual_recipient="6222029876501234",
    ),
    Target(
        "withdraw",
        Q,
        "cancelled_transaction",
        "提现被取消",
        "我的提现被取消了，资金现在在哪里？",
        language="zh-hans",
        tx_reference="TXWITHDRAW7788",
    ),
    Target(
        "locked",
        C,
        "account_access",
        "Locked out after password reset",
        "After resetting my password the app keeps saying my account is frozen.",
        first_name="Margaret",
        last_name="Okonkwo",
        email="maggie.ok@example.org",
    ),
    Target(
        "topup",
        C,
        "balance_wrong",
        "余额显示不对",
        "余额显示不对，充值的500元没有到账。",
        language="zh-hans",
        staff_replies=("已联系清算中心核实充值记录。",),
    ),
    Target(
        "fee",
        C,
        "fees",
        "Unexpected withdrawal fee",
        "The fee for withdrawing to my bank was higher than the published tariff.",
        phone="+447911123456",
    ),
    Target(
        "rude",
        C,
        "service_quality",
        "客服态度恶劣",
        "打了三次电话，客服一直推诿，没有人解决我的问题。",
        language="zh-hans",
        customer_replies=("希望有主管回电。",),
    ),
    Target(
        "casino",
        C,
        "unauthorized",
        "Payment I did not make",
        "There is a payment to an online casino that I never authorised.",
        notes=("Chargeback filed with the scheme, case CB-55731.",),
    ),
    Target(
        "utility",
        R,
        "duplicate_payment",
        "重复支付了水电费",
        "缴纳水电费时网络卡顿，同一笔账单付了两次。",
        language="zh-hans",
    ),
    Target(
        "salary",
        C,
        "payment_not_received",
        "Salary not received",
        "My employer says the salary transfer was sent on Friday but it never arrived.",
        counterparty_name="Acme Logistics Ltd",
    ),
)

# (query, target key): what an agent types, and the ticket it must find.
QUERIES = (
    ("扫码付款", "scan"),
    ("扣款两次", "scan"),
    ("张伟", "scan"),
    ("13812345678", "scan"),
    ("138 1234 5678", "scan"),
    ("还是显示交易失败", "scan"),
    ("charged twice", "twice"),
    ("airport cafe", "twice"),
    ("merchant acquirer", "twice"),
    ("Charged twice coffee", "twice"),
    ("选错了联系人", "lina"),
    ("王芳", "lina"),
    ("李娜", "lina"),
    ("Olivia Hartmann", "olivia"),
    ("wrong account number", "olivia"),
    ("6222029876501234", "olivia"),
    ("98765012", "olivia"),
    ("提现被取消", "withdraw"),
    ("TXWITHDRAW7788", "withdraw"),
    ("withdraw7788", "withdraw"),
    ("资金现在在哪里", "withdraw"),
    ("locked out", "locked"),
    ("password reset", "locked"),
    ("account frozen", "locked"),
    ("Okonkwo", "locked"),
    ("maggie.ok@example.org", "locked"),
    ("充值的500元没有到账", "topup"),
    ("余额显示不对", "topup"),
    ("清算中心", "topup"),
    ("withdrawal fee", "fee"),
    ("published tariff", "fee"),
    ("+44 7911 123456", "fee"),
    ("7911123456", "fee"),
    ("客服态度恶劣", "rude"),
    ("推诿", "rude"),
    ("主管回电", "rude"),
    ("online casino", "casino"),
    ("never authorised", "casino"),
    ("CB-55731", "casino"),
    ("重复支付", "utility"),
    ("水电费", "utility"),
    ("网络卡顿", "utility"),
    ("salary never arrived", "salary"),
    ("Acme Logistics", "salary"),
    ("employer salary transfer", "salary"),
)

DISTRACTOR_TEXTS = (
    ("转账失败", "转账失败了，请帮我查一下这笔钱去哪里了。"),
    ("付款没有成功", "付款没有成功，钱也没有退回到我的账户。"),
    ("充值处理中", "充值一直在处理中，已经等了两天。"),
    ("提现很慢", "提现到银行卡很慢，什么时候能到？"),
    ("账户冻结", "账户被冻结了怎么办，我需要用钱。"),
    ("收款人没收到", "收款人说没有收到钱，可是我这边显示成功。"),
    ("手续费太高", "手续费太高了，和说明不一样。"),
    ("忘记支付密码", "支付密码忘记了，重置不了。"),
    ("Transfer failed", "My transfer failed and I want a refund of the money."),
    ("Payment declined", "The payment was declined at the shop but money left."),
    ("Charged once", "I was charged once but the shop says nothing arrived."),
    ("Refund please", "Please refund the wrong payment I made last week."),
    ("App crash", "The app crashes when I open the account page."),
    ("Slow support", "Support took three days to answer my message."),
)
