# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""Demo content for seed_demo: people, queues, counterparties and ticket scenarios.

Pure data, stored in both languages (zh-hans first, then en); the customer's
language picks one. Descriptions may use {amount}, {counterparty}, {reference} and
{date}, filled from the transaction the scenario is about.
"""

from dataclasses import dataclass
from decimal import Decimal

Bilingual = tuple[str, str]

DEMO_PASSWORD = "walletdesk-demo"  # noqa: S105 - published in PRODUCT.md, demo only
# The demo's supervisors, manager and admin have this TOTP app (base32), printed by
# seed_demo and the README: WALLETDESK_MFA_REQUIRED_ROLES stays on in the demo.
DEMO_TOTP_SECRET = "WALLETDESKDEMOTOTPSECRETXXXXXXXX"  # noqa: S105 - demo only
DEMO_RANDOM_SEED = 20260301


@dataclass(frozen=True)
class Person:
    username: str
    role: str
    first_name: str
    last_name: str
    language: str
    is_superuser: bool = False
    has_password: bool = True
    home_currency: str = "CNY"
    # Customers only: how the wallet core knows them (identity.provisioning).
    account_id: str | None = None
    phone: str = ""

    @property
    def email(self) -> str:
        return f"{self.username}@walletdesk.example"


PEOPLE: tuple[Person, ...] = (
    Person(
        "customer",
        "customer",
        "小明",
        "王",
        "zh-hans",
        account_id="8800000001",
        phone="+8613800138001",
    ),
    Person(
        "customer2",
        "customer",
        "Emily",
        "Carter",
        "en",
        home_currency="USD",
        account_id="8800000002",
        phone="+14155550102",
    ),
    Person("agent", "agent", "静", "陈", "zh-hans"),
    Person("supervisor", "supervisor", "洋", "刘", "zh-hans"),
    Person("manager", "manager", "Sarah", "Lin", "en"),
    Person("admin", "supervisor", "Admin", "Walletdesk", "en", is_superuser=True),
    # Customers without a demo login, so that queues hold more than two people.
    Person(
        "li.na",
        "customer",
        "娜",
        "李",
        "zh-hans",
        has_password=False,
        account_id="8800000003",
        phone="+8613900139003",
    ),
    Person(
        "james.wilson",
        "customer",
        "James",
        "Wilson",
        "en",
        has_password=False,
        home_currency="USD",
        account_id="8800000004",
        phone="+447911123456",
    ),
)
QUEUE_MEMBERS = ("agent", "supervisor", "admin")


@dataclass(frozen=True)
class QueueSpec:
    slug: str
    name: str
    description: str
    kind: str
    name_zh_hans: str = ""

    @property
    def fields(self) -> dict[str, str]:
        """The queue's own fields, in both languages (seed_demo and seed_volume)."""
        return {
            "name": self.name,
            "name_zh_hans": self.name_zh_hans,
            "description": self.description,
        }


QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec(
        "complaints",
        "Complaints",
        "Failed transfers, balances, fees, access and service complaints.",
        "complaint",
        "投诉",
    ),
    QueueSpec(
        "refunds",
        "Refunds",
        "Misoperation refunds: wrong recipient, wrong amount, duplicate payment.",
        "misoperation_refund",
        "误操作退款",
    ),
    QueueSpec(
        "cancelled-transactions",
        "Cancelled transactions",
        "Inquiries about transactions cancelled by the system, the user, risk "
        "control or compliance.",
        "cancelled_tx_inquiry",
        "已取消交易",
    ),
)

# Approved templates: the only public replies allowed on risk-control and
# compliance cancellations (no tipping-off).
APPROVED_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    (
        "zh-hans",
        "已取消交易：审核中（批准模板）",
        "{customer_name}，您好：\n\n您关于交易 {transaction_reference}（{amount}）的咨询"
        "（工单 {reference}）我们已收到。该笔交易已按照相关规定取消，资金处于安全状态。"
        "处理完毕后我们会第一时间通知您，预计不晚于 {resolve_by}。\n\n"
        "因规定所限，我们无法提供取消原因的更多细节，敬请谅解。\n\n{agent_name}",
    ),
    (
        "en",
        "Cancelled transaction: under review (approved template)",
        "Dear {customer_name},\n\nWe have received your inquiry {reference} about "
        "transaction {transaction_reference} ({amount}). The transaction was cancelled "
        "in line with our obligations and the funds are safe. We will tell you as soon "
        "as the review is complete, at the latest by {resolve_by}.\n\n"
        "Regulations do not allow us to share more detail about the reason. Thank you "
        "for your patience.\n\n{agent_name}",
    ),
)

COUNTERPARTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "zh-hans": (
        ("张伟", "6222 0210 0112 3456"),
        ("李娜", "138****6620"),
        ("王芳", "6217 0000 1000 2233"),
        ("刘洋", "186****0917"),
        ("陈静", "6228 4800 0211 5566"),
        ("瑞幸咖啡（国贸店）", "M-100283746"),
        ("美团外卖", "M-20098811"),
        ("京东商城", "M-30000017"),
        ("滴滴出行", "M-40011235"),
        ("中国移动 话费充值", "M-10086000"),
        ("北京三快科技有限公司", "M-51288800"),
        ("招商银行 储蓄卡 尾号 8812", "6214 8301 **** 8812"),
    ),
    "en": (
        ("Michael Brown", "michael.brown@example.com"),
        ("Priya Patel", "priya.patel@example.com"),
        ("Daniel O'Brien", "daniel.obrien@example.com"),
        ("Sophie Martin", "+1 415 555 0142"),
        ("Whole Foods Market", "M-5521873"),
        ("Amazon.com", "M-7700112"),
        ("Uber Trip", "M-8812090"),
        ("Netflix.com", "M-6600451"),
        ("Starbucks Coffee #1123", "M-4410023"),
        ("Chase Checking ****4410", "021000021-****4410"),
        ("Kraken deposit", "TQ5ERmGx7vJPRs7qHk5Yq9yQeZ8wXyR1Tb"),
        ("Hilton San Francisco", "M-3300981"),
    ),
}


@dataclass(frozen=True)
class RecordSpec:
    """The transaction a scenario is about; amounts in CNY-home and USD-home terms."""

    type: str
    status: str
    amounts: tuple[str, str]
    counterparty: tuple[tuple[str, str], tuple[str, str]]
    cancel_source: str = ""
    cancel_reason: str = ""
    currency: str = ""  # empty: the customer's home currency
    network: str = ""
    fee: str = "0"
    twin: bool = False  # an identical earlier payment (duplicate payments)


@dataclass(frozen=True)
class RefundSpec:
    intended_recipient: Bilingual = ("", "")
    intended_amounts: tuple[str, str] | None = None
    payee_chosen_via: str = ""
    share: Decimal = Decimal(1)  # of the transaction amount asked back


@dataclass(frozen=True)
class ResolutionSpec:
    outcome: str
    summary: Bilingual
    root_cause: str = ""
    share: Decimal | None = None  # of the transaction amount paid back
    fixed: tuple[str, str] | None = None  # compensation in the home currency


@dataclass(frozen=True)
class Scenario:
    key: str
    kind: str
    category: str
    subject: Bilingual
    description: Bilingual
    reply: Bilingual
    note: Bilingual
    ends: tuple[str, str]
    record: RecordSpec | None = None
    remedy: Bilingual = ("", "")
    refund: RefundSpec | None = None
    resolution: ResolutionSpec | None = None
    customer_reply: Bilingual = ("", "")
    rating: tuple[int, Bilingual] = (5, ("", ""))
    priority: str = "normal"
    channel: str = "web"
    hold: str = "third_party"


# How a scenario ends for each customer; "rated" and "reopened" pass through resolved,
# "overdue" is still investigating past its resolve deadline.
END_STATES = (
    "received",
    "acknowledged",
    "investigating",
    "overdue",
    "on_hold",
    "resolved",
    "rated",
    "reopened",
)

_ZH_BANK = ("张伟", "6222 0210 0112 3456")
_EN_FRIEND = ("Michael Brown", "michael.brown@example.com")

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="transfer-deducted-failed",
        kind="complaint",
        category="transfer_failed",
        record=RecordSpec(
            "transfer_out", "failed", ("2000.00", "300.00"), (_ZH_BANK, _EN_FRIEND)
        ),
        subject=("转账失败但余额已扣款", "Transfer failed but my balance was debited"),
        description=(
            "{date} 我给{counterparty}转账 {amount}，页面显示“转账失败”，"
            "但钱包余额已经少了这笔钱，对方也没有收到。请尽快核实并退回。",
            "On {date} I sent {amount} to {counterparty}. The app said the transfer "
            "failed, but the money has left my balance and they never got it.",
        ),
        remedy=("退回被扣的款项", "Put the money back on my balance"),
        reply=(
            "您好，我们已联系清算通道核实该笔转账（{reference}），"
            "确认资金已在途冲正，预计 1–3 个工作日内退回余额。",
            "Hello, we checked transfer {reference} with the clearing network. The "
            "debit is being reversed and should be back on your balance within 1-3 "
            "business days.",
        ),
        note=(
            "通道返回超时，清算文件显示未入账，已提交冲正申请。",
            "Gateway timeout; clearing file shows no credit. Reversal requested.",
        ),
        resolution=ResolutionSpec(
            "upheld",
            (
                "冲正已批准，全额将退回您的余额。",
                "The reversal is approved; the full amount goes back to your balance.",
            ),
            root_cause="system_failure",
            share=Decimal(1),
        ),
        rating=(5, ("处理很快，谢谢！", "Quick and clear, thank you!")),
        ends=("rated", "investigating"),
        priority="high",
    ),
    Scenario(
        key="withdrawal-failed",
        kind="complaint",
        category="transfer_failed",
        record=RecordSpec(
            "withdrawal",
            "failed",
            ("5000.00", "800.00"),
            (
                ("招商银行 储蓄卡 尾号 8812", "6214 8301 **** 8812"),
                ("Chase Checking ****4410", "021000021-****4410"),
            ),
            fee="2.00",
        ),
        subject=("提现到银行卡失败", "Withdrawal to my bank failed"),
        description=(
            "{date} 提现 {amount} 到{counterparty}，显示失败，手续费却没有退回。",
            "My withdrawal of {amount} to {counterparty} on {date} failed, and the "
            "fee was not returned.",
        ),
        remedy=("退回手续费并说明失败原因", "Refund the fee and explain the failure"),
        reply=(
            "您好，银行退回原因为“户名与卡号不符”，请核对银行卡户名后重新提现。",
            "Hello, the bank returned it as 'name does not match account'. Please "
            "check the account holder name and try again.",
        ),
        note=(
            "银行拒绝码 R03；手续费应按规则退回。",
            "Bank reject code R03; fee must be refunded under the fee rules.",
        ),
        resolution=ResolutionSpec(
            "partially_upheld",
            (
                "提现失败系银行户名校验不通过，已批准退还手续费。",
                "The bank rejected the account name; a refund of the fee is approved.",
            ),
            root_cause="customer_input",
            fixed=("2.00", "2.00"),
        ),
        ends=("acknowledged", "resolved"),
    ),
    Scenario(
        key="top-up-not-shown",
        kind="complaint",
        category="balance_wrong",
        record=RecordSpec(
            "top_up",
            "completed",
            ("1000.00", "150.00"),
            (
                ("招商银行 储蓄卡 尾号 8812", "6214 8301 **** 8812"),
                ("Visa debit ****2231", "****2231"),
            ),
        ),
        subject=("充值成功但余额没有增加", "Top-up succeeded but balance unchanged"),
        description=(
            "{date} 从{counterparty}充值 {amount}，银行已扣款，交易记录显示成功，"
            "但首页余额没有变化。",
            "I topped up {amount} from {counterparty} on {date}. The bank took the "
            "money and the record says completed, but my balance did not change.",
        ),
        reply=(
            "您好，我们正在与发卡行核对入账记录，核实后会第一时间告知您。",
            "Hello, we are matching the credit with your card issuer and will update "
            "you as soon as it is confirmed.",
        ),
        note=(
            "余额缓存可能未刷新，已请支付渠道提供对账文件。",
            "Balance cache may be stale; asked the acquirer for the settlement file.",
        ),
        resolution=ResolutionSpec(
            "upheld",
            (
                "余额缓存故障已修复，您的余额现在显示正确。",
                "A balance cache fault was fixed; your balance now shows correctly.",
            ),
            root_cause="system_failure",
        ),
        ends=("on_hold", "received"),
    ),
    Scenario(
        key="incoming-not-received",
        kind="complaint",
        category="payment_not_received",
        record=RecordSpec(
            "transfer_in",
            "pending",
            ("680.00", "95.00"),
            (
                ("王芳", "6217 0000 1000 2233"),
                ("Priya Patel", "priya.patel@example.com"),
            ),
        ),
        subject=("朋友转给我的钱一直没到账", "Money sent to me has not arrived"),
        description=(
            "{counterparty}说 {date} 已经给我转了 {amount}，我这里一直显示“处理中”。",
            "{counterparty} says they sent me {amount} on {date}, but it has been "
            "'pending' ever since.",
        ),
        remedy=("尽快到账", "Credit it to my wallet"),
        reply=(
            "您好，该笔入账正在等待对方银行确认，我们会持续跟进。",
            "Hello, the incoming transfer is waiting for the sender's bank to "
            "confirm. We are following up.",
        ),
        note=(
            "对方行未回执，已发起查询。",
            "No confirmation from the sending bank; trace requested.",
        ),
        ends=("received", "acknowledged"),
    ),
    Scenario(
        key="unknown-merchant-charge",
        kind="complaint",
        category="unauthorized",
        record=RecordSpec(
            "payment",
            "completed",
            ("1299.00", "189.99"),
            (("京东商城", "M-30000017"), ("Amazon.com", "M-7700112")),
        ),
        subject=("有一笔不是我本人的消费", "A payment I did not make"),
        description=(
            "{date} 凌晨有一笔 {amount} 的消费，商户是{counterparty}，我当时在睡觉，"
            "也没有收到验证码。怀疑账户被盗用。",
            "There is a payment of {amount} to {counterparty} on {date} at night. I "
            "did not make it and got no verification code. I think my account was "
            "used by someone else.",
        ),
        remedy=("冻结账户并退款", "Lock my account and refund the payment"),
        reply=(
            "您好，为保障资金安全，我们已临时冻结支付功能，并向商户发起调单。",
            "Hello, to protect your funds we have paused payments on your account "
            "and asked the merchant for the order details.",
        ),
        note=(
            "登录设备为新设备，IP 归属地异地，疑似盗用；已冻结并报风控。",
            "New device, unusual IP location: likely account takeover. Frozen, risk "
            "team informed.",
        ),
        resolution=ResolutionSpec(
            "upheld",
            (
                "经调查确认为非本人交易，已批准全额退款，并已重置您的登录密码。",
                "We confirmed you did not make this payment; a full refund is approved "
                "and your password was reset.",
            ),
            root_cause="fund_security",
            share=Decimal(1),
        ),
        ends=("investigating", "resolved"),
        priority="urgent",
    ),
    Scenario(
        key="account-locked",
        kind="complaint",
        category="account_access",
        subject=("账户被锁定无法登录", "My account is locked"),
        description=(
            "连续输错两次密码后账户就被锁了，找回密码收不到短信验证码。",
            "After two wrong passwords my account was locked, and the reset code "
            "never arrives by text.",
        ),
        remedy=("解锁账户", "Unlock my account"),
        reply=(
            "您好，已为您解除锁定，请通过“忘记密码”重新设置。短信通道已恢复。",
            "Hello, your account is unlocked; please reset your password with "
            "'Forgot password'. Text messages are working again.",
        ),
        note=(
            "短信供应商故障 40 分钟，期间验证码未下发。",
            "SMS provider outage of 40 minutes; codes were not delivered.",
        ),
        resolution=ResolutionSpec(
            "upheld",
            (
                "账户已解锁，短信验证码已恢复正常。",
                "Account unlocked, codes work again.",
            ),
            root_cause="third_party",
        ),
        rating=(4, ("解决了，但等了一天。", "Solved, but it took a day.")),
        ends=("resolved", "rated"),
        channel="phone",
    ),
    Scenario(
        key="withdrawal-fee",
        kind="complaint",
        category="fees",
        record=RecordSpec(
            "withdrawal",
            "completed",
            ("10000.00", "1500.00"),
            (
                ("招商银行 储蓄卡 尾号 8812", "6214 8301 **** 8812"),
                ("Chase Checking ****4410", "021000021-****4410"),
            ),
            fee="10.00",
        ),
        subject=("提现手续费和公告不一致", "Withdrawal fee higher than advertised"),
        description=(
            "{date} 提现 {amount}，收取了 10 元手续费。活动页写的是每月首笔免费。",
            "I withdrew {amount} on {date} and was charged a 10.00 fee. The offer "
            "page says the first withdrawal each month is free.",
        ),
        remedy=("退还手续费", "Refund the fee"),
        reply=(
            "您好，本月您已于月初有过一笔免费提现，本次按标准费率 0.1% 收取。",
            "Hello, your free withdrawal this month was used on the 1st; this one "
            "was charged the standard 0.1% fee.",
        ),
        note=(
            "按费率表收费无误；活动页文案易误解，已反馈市场部。",
            "Fee matches the tariff; offer wording is misleading, reported to "
            "marketing.",
        ),
        resolution=ResolutionSpec(
            "rejected",
            (
                "手续费按费率表收取，无误。我们已优化活动页说明。",
                "The fee follows the tariff. We have made the offer page clearer.",
            ),
            root_cause="disclosure",
        ),
        customer_reply=(
            "我没有看到月初那笔免费提现记录，请再核实一下。",
            "I cannot see any free withdrawal earlier this month, please check again.",
        ),
        rating=(2, ("不太满意。", "Not happy with this.")),
        ends=("rated", "reopened"),
    ),
    Scenario(
        key="hotline-wait",
        kind="complaint",
        category="service_quality",
        subject=("客服热线等待时间太长", "Hotline wait was far too long"),
        description=(
            "昨天打客服电话排队 50 分钟才接通，接通后又被转了三次。",
            "Yesterday I waited 50 minutes on the hotline and was then transferred "
            "three times.",
        ),
        remedy=("改进服务", "Better service"),
        reply=(
            "您好，非常抱歉给您带来不便，我们已调取通话记录核查。",
            "Hello, we are sorry for the wait. We are reviewing the call records.",
        ),
        note=(
            "当日系统升级导致坐席不足。",
            "Understaffed that day because of the system upgrade.",
        ),
        resolution=ResolutionSpec(
            "partially_upheld",
            (
                "确认当日排队时间过长，已批准向您发放 20 元补偿。",
                "We confirmed the long wait and approved a goodwill credit for you.",
            ),
            root_cause="service_quality",
            fixed=("20.00", "5.00"),
        ),
        rating=(4, ("态度很好。", "Friendly and fair.")),
        ends=("resolved", "acknowledged"),
        channel="phone",
    ),
    Scenario(
        key="statement-request",
        kind="complaint",
        category="other",
        subject=("需要开具交易流水证明", "I need a transaction statement"),
        description=(
            "办理签证需要近三个月的钱包交易流水，App 里找不到导出入口。",
            "I need a statement of the last three months for a visa application and "
            "cannot find an export in the app.",
        ),
        reply=(
            "您好，可在“我的-账单-导出”中申请电子流水，我们也可为您代为申请。",
            "Hello, you can request a statement under Me > Bills > Export; we can "
            "also request it for you.",
        ),
        note=("客户找不到入口。", "Customer could not find the export menu."),
        resolution=ResolutionSpec(
            "withdrawn",
            (
                "您已自行导出流水，工单按您的要求关闭。",
                "You exported the statement yourself; closed at your request.",
            ),
            root_cause="disclosure",
        ),
        ends=("received", "resolved"),
        channel="email",
    ),
    Scenario(
        key="usdt-not-credited",
        kind="complaint",
        category="payment_not_received",
        record=RecordSpec(
            "transfer_out",
            "completed",
            ("500.00", "1200.00"),
            (
                ("Binance 充值地址", "TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC"),
                ("Kraken deposit", "TQ5ERmGx7vJPRs7qHk5Yq9yQeZ8wXyR1Tb"),
            ),
            currency="USDT",
            network="TRC20",
            fee="1.00",
        ),
        subject=(
            "USDT 已链上确认但交易所未到账",
            "USDT confirmed on chain, not credited",
        ),
        description=(
            "{date} 通过 TRC20 转出 {amount} 到{counterparty}，链上已确认，"
            "但交易所账户没有到账。",
            "On {date} I sent {amount} over TRC20 to {counterparty}. It is "
            "confirmed on chain but the exchange has not credited it.",
        ),
        remedy=("协助交易所入账", "Help get it credited"),
        reply=(
            "您好，链上哈希已确认成功，我们已向接收方平台提交入账协查，"
            "请同时向交易所提供交易哈希。",
            "Hello, the hash is confirmed on chain. We asked the receiving platform "
            "to investigate; please also send them the transaction hash.",
        ),
        note=(
            "链上 20 次确认；接收地址为交易所归集地址，需对方处理。",
            "20 confirmations; address is an exchange sweep address, needs them.",
        ),
        ends=("on_hold", "investigating"),
    ),
    Scenario(
        key="fx-fee",
        kind="complaint",
        category="fees",
        record=RecordSpec(
            "payment",
            "completed",
            ("860.00", "420.00"),
            (
                ("Hilton San Francisco", "M-3300981"),
                ("北京三快科技有限公司", "M-51288800"),
            ),
            fee="12.90",
        ),
        subject=("境外消费汇率差太大", "Exchange rate on a foreign payment"),
        description=(
            "{date} 在{counterparty}消费 {amount}，实际扣款比当天牌价高很多。",
            "I paid {amount} at {counterparty} on {date}; the rate applied was much "
            "worse than that day's rate.",
        ),
        reply=(
            "您好，我们正在核对当日清算汇率，稍后答复您。",
            "Hello, we are checking the settlement rate of that day.",
        ),
        note=(
            "清算日与交易日不同，汇率按清算日。",
            "Settled the next day at that day's rate.",
        ),
        ends=("acknowledged", "received"),
    ),
    Scenario(
        key="wrong-recipient-contact",
        kind="misoperation_refund",
        category="wrong_recipient",
        record=RecordSpec(
            "transfer_out",
            "completed",
            ("3000.00", "450.00"),
            (
                ("张卫", "6222 0210 0112 3465"),
                ("Michael Browne", "michael.browne@example.com"),
            ),
        ),
        refund=RefundSpec(("张伟", "Michael Brown"), payee_chosen_via="contact_list"),
        subject=("转错人了，请帮忙追回", "Sent to the wrong person"),
        description=(
            "{date} 想转给张伟，从通讯录里选错成了{counterparty}，金额 {amount}。",
            "On {date} I meant to pay Michael Brown but picked {counterparty} from my "
            "contacts. Amount {amount}.",
        ),
        reply=(
            "您好，我们已联系收款方说明情况，请耐心等待对方回复。",
            "Hello, we have contacted the recipient and are waiting for their reply.",
        ),
        note=(
            "已致电收款方，对方表示需核实后退回。",
            "Called the recipient; they will check and return it.",
        ),
        resolution=ResolutionSpec(
            "upheld",
            (
                "收款方已同意退回，已批准将款项原路返还。",
                "The recipient agreed to return the money; its return to you is approved.",
            ),
            root_cause="customer_input",
            share=Decimal(1),
        ),
        ends=("on_hold", "resolved"),
        priority="high",
    ),
    Scenario(
        key="wrong-merchant-qr",
        kind="misoperation_refund",
        category="wrong_recipient",
        record=RecordSpec(
            "payment",
            "completed",
            ("450.00", "64.00"),
            (
                ("美团外卖", "M-20098811"),
                ("Starbucks Coffee #1123", "M-4410023"),
            ),
        ),
        refund=RefundSpec(
            ("隔壁水果店", "The bakery next door"), payee_chosen_via="qr_code"
        ),
        subject=("扫错了收款码", "Scanned the wrong QR code"),
        description=(
            "{date} 在店里扫码付款，扫到了{counterparty}的码，付了 {amount}。",
            "On {date} I scanned the wrong QR code at the counter and paid "
            "{counterparty} {amount}.",
        ),
        reply=(
            "您好，我们已联系商户核实，商户同意退回部分款项。",
            "Hello, the merchant agreed to return part of the payment.",
        ),
        note=(
            "商户称已出餐，只同意退一半。",
            "Merchant says goods were delivered; refunds half.",
        ),
        resolution=ResolutionSpec(
            "partially_upheld",
            (
                "商户同意退回一半款项，退款已批准。",
                "The merchant agreed to return half the payment; the refund is approved.",
            ),
            root_cause="customer_input",
            share=Decimal("0.5"),
        ),
        ends=("resolved", "received"),
    ),
    Scenario(
        key="extra-zero",
        kind="misoperation_refund",
        category="wrong_amount",
        record=RecordSpec(
            "transfer_out",
            "completed",
            ("5000.00", "1000.00"),
            (("刘洋", "186****0917"), ("Sophie Martin", "+1 415 555 0142")),
        ),
        refund=RefundSpec(
            intended_amounts=("500.00", "100.00"),
            payee_chosen_via="typed",
            share=Decimal("0.9"),
        ),
        subject=("金额多输了一个 0", "I typed an extra zero"),
        description=(
            "{date} 给{counterparty}转账，本来想转 500，多输了一个 0，转成了 {amount}。",
            "On {date} I meant to send 100 to {counterparty} but typed an extra zero "
            "and sent {amount}.",
        ),
        reply=(
            "您好，收款人已确认多收，正在安排退回差额。",
            "Hello, the recipient confirmed the overpayment and will return the "
            "difference.",
        ),
        note=("收款人配合。", "Recipient cooperative."),
        resolution=ResolutionSpec(
            "upheld",
            (
                "已批准退回多转的全部差额。",
                "A refund of the overpaid difference is approved.",
            ),
            root_cause="customer_input",
            share=Decimal("0.9"),
        ),
        rating=(5, ("非常感谢！", "Thank you so much!")),
        ends=("rated", "investigating"),
    ),
    Scenario(
        key="double-charge",
        kind="misoperation_refund",
        category="duplicate_payment",
        record=RecordSpec(
            "payment",
            "completed",
            ("268.00", "42.50"),
            (("滴滴出行", "M-40011235"), ("Uber Trip", "M-8812090")),
            twin=True,
        ),
        refund=RefundSpec(),
        subject=("同一笔订单被扣了两次", "Charged twice for one order"),
        description=(
            "{date} 在{counterparty}付款 {amount}，网络卡了一下，结果扣了两次。",
            "On {date} the app froze while paying {counterparty} {amount} and I was "
            "charged twice.",
        ),
        reply=(
            "您好，已确认重复扣款，商户同意退回第二笔。",
            "Hello, we confirmed the duplicate and the merchant will refund it.",
        ),
        note=("两笔间隔 2 分钟，同一订单号。", "Two minutes apart, same order id."),
        resolution=ResolutionSpec(
            "upheld",
            ("重复扣款的退款已批准。", "A refund of the duplicate charge is approved."),
            root_cause="system_failure",
            share=Decimal(1),
        ),
        customer_reply=(
            "退款到账金额不对，少了一些。",
            "The refund that arrived is smaller than the charge.",
        ),
        ends=("reopened", "rated"),
    ),
    Scenario(
        key="mistyped-account",
        kind="misoperation_refund",
        category="wrong_recipient",
        record=RecordSpec(
            "transfer_out",
            "completed",
            ("1500.00", "220.00"),
            (
                ("陈静", "6228 4800 0211 5565"),
                ("Daniel O'Brien", "daniel.obrien@example.com"),
            ),
        ),
        refund=RefundSpec(("陈敬", "Daniel Obrien"), payee_chosen_via="typed"),
        subject=("账号输错一位", "One digit of the account was wrong"),
        description=(
            "{date} 手动输入卡号时输错了最后一位，钱转给了{counterparty}，金额 {amount}。",
            "On {date} I typed the account by hand and got it wrong; {amount} went "
            "to {counterparty}.",
        ),
        reply=(
            "您好，请提供您与原收款人的聊天记录或收款信息截图，便于我们向对方行发起追回。",
            "Hello, please send a screenshot of the payment details you were given, "
            "so we can ask the other bank to recover the money.",
        ),
        note=(
            "等待客户补充证据。",
            "Waiting for the customer's evidence.",
        ),
        hold="customer",
        ends=("acknowledged", "on_hold"),
    ),
    Scenario(
        key="wrong-amount-merchant",
        kind="misoperation_refund",
        category="wrong_amount",
        record=RecordSpec(
            "payment",
            "completed",
            ("388.00", "88.00"),
            (
                ("瑞幸咖啡（国贸店）", "M-100283746"),
                ("Whole Foods Market", "M-5521873"),
            ),
        ),
        refund=RefundSpec(
            intended_amounts=("38.80", "8.80"),
            payee_chosen_via="qr_code",
            share=Decimal("0.9"),
        ),
        subject=("付款金额输错", "Paid the wrong amount at a shop"),
        description=(
            "{date} 在{counterparty}扫码付款，应付 38.8，误付 {amount}。",
            "On {date} at {counterparty} I paid {amount} instead of 8.80.",
        ),
        reply=(
            "您好，我们已联系商户核实。",
            "Hello, we are checking with the merchant.",
        ),
        note=("商户尚未回复。", "Merchant has not answered yet."),
        resolution=ResolutionSpec(
            "rejected",
            (
                "商户提供的小票显示订单金额即为实付金额，无法退回。",
                "The merchant's receipt shows the order matched the amount paid, so "
                "nothing can be returned.",
            ),
            root_cause="customer_input",
        ),
        ends=("received", "resolved"),
    ),
    Scenario(
        key="cancelled-system",
        kind="cancelled_tx_inquiry",
        category="cancelled_transaction",
        record=RecordSpec(
            "transfer_out",
            "cancelled",
            ("1200.00", "180.00"),
            (("李娜", "138****6620"), ("Priya Patel", "priya.patel@example.com")),
            cancel_source="system_failure",
            cancel_reason="Clearing timeout",
        ),
        subject=("转账被系统取消，钱去哪了", "Transfer cancelled: where is my money"),
        description=(
            "{date} 给{counterparty}的转账 {amount} 被系统取消了，余额还没退回。",
            "My transfer of {amount} to {counterparty} on {date} was cancelled by "
            "the system and the money is not back yet.",
        ),
        reply=(
            "您好，该笔交易因清算超时被系统取消，资金已在退回途中。",
            "Hello, the transfer timed out at clearing and was cancelled. The money "
            "is on its way back to you.",
        ),
        note=("退款批次今晚处理。", "Refund batch runs tonight."),
        resolution=ResolutionSpec(
            "upheld",
            ("资金已退回您的余额。", "The funds are back on your balance."),
            root_cause="system_failure",
        ),
        ends=("resolved", "acknowledged"),
    ),
    Scenario(
        key="cancelled-by-me",
        kind="cancelled_tx_inquiry",
        category="cancelled_transaction",
        record=RecordSpec(
            "payment",
            "cancelled",
            ("219.00", "35.00"),
            (("美团外卖", "M-20098811"), ("Netflix.com", "M-6600451")),
            cancel_source="user",
            cancel_reason="Cancelled by the customer in the app",
        ),
        subject=("我取消的订单什么时候退款", "When is my cancelled order refunded"),
        description=(
            "{date} 在{counterparty}的订单 {amount} 我自己取消了，退款多久到账？",
            "I cancelled my order of {amount} at {counterparty} on {date}. When will "
            "the refund arrive?",
        ),
        reply=(
            "您好，您主动取消的交易，资金将在 24 小时内原路退回。",
            "Hello, for a payment you cancelled the funds return within 24 hours.",
        ),
        note=("已退回。", "Already returned."),
        resolution=ResolutionSpec(
            "upheld",
            (
                "款项已于取消当日退回。",
                "The money was returned on the day you cancelled.",
            ),
            root_cause="disclosure",
        ),
        rating=(5, ("明白了，谢谢。", "Got it, thanks.")),
        ends=("rated", "resolved"),
    ),
    Scenario(
        key="cancelled-risk",
        kind="cancelled_tx_inquiry",
        category="cancelled_transaction",
        record=RecordSpec(
            "transfer_out",
            "cancelled",
            ("5000.00", "2500.00"),
            (("李强", "6217 0000 1000 2233"), ("Alex Kim", "alex.kim@example.com")),
            cancel_source="risk_control",
            cancel_reason="Held by risk rules",
        ),
        subject=("转账被风控取消", "Transfer cancelled by risk control"),
        description=(
            "{date} 给{counterparty}转账 {amount} 被风控取消，请问原因？钱什么时候退回？",
            "My transfer of {amount} to {counterparty} on {date} was cancelled by "
            "risk control. Why, and when do I get the money back?",
        ),
        reply=("", ""),  # approved template only
        note=(
            "风控规则命中：新收款人大额。按模板答复，勿透露规则。",
            "Risk rule hit: large amount to a new payee. Template replies only.",
        ),
        ends=("investigating", "received"),
        priority="high",
    ),
    Scenario(
        key="cancelled-compliance",
        kind="cancelled_tx_inquiry",
        category="cancelled_transaction",
        record=RecordSpec(
            "withdrawal",
            "cancelled",
            ("20000.00", "5000.00"),
            (
                ("招商银行 储蓄卡 尾号 8812", "6214 8301 **** 8812"),
                ("Chase Checking ****4410", "021000021-****4410"),
            ),
            cancel_source="compliance",
            cancel_reason="Compliance review",
        ),
        subject=("提现被合规取消", "Withdrawal cancelled for compliance"),
        description=(
            "{date} 提现 {amount} 被取消，显示“合规审核”，资金现在在哪里？",
            "My withdrawal of {amount} on {date} was cancelled with 'compliance "
            "review'. Where is the money now?",
        ),
        reply=("", ""),  # approved template only
        note=(
            "合规复核中，预计 5 个工作日。",
            "Compliance review in progress, about 5 business days.",
        ),
        hold="customer",
        ends=("acknowledged", "on_hold"),
    ),
    Scenario(
        key="cancelled-merchant-outage",
        kind="cancelled_tx_inquiry",
        category="cancelled_transaction",
        record=RecordSpec(
            "payment",
            "cancelled",
            ("158.00", "23.40"),
            (("中国移动 话费充值", "M-10086000"), ("Amazon.com", "M-7700112")),
            cancel_source="system_failure",
            cancel_reason="Merchant gateway timeout",
        ),
        subject=("付款被取消但显示冻结", "Cancelled payment shows funds held"),
        description=(
            "{date} 给{counterparty}付款 {amount} 被取消，余额里这笔钱显示“冻结”。",
            "My payment of {amount} to {counterparty} on {date} was cancelled, but "
            "the amount shows as held in my wallet.",
        ),
        reply=(
            "您好，冻结资金将在商户对账完成后自动解冻。",
            "Hello, the hold is released automatically once the merchant settles.",
        ),
        note=("等待商户对账文件。", "Waiting for the merchant settlement file."),
        resolution=ResolutionSpec(
            "upheld",
            ("冻结资金已解冻。", "The held funds were released."),
            root_cause="third_party",
        ),
        ends=("investigating", "resolved"),
    ),
    Scenario(
        key="device-payment",
        kind="complaint",
        category="unauthorized",
        record=RecordSpec(
            "transfer_out",
            "completed",
            ("800.00", "120.00"),
            (("王芳", "6217 0000 1000 2233"), ("Sophie Martin", "+1 415 555 0142")),
        ),
        subject=(
            "家里孩子用我的手机转了钱",
            "A transfer from my phone I did not approve",
        ),
        description=(
            "{date} 有一笔给{counterparty}的转账 {amount}，不是我操作的。",
            "There is a transfer of {amount} to {counterparty} on {date} that I did "
            "not approve.",
        ),
        reply=(
            "您好，我们已调取设备和验证记录。",
            "Hello, we are reviewing the device and verification records.",
        ),
        note=(
            "本人常用设备、指纹验证通过。",
            "Usual device, fingerprint check passed.",
        ),
        resolution=ResolutionSpec(
            "rejected",
            (
                "交易在您本人常用设备上经指纹验证完成，无法认定为非本人交易。",
                "The transfer was made on your usual phone with your fingerprint, so "
                "we cannot treat it as unauthorized.",
            ),
            root_cause="fund_security",
        ),
        ends=("resolved", "investigating"),
    ),
    Scenario(
        key="reversed-credit",
        kind="complaint",
        category="balance_wrong",
        record=RecordSpec(
            "transfer_in",
            "reversed",
            ("300.00", "300.00"),
            (("刘洋", "186****0917"), ("Daniel O'Brien", "daniel.obrien@example.com")),
        ),
        subject=("到账的钱又被扣回", "A credit was taken back"),
        description=(
            "{date} {counterparty}转给我的 {amount} 到账后又被扣回了，为什么？",
            "{counterparty} sent me {amount} on {date}; it arrived and was then taken "
            "back. Why?",
        ),
        reply=(
            "您好，该笔入账被付款方银行撤回，请联系付款人确认。",
            "Hello, the sender's bank recalled the payment; please check with the "
            "sender.",
        ),
        note=("付款行发起撤回。", "Recall initiated by the sending bank."),
        resolution=ResolutionSpec(
            "rejected",
            (
                "撤回由付款方银行发起，请与付款人联系。",
                "The sender's bank recalled it; please contact the sender.",
            ),
            root_cause="third_party",
        ),
        ends=("resolved", "acknowledged"),
    ),
    Scenario(
        key="app-crash-email",
        kind="complaint",
        category="service_quality",
        subject=("App 频繁闪退", "The app keeps crashing"),
        description=(
            "升级到最新版本后，打开账单页面就闪退。",
            "Since the last update the app crashes whenever I open my bills.",
        ),
        reply=(
            "您好，已定位为新版本问题，修复版本将于本周发布。",
            "Hello, this is a bug in the new version; a fix ships this week.",
        ),
        note=("已提交缺陷单。", "Bug filed with the app team."),
        resolution=ResolutionSpec(
            "upheld",
            ("修复版本已发布。", "The fixed version has been released."),
            root_cause="system_failure",
            fixed=("10.00", "5.00"),
        ),
        rating=(3, ("希望少出问题。", "Hope it does not happen again.")),
        ends=("acknowledged", "rated"),
        channel="email",
    ),
)

# The extra customers take a few scenarios so that queues hold several people.
EXTRA_CUSTOMER_SCENARIOS: dict[str, tuple[tuple[str, str], ...]] = {
    "li.na": (
        ("transfer-deducted-failed", "acknowledged"),
        ("wrong-recipient-contact", "resolved"),
        ("cancelled-system", "investigating"),
    ),
    "james.wilson": (
        ("unknown-merchant-charge", "received"),
        ("double-charge", "resolved"),
        ("cancelled-by-me", "on_hold"),
        ("withdrawal-failed", "overdue"),
    ),
}
# How many ledger records each customer has, the scenarios' own records included.
LEDGER_SIZE = {"customer": 40, "customer2": 40}
LEDGER_SIZE_DEFAULT = 8
