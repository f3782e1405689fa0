# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose.
"""The starter canned replies: one for each ticket category, a request for evidence
for each kind and macros that move the ticket, in zh-Hans and en.

Product data, loaded once by a migration (complaints.starter); supervisors edit
or retire them in the admin. Placeholders are those of CannedReply.PLACEHOLDERS.
Each entry: kind, category ("" for every category of the kind), action, then
(title, body) in zh-Hans and in en. Macros also move the ticket (through
complaints.services.reply_send and the workflow): request evidence (hold on the
customer), start investigating, wait on a third party (hold).
"""

from typing import Any

_SIGN = ("\n\n{agent_name}", "\n\n{agent_name}")
_GREET = ("{customer_name}，您好：\n\n", "Dear {customer_name},\n\n")

REPLIES: tuple[tuple[str, str, str, tuple[str, str], tuple[str, str]], ...] = (
    # Complaints, one per category.
    (
        "complaint",
        "transfer_failed",
        "",
        ("转账失败：正在核查", "Transfer failed: we are checking it"),
        (
            "我们正在与清算渠道核查交易 {transaction_reference}（{amount}）的状态。如款项已扣除但转账失败，将按原路退回。我们会在 {resolve_by} 前给您答复。",
            "We are checking the status of transaction {transaction_reference} ({amount}) with the payment network. If the money left your balance but the transfer failed, it goes back the way it came. You will have our answer by {resolve_by}.",
        ),
    ),
    (
        "complaint",
        "balance_wrong",
        "",
        ("余额显示有误：正在核对", "Balance shown wrong: we are reconciling it"),
        (
            "我们正在将您的余额与账户流水逐笔核对。核对期间您的资金是安全的。我们会在 {resolve_by} 前告诉您结果。",
            "We are reconciling your balance against every entry of your account history. Your money is safe while we do. You will hear from us by {resolve_by}.",
        ),
    ),
    (
        "complaint",
        "payment_not_received",
        "",
        ("未收到款项：正在追踪", "Payment not received: we are tracing it"),
        (
            "我们正在追踪交易 {transaction_reference}（{amount}）的去向，并已联系付款方所在的机构。有进展会第一时间通知您。",
            "We are tracing transaction {transaction_reference} ({amount}) and have contacted the sender's provider. We will tell you as soon as we know more.",
        ),
    ),
    (
        "complaint",
        "unauthorized",
        "",
        (
            "非本人交易：已加强保护",
            "Unauthorized transaction: your account is protected",
        ),
        (
            "我们已对您的账户加强保护，并开始调查交易 {transaction_reference}（{amount}）。请勿向任何人透露验证码或支付密码。我们会在 {resolve_by} 前给您答复。",
            "We have added protection to your account and started investigating transaction {transaction_reference} ({amount}). Never share a code or your payment PIN with anyone. You will have our answer by {resolve_by}.",
        ),
    ),
    (
        "complaint",
        "account_access",
        "",
        ("无法登录：解锁步骤", "Cannot log in: how to unlock"),
        (
            "为保护您的资金，账户在多次验证失败后会被暂时锁定。完成身份验证后即可解锁；如仍无法登录，请直接回复本工单。",
            "To protect your money, an account locks for a while after several failed checks. Verifying your identity unlocks it; if you still cannot log in, reply on this ticket.",
        ),
    ),
    (
        "complaint",
        "fees",
        "",
        ("手续费：正在核对收费", "Fees: we are checking the charge"),
        (
            "我们正在按照费率表和当时的活动规则核对这笔手续费。如多收，将全额退还。",
            "We are checking this fee against the tariff and any offer that applied at the time. If you were overcharged, the difference will be refunded.",
        ),
    ),
    (
        "complaint",
        "service_quality",
        "",
        ("服务质量：感谢反馈", "Service quality: thank you for telling us"),
        (
            "感谢您告诉我们这次不好的体验。我们已转交相关团队核查，并会告诉您我们采取的措施。",
            "Thank you for telling us about this experience. We have passed it to the team concerned and will tell you what we do about it.",
        ),
    ),
    (
        "complaint",
        "other",
        "",
        ("其他问题：已开始处理", "Other: we are looking into it"),
        (
            "我们已收到您的工单 {reference}，正在处理。我们会在 {resolve_by} 前给您答复。",
            "We have your ticket {reference} and are looking into it. You will have our answer by {resolve_by}.",
        ),
    ),
    # Misoperation refunds, one per sub-kind.
    (
        "misoperation_refund",
        "wrong_recipient",
        "",
        (
            "转错收款人：正在联系收款方",
            "Wrong recipient: we are contacting the recipient",
        ),
        (
            "我们正在联系收款方，请其退回交易 {transaction_reference} 中的 {amount}。退回需要收款方同意，我们会随时告诉您进展。",
            "We are contacting the recipient to ask them to return {amount} from transaction {transaction_reference}. A return needs their consent; we will keep you informed.",
        ),
    ),
    (
        "misoperation_refund",
        "wrong_amount",
        "",
        (
            "金额输错：正在申请退回差额",
            "Wrong amount: we are asking for the difference back",
        ),
        (
            "我们正在请收款方退回交易 {transaction_reference} 中多付的金额。退款获批后，我们会告诉您批准的金额。",
            "We are asking the recipient to return what was overpaid in transaction {transaction_reference}. Once a refund is approved we will tell you the amount.",
        ),
    ),
    (
        "misoperation_refund",
        "duplicate_payment",
        "",
        ("重复付款：正在核对", "Duplicate payment: we are checking both payments"),
        (
            "我们正在核对交易 {transaction_reference} 与之前那笔付款是否重复。确认重复后，将为您申请退回重复的 {amount}。",
            "We are checking transaction {transaction_reference} against the earlier payment. If it is a duplicate, we will ask for the {amount} to be returned to you.",
        ),
    ),
    # Cancelled-transaction inquiries (not for risk-control or compliance
    # cancellations: those are answered only from approved templates).
    (
        "cancelled_tx_inquiry",
        "cancelled_transaction",
        "",
        ("已取消交易：资金去向", "Cancelled transaction: where your money is"),
        (
            "交易 {transaction_reference}（{amount}）已取消，款项不会转给收款方。退回的资金会回到您的余额，通常在 1 至 3 个工作日内到账。",
            "Transaction {transaction_reference} ({amount}) was cancelled and the money does not go to the recipient. It comes back to your balance, usually within 1 to 3 working days.",
        ),
    ),
    # Requests for evidence: sending one puts the ticket on hold for the customer.
    (
        "complaint",
        "",
        "request_evidence",
        ("请补充材料（投诉）", "Please send evidence (complaint)"),
        (
            "为继续处理工单 {reference}，请在工单页面上传相关截图（如交易详情页、错误提示），并说明发生的时间。收到后我们会立即继续处理。",
            "To continue with ticket {reference}, please upload screenshots on the ticket page (the transaction details, any error message) and tell us when it happened. We continue as soon as we have them.",
        ),
    ),
    (
        "misoperation_refund",
        "",
        "request_evidence",
        ("请补充材料（退款申请）", "Please send evidence (refund request)"),
        (
            "为向收款方申请退回 {amount}，请在工单页面上传转账成功页面的截图，以及您本来想付款的对象的信息（如聊天记录或账单）。",
            "To ask the recipient to return {amount}, please upload a screenshot of the completed transfer on the ticket page, and something that shows whom you meant to pay (a chat or an invoice).",
        ),
    ),
    (
        "cancelled_tx_inquiry",
        "",
        "request_evidence",
        ("请补充材料（取消交易咨询）", "Please send evidence (cancelled transaction)"),
        (
            "为核查交易 {transaction_reference}，请在工单页面上传交易详情页的截图，以及您看到的任何提示信息。",
            "To check transaction {transaction_reference}, please upload a screenshot of its details page and any message you were shown.",
        ),
    ),
    # Macros: the reply also moves the ticket.
    (
        "",
        "",
        "start_investigating",
        ("已受理：开始调查", "Received: we have started investigating"),
        (
            "我们已受理您的工单 {reference}，专人正在调查。我们会在 {resolve_by} 前给您答复。",
            "We have taken up ticket {reference} and someone is investigating it now. You will have our answer by {resolve_by}.",
        ),
    ),
    (
        "complaint",
        "",
        "wait_third_party",
        (
            "已提交支付渠道核查：等待回复",
            "Sent to the payment network: waiting for them",
        ),
        (
            "我们已将交易 {transaction_reference}（{amount}）提交支付渠道核查，正在等待对方回复。收到回复后会立即通知您。",
            "We have asked the payment network to check transaction {transaction_reference} ({amount}) and are waiting for their answer. We will tell you as soon as it arrives.",
        ),
    ),
    (
        "misoperation_refund",
        "",
        "wait_third_party",
        (
            "已联系收款方机构：等待回复",
            "Recipient's provider contacted: waiting for them",
        ),
        (
            "我们已就交易 {transaction_reference} 联系收款方所在机构，请其协助退回 {amount}，正在等待对方回复。",
            "We have contacted the recipient's provider about transaction {transaction_reference} and asked them to help return {amount}. We are waiting for their answer.",
        ),
    ),
    (
        "cancelled_tx_inquiry",
        "",
        "wait_third_party",
        (
            "已请清算渠道核查退回：等待回复",
            "Return checked with the network: waiting for them",
        ),
        (
            "我们已请清算渠道核查交易 {transaction_reference}（{amount}）的退回进度，正在等待对方回复。",
            "We have asked the payment network where the return of transaction {transaction_reference} ({amount}) stands, and are waiting for their answer.",
        ),
    ),
)


def canned_replies() -> list[dict[str, str]]:
    """Every starter reply as model fields, both languages."""
    rows = []
    for kind, category, action, titles, bodies in REPLIES:
        for index, language in enumerate(("zh-hans", "en")):
            rows.append(
                {
                    "kind": kind,
                    "category": category,
                    "action": action,
                    "language": language,
                    "title": titles[index],
                    "body": _GREET[index] + bodies[index] + _SIGN[index],
                }
            )
    return rows


def canned_replies_apply(*, model: Any) -> int:
    """Create the starter replies whose title is missing in their language.

    Written against the model class passed in, so the data migration runs it with
    its historical model. Existing rows are never changed, so supervisors' edits
    survive a re-run. Returns how many replies were created.
    """
    existing = set(model.objects.values_list("language", "title"))
    # An older migration's model may lack later fields (category): leave them out.
    fields = {field.name for field in model._meta.get_fields()}
    missing = [
        model(**{key: value for key, value in row.items() if key in fields})
        for row in canned_replies()
        if (row["language"], row["title"]) not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)


def canned_reply_categories_apply(*, model: Any) -> int:
    """Give the starter replies already installed their category (by title).

    Only rows still without a category are changed, so a supervisor's choice
    stays. Returns how many rows were updated.
    """
    updated = 0
    for row in canned_replies():
        if row["category"]:
            updated += model.objects.filter(
                language=row["language"], title=row["title"], category=""
            ).update(category=row["category"])
    return updated
