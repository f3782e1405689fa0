# ruff: noqa: RUF001 - Chinese text uses full-width punctuation on purpose
"""The starter FAQ shipped with Walletdesk: categories and articles in zh-Hans and en.

Bodies are Markdown. Editors change them in the admin afterwards; the loader
(knowledgebase.starter) only adds what is missing, by slug. Keep the facts in
line with PRODUCT.md: acknowledgement at once, resolution within 15 days
(extendable with notice), reopening within 30 days, tracking at /track/.
"""

CATEGORIES: list[dict[str, str]] = [
    {
        "slug": "transfers-and-payments",
        "name_en": "Transfers and payments",
        "name_zh_hans": "转账与付款",
        "description_en": "Failed, pending or missing transfers, balances, top-ups and withdrawals.",
        "description_zh_hans": "转账失败、处理中或未到账，余额、充值与提现问题。",
    },
    {
        "slug": "mistaken-payments",
        "name_en": "Wrong recipient, wrong amount, paid twice",
        "name_zh_hans": "转错人、转错金额与重复付款",
        "description_en": "What to do after a payment mistake, and how we try to get the money back.",
        "description_zh_hans": "付款出错后怎么办，以及我们如何帮您追回款项。",
    },
    {
        "slug": "cancelled-transactions",
        "name_en": "Cancelled transactions",
        "name_zh_hans": "被取消的交易",
        "description_en": "Why a transaction was cancelled and where your money is now.",
        "description_zh_hans": "交易为什么被取消，资金现在在哪里。",
    },
    {
        "slug": "refunds",
        "name_en": "Refunds",
        "name_zh_hans": "退款",
        "description_en": "Merchant refunds and refunds of mistaken payments: how and how long.",
        "description_zh_hans": "商户退款与误操作退款：怎么办理、多久到账。",
    },
    {
        "slug": "account-security",
        "name_en": "Account security",
        "name_zh_hans": "账户安全",
        "description_en": "Locked accounts, payments you did not make, scams and how to stay safe.",
        "description_zh_hans": "账户锁定、非本人交易、诈骗识别与安全建议。",
    },
    {
        "slug": "complaints",
        "name_en": "Complaints and your ticket",
        "name_zh_hans": "投诉与工单",
        "description_en": "How we handle complaints, how long it takes and how to follow your case.",
        "description_zh_hans": "我们如何处理投诉、需要多长时间，以及如何跟进您的工单。",
    },
]

ARTICLES: list[dict[str, object]] = [
    # --- Transfers and payments -------------------------------------------------
    {
        "slug": "transfer-failed",
        "category": "transfers-and-payments",
        "title_en": "My transfer failed",
        "title_zh_hans": "转账失败怎么办",
        "summary_en": "Check whether money left your balance, what the error said, and when to report it.",
        "summary_zh_hans": "先确认余额是否被扣、记下错误提示，再决定是否需要反馈。",
        "keywords": "transfer failed unsuccessful error declined did not go through 转账失败 转账不成功 付款失败 转不出去 交易失败",
        "related": ["transfer-pending", "balance-shown-wrong", "evidence-to-keep"],
        "body_en": """A failed transfer means the payment did not complete. In most cases **no money leaves your balance**, or it is returned automatically.

1. Open the transaction in your wallet and check its status: *failed*, *pending* or *completed*.
2. Note the error message shown, if any (for example "insufficient balance", "limit exceeded" or "recipient account unavailable").
3. Compare your balance before and after. If the money was taken but the transfer shows *failed*, it is normally returned within 1–3 business days.

Report it to us if:

- the money was taken and has not come back after 3 business days, or
- the same transfer keeps failing and you do not know why.

Choose **Get help → My transfer failed** and pick the transaction from the list, so we see the exact record. Attach a screenshot of the error if you have one.""",
        "body_zh_hans": """转账失败表示这笔付款没有完成。大多数情况下**余额不会被扣减**，即使被扣也会自动退回。

1. 在钱包中打开这笔交易，查看状态：*失败*、*处理中* 还是 *已完成*。
2. 记下页面显示的错误提示（例如“余额不足”“超出限额”“收款账户不可用”）。
3. 对比转账前后的余额。如果钱被扣了但交易显示*失败*，一般会在 1–3 个工作日内退回。

以下情况请向我们反馈：

- 钱已被扣，3 个工作日后仍未退回；
- 同一笔转账反复失败，且不知道原因。

请在「获取帮助 → 我的转账失败了」中从列表里选择这笔交易，这样我们能看到准确的记录。如有错误提示截图，请一并上传。""",
    },
    {
        "slug": "transfer-pending",
        "category": "transfers-and-payments",
        "title_en": "My transfer is still processing",
        "title_zh_hans": "转账一直显示处理中",
        "summary_en": "Most pending transfers finish on their own; here is how long to wait.",
        "summary_zh_hans": "多数处理中的转账会自动完成，这里说明需要等多久。",
        "keywords": "pending processing stuck waiting in progress 处理中 等待中 卡住 一直没到",
        "related": ["transfer-failed", "payment-not-received"],
        "body_en": """A transfer shows *processing* while the receiving bank or wallet confirms it. Transfers between two wallet users usually complete within minutes; transfers to bank cards or other providers can take up to 2 business days, longer over weekends and public holidays.

While a transfer is processing:

- do **not** send the same amount again, or you may pay twice;
- the amount is reserved and is not available in your balance.

If it is still processing after 2 business days, report it under **Get help → My transfer failed** and select the transaction. We will ask the bank or provider for the result.""",
        "body_zh_hans": """转账显示*处理中*，说明收款银行或机构正在确认。钱包用户之间的转账通常几分钟内完成；转到银行卡或其他机构最长可能需要 2 个工作日，遇到周末和法定节假日会更久。

转账处理中时：

- **不要**重复发起同样金额的转账，否则可能付两次；
- 这笔金额会被暂时占用，不能在余额中使用。

如果超过 2 个工作日仍显示处理中，请在「获取帮助 → 我的转账失败了」中选择这笔交易反馈，我们会向银行或相关机构查询结果。""",
    },
    {
        "slug": "payment-not-received",
        "category": "transfers-and-payments",
        "title_en": "Someone paid me but the money has not arrived",
        "title_zh_hans": "对方说已付款，我却没收到钱",
        "summary_en": "What to check with the sender before you report a missing payment.",
        "summary_zh_hans": "反馈之前，先和付款人核对这些信息。",
        "keywords": "payment not received money not arrived missing incoming 没收到 未到账 收款未到账 没到账 收不到钱",
        "related": [
            "transfer-pending",
            "unaccepted-transfer-returned",
            "evidence-to-keep",
        ],
        "body_en": """If someone says they paid you but you cannot see the money:

1. Ask the sender for the **transaction reference**, the amount and the time, and check that they used your correct phone number or wallet ID.
2. Look at your transaction list, including *pending* items. Some transfers must be **accepted** by you before they arrive; an unaccepted transfer is returned to the sender after 24 hours.
3. If the sender paid from a bank or another wallet provider, allow up to 2 business days.

Still missing? Choose **Get help → I did not receive a payment**. Tell us who paid, how much, when, and the reference, and attach the sender's payment receipt if they can share it.""",
        "body_zh_hans": """如果对方说已经付款，但您没有看到这笔钱：

1. 向付款人索取**交易单号**、金额和付款时间，并确认对方填写的是您正确的手机号或钱包账号。
2. 查看您的交易记录，包括*处理中*的记录。有些转账需要您**确认收款**后才会到账；24 小时内未确认收款的转账会自动退回给付款人。
3. 如果对方是从银行或其他支付机构付款，最长可能需要 2 个工作日。

仍然没有到账？请选择「获取帮助 → 我没有收到付款」，告诉我们付款人、金额、时间和交易单号；如果对方愿意提供，请上传对方的付款凭证。""",
    },
    {
        "slug": "balance-shown-wrong",
        "category": "transfers-and-payments",
        "title_en": "My balance looks wrong",
        "title_zh_hans": "余额显示不对",
        "summary_en": "Pending items, reserved amounts and refunds often explain a balance that looks wrong.",
        "summary_zh_hans": "处理中的交易、冻结金额和退款，常常是余额看起来不对的原因。",
        "keywords": "balance wrong incorrect missing money less than expected 余额不对 余额错误 余额少了 钱少了 余额异常",
        "related": ["transfer-pending", "duplicate-payment", "top-up-not-credited"],
        "body_en": """Before reporting a wrong balance, check these common causes:

- **Pending transfers** are deducted at once but complete later.
- **Reserved amounts** (for example a pre-authorisation by a merchant) reduce what you can spend until the merchant finishes the payment.
- **Refunds** from merchants can take several days to appear.
- A **fee** may have been charged on a withdrawal or a transfer; it is shown as its own line.

Write down the balance you expected and the balance shown, with the date and time, and take a screenshot. If you still cannot explain the difference, choose **Get help → My balance looks wrong** and tell us both amounts. We compare your ledger record by record.""",
        "body_zh_hans": """在反馈余额不对之前，请先排查以下常见原因：

- **处理中的转账**会先扣款，稍后才完成；
- **冻结金额**（例如商户预授权）在商户完成扣款前会减少可用余额；
- **商户退款**可能需要几天才能到账；
- 提现或转账可能收取了**手续费**，会单独显示一条记录。

请记下您预期的余额和实际显示的余额，以及日期时间，并截图保存。如果仍无法解释差额，请选择「获取帮助 → 我的余额显示不对」，把两个金额都告诉我们，我们会逐笔核对您的账务记录。""",
    },
    {
        "slug": "fees-explained",
        "category": "transfers-and-payments",
        "title_en": "Fees on transfers and withdrawals",
        "title_zh_hans": "转账和提现的手续费",
        "summary_en": "Where to see the fee before you confirm, and what to do if a charge looks wrong.",
        "summary_zh_hans": "确认付款前在哪里查看手续费，以及收费有误时怎么办。",
        "keywords": "fee charge commission cost service charge 手续费 服务费 收费 扣费",
        "related": ["balance-shown-wrong", "how-complaints-are-handled"],
        "body_en": """Transfers between wallet users are usually free. Withdrawals to a bank card, transfers to other providers and currency exchange may carry a fee.

- The fee is always shown on the confirmation screen **before** you confirm.
- After the payment, the fee appears in the transaction details.

If you were charged a fee that was not shown to you, or more than the published rate, choose **Get help → Something else → A fee or charge** and select the transaction. If we charged you wrongly, we refund the fee.""",
        "body_zh_hans": """钱包用户之间转账通常免费。提现到银行卡、转账到其他机构以及货币兑换可能会收取手续费。

- 手续费总会在您确认付款**之前**显示在确认页面上；
- 付款完成后，手续费会显示在交易详情中。

如果您被收取了事先未显示的手续费，或收费高于公布的标准，请选择「获取帮助 → 其他问题 → 手续费或收费」并选择该笔交易。如确属我们收费错误，我们会退还手续费。""",
    },
    {
        "slug": "withdrawal-not-arrived",
        "category": "transfers-and-payments",
        "title_en": "My withdrawal to a bank card has not arrived",
        "title_zh_hans": "提现到银行卡还没到账",
        "summary_en": "Bank withdrawals take up to 2 business days; here is what to do after that.",
        "summary_zh_hans": "提现到银行卡最长需要 2 个工作日，超时后请这样处理。",
        "keywords": "withdrawal withdraw cash out bank card not arrived 提现 提现未到账 提现到卡 银行卡没收到",
        "related": ["transfer-pending", "fees-explained"],
        "body_en": """Withdrawals are sent to your bank at once, but the bank credits them on its own schedule: usually within a few hours, at most **2 business days**.

If the money has not arrived after that:

1. Check that the withdrawal shows *completed* in your wallet and note its reference.
2. Check the bank card number the withdrawal went to.
3. Ask your bank whether an incoming payment with that reference is pending.

Then choose **Get help → My transfer failed**, select the withdrawal and tell us what your bank said. If the bank rejected the payment, the money comes back to your wallet balance.""",
        "body_zh_hans": """提现会立即发往您的银行，但到账时间取决于银行的处理：通常几小时内，最长 **2 个工作日**。

超过这个时间仍未到账：

1. 确认钱包中这笔提现显示*已完成*，并记下交易单号；
2. 核对提现到账的银行卡号；
3. 向银行查询是否有这笔单号的入账在处理中。

然后请选择「获取帮助 → 我的转账失败了」，选择这笔提现并告诉我们银行的答复。如果银行退回了款项，钱会回到您的钱包余额。""",
    },
    {
        "slug": "top-up-not-credited",
        "category": "transfers-and-payments",
        "title_en": "I topped up but my balance did not increase",
        "title_zh_hans": "充值扣款了但余额没有增加",
        "summary_en": "Your bank was charged but the wallet was not credited: how we fix it.",
        "summary_zh_hans": "银行已扣款但钱包未入账：我们这样处理。",
        "keywords": "top up topup add money recharge not credited 充值 充值未到账 充值没到 充钱",
        "related": ["balance-shown-wrong", "evidence-to-keep"],
        "body_en": """A top-up normally appears in your balance within a few minutes. If your bank shows the charge but your wallet does not:

- wait 30 minutes and refresh your transaction list;
- keep the bank's record of the charge (a screenshot of the bank statement line is enough).

If the top-up still has not arrived, choose **Get help → My balance looks wrong** and attach the bank record. When a top-up fails after your bank was charged, the bank reverses the charge, usually within 3–5 business days; if it does not, we credit your wallet once we have confirmed the payment.""",
        "body_zh_hans": """充值通常几分钟内就会计入余额。如果银行显示已扣款，但钱包余额没有增加：

- 等待 30 分钟后刷新交易记录；
- 保留银行的扣款记录（银行流水截图即可）。

如果仍未到账，请选择「获取帮助 → 我的余额显示不对」并上传银行记录。充值失败而银行已扣款时，银行一般会在 3–5 个工作日内退回；如未退回，我们核实后会把款项计入您的钱包。""",
    },
    # --- Mistaken payments ------------------------------------------------------
    {
        "slug": "wrong-recipient",
        "category": "mistaken-payments",
        "title_en": "I sent money to the wrong person",
        "title_zh_hans": "钱转错人了怎么办",
        "summary_en": "Act quickly: report it, and we contact the recipient or their provider to recover it.",
        "summary_zh_hans": "尽快反馈：我们会联系收款人或其支付机构，尽力追回款项。",
        "keywords": "wrong recipient wrong person wrong account mistaken transfer sent by mistake 转错人 转错账 误转 转错了 打错钱",
        "related": ["recipient-refuses", "refund-request-how", "check-before-paying"],
        "body_en": """If you paid the wrong person, **report it as soon as possible**: the sooner we act, the better the chance the money is still there.

1. Choose **Get help → I sent money to the wrong person** and select the transaction.
2. Tell us who you meant to pay, who received the money, and how you chose the payee (typed the number, contact list, QR code or address book).
3. Do not send more money to "test" the account, and be careful with strangers who offer to return it for a fee.

**What happens next:** we contact the recipient, or the recipient's provider if they are not a wallet user, and ask them to return the money. You do not need a police report to start. We log every attempt and tell you the result.

Please note that a transfer you confirmed yourself can only be returned **with the recipient's agreement or through their provider**; we cannot take money out of another person's account on our own. If recovery fails, we give you the information you need to claim it yourself.""",
        "body_zh_hans": """如果钱转给了错误的人，请**尽快反馈**：越早处理，款项还在对方账户中的可能性越大。

1. 选择「获取帮助 → 我把钱转给了错误的人」，并选择这笔交易；
2. 告诉我们原本要付给谁、实际收款人是谁，以及您是如何选择收款人的（手动输入、通讯录、扫码还是常用收款人）；
3. 不要再转钱去“试探”对方账户，也要警惕陌生人以“帮您追回”为名收取费用。

**接下来：**我们会联系收款人；如果对方不是本钱包用户，我们会联系对方的支付机构，请其退还款项。无需报警即可启动处理。每一次联系都会记录在案，并把结果告诉您。

请注意：您本人确认的转账，只有**在收款人同意或通过其所属机构**的情况下才能退回，我们不能擅自从他人账户中扣款。如果追回失败，我们会向您提供自行追讨所需的信息。""",
    },
    {
        "slug": "wrong-amount",
        "category": "mistaken-payments",
        "title_en": "I paid the wrong amount",
        "title_zh_hans": "付错金额了",
        "summary_en": "How to ask for the extra amount back from a person or a merchant.",
        "summary_zh_hans": "如何向个人或商户要回多付的金额。",
        "keywords": "wrong amount paid too much overpaid extra zero typo 付错金额 金额错了 多付了 多转了 转多了",
        "related": ["wrong-recipient", "refund-request-how", "merchant-refund"],
        "body_en": """If you paid more than you meant to:

- **To a merchant:** contact the merchant first if you can; most refund an overpayment quickly. If they do not, report it to us.
- **To a person:** ask them to send back the difference. If they do not answer or refuse, report it to us.

Choose **Get help → I sent the wrong amount**, select the transaction and tell us the amount you **meant** to pay. You can ask back at most the amount of the transaction. Attach anything that shows the intended amount: an invoice, a chat message or an order.

We then contact the recipient or the merchant's provider on your behalf and keep you informed of each step.""",
        "body_zh_hans": """如果您多付了钱：

- **付给商户：**如方便，可先联系商户，多数商户会很快退还多付的金额；如商户不处理，再向我们反馈。
- **转给个人：**请对方把差额退回；如对方不回应或拒绝，再向我们反馈。

请选择「获取帮助 → 我转错了金额」，选择这笔交易，并告诉我们您**本来**要付的金额。申请退回的金额不能超过这笔交易的金额。请附上能证明原定金额的材料，例如发票、聊天记录或订单。

之后我们会代您联系收款人或商户所属机构，并及时告知每一步进展。""",
    },
    {
        "slug": "duplicate-payment",
        "category": "mistaken-payments",
        "title_en": "I was charged twice for the same payment",
        "title_zh_hans": "同一笔付款被扣了两次",
        "summary_en": "Check whether the second charge is pending or completed, then report the duplicate.",
        "summary_zh_hans": "先看第二笔是处理中还是已完成，再反馈重复扣款。",
        "keywords": "duplicate payment charged twice double charge paid twice 重复扣款 重复付款 扣了两次 付了两次 重复支付",
        "related": ["transfer-pending", "refund-request-how", "merchant-refund"],
        "body_en": """A payment can appear twice if you pressed *Pay* again while the first attempt was still processing.

1. Look at both entries. If one is *pending* or *failed*, it will usually disappear or be returned by itself within 1–3 business days.
2. If **both are completed**, you paid twice.

Choose **Get help → I paid twice**, select the second payment and tell us which one it duplicates. For a merchant payment, we ask the merchant to refund the duplicate; for a transfer to a person, we contact the recipient. Keep the merchant's receipt or order confirmation, which shows you bought once.""",
        "body_zh_hans": """如果第一次付款还在处理中时您又点了一次*付款*，同一笔付款就可能出现两次。

1. 查看这两条记录。如果其中一条是*处理中*或*失败*，通常会在 1–3 个工作日内自动消失或退回；
2. 如果**两条都已完成**，说明确实付了两次。

请选择「获取帮助 → 我重复支付了」，选择第二笔付款，并告诉我们它与哪一笔重复。如果是商户付款，我们会请商户退还重复的款项；如果是转给个人，我们会联系收款人。请保留商户的收据或订单确认，以证明您只购买了一次。""",
    },
    {
        "slug": "recipient-refuses",
        "category": "mistaken-payments",
        "title_en": "What if the recipient will not return the money?",
        "title_zh_hans": "对方不肯退还转错的钱怎么办",
        "summary_en": "What we can and cannot do when a recipient refuses, and your options after that.",
        "summary_zh_hans": "收款人拒绝退还时我们能做什么、不能做什么，以及您还有哪些选择。",
        "keywords": "recipient refuses will not return no reply recover recovery 不肯退 拒绝退还 追回 联系不上 不还钱",
        "related": ["wrong-recipient", "reopen-or-escalate"],
        "body_en": """Whether money sent to the wrong person comes back **depends on the recipient**. We contact them (or their provider) more than once and explain that the money was sent by mistake, but we cannot move money out of their account without their agreement or a legal order.

If the recipient refuses or does not answer, we:

- tell you the outcome in writing, with every attempt we made;
- give you, on request, the information you need to claim the money yourself, for example through the courts;
- keep the case record, which you can use as evidence.

Keeping money received by mistake can be unlawful in many countries. If you believe you were tricked into paying, that is a scam rather than a mistake: see *Spotting scams* and tell us at once.""",
        "body_zh_hans": """转错的钱能否退回，**取决于收款人**。我们会多次联系收款人（或其所属机构），说明这笔钱是误转的，但未经对方同意或没有法律文书，我们不能从对方账户中转出资金。

如果收款人拒绝或不回应，我们会：

- 书面告知您处理结果，并列明我们做过的每一次尝试；
- 应您的要求，提供您自行追讨（例如提起诉讼）所需的信息；
- 保留案件记录，供您作为证据使用。

在许多国家和地区，拒不返还误收的款项可能违法。如果您是被人诱骗付款，这属于诈骗而不是误操作：请参阅《识别诈骗的常见迹象》并立即告诉我们。""",
    },
    {
        "slug": "check-before-paying",
        "category": "mistaken-payments",
        "title_en": "Check the payee before you confirm",
        "title_zh_hans": "付款前如何核对收款人",
        "summary_en": "Three checks that prevent most payment mistakes.",
        "summary_zh_hans": "三个步骤，避免大多数付款错误。",
        "keywords": "check payee confirm name verify before paying prevent mistakes 核对收款人 确认收款人 付款前 防止转错",
        "related": ["wrong-recipient", "wrong-amount", "scam-warning-signs"],
        "body_en": """Before every payment, the confirmation screen shows the payee's **masked name**, their account and the amount. Take a second to check:

1. **The name** matches the person or shop you mean to pay. If only part of the name is shown, ask the payee to confirm it.
2. **The amount**, including the decimal point. 1000 and 100.0 look alike on a small screen.
3. **The QR code** belongs to the shop: look for stickers pasted over the original code.

For a new payee, send a small amount first and ask them to confirm it arrived. Save people you pay often in your contacts rather than typing their number each time.""",
        "body_zh_hans": """每次付款前，确认页面都会显示收款人的**部分姓名**、账户和金额。请花几秒钟核对：

1. **姓名**与您要付款的人或商户一致。如果只显示部分姓名，可请对方确认；
2. **金额**，包括小数点。在小屏幕上，1000 和 100.0 很容易看错；
3. **二维码**确实属于该商户：注意原二维码上是否被贴了新的贴纸。

第一次向某人付款时，可以先转一笔小额，请对方确认收到。经常付款的对象请保存为联系人，不要每次手动输入号码。""",
    },
    # --- Cancelled transactions -------------------------------------------------
    {
        "slug": "cancelled-by-system",
        "category": "cancelled-transactions",
        "title_en": "My transaction was cancelled because of a system failure",
        "title_zh_hans": "交易因系统故障被取消",
        "summary_en": "Money from a transaction cancelled by a technical failure is returned automatically.",
        "summary_zh_hans": "因技术故障被取消的交易，款项会自动退回。",
        "keywords": "cancelled system failure error outage technical problem 系统故障 交易取消 被取消 系统错误 故障",
        "related": ["where-are-my-funds", "transfer-failed"],
        "body_en": """Sometimes a transaction is cancelled because something failed on our side, at the bank or at another provider: a timeout, an outage or a message that did not arrive.

- You were **not** charged for a cancelled transaction. If the amount was deducted, it is returned to the same place it came from, usually within 1–3 business days.
- The transaction details show *Cancelled* and the reason *System failure*.
- You can simply try the payment again.

If the money has not come back within 3 business days, choose **Get help → My transaction was cancelled** and select the transaction: we will tell you where the money is and when it will be returned.""",
        "body_zh_hans": """有时交易会因为我们、银行或其他机构的系统问题被取消，例如超时、服务中断或消息未送达。

- 被取消的交易**不会**向您收费。如果已扣款，款项会原路退回，一般需要 1–3 个工作日；
- 交易详情会显示*已取消*，原因为*系统故障*；
- 您可以直接重新付款。

如果 3 个工作日后仍未退回，请选择「获取帮助 → 我的交易被取消了」并选择这笔交易，我们会告诉您资金现在在哪里、何时退回。""",
    },
    {
        "slug": "cancelled-by-risk-control",
        "category": "cancelled-transactions",
        "title_en": "My transaction was cancelled by risk control",
        "title_zh_hans": "交易被风控取消了",
        "summary_en": "Why security checks stop some payments, and what you can ask us.",
        "summary_zh_hans": "为什么安全检查会拦截部分付款，以及您可以咨询什么。",
        "keywords": "risk control security check blocked fraud check suspicious cancelled 风控 风险控制 被拦截 安全检查 交易取消 风控取消",
        "related": ["where-are-my-funds", "scam-warning-signs", "account-locked"],
        "body_en": """To protect you from fraud, our security checks stop payments that look unusual: a large amount to a new payee, a login from a new device, or a payee linked to reported scams. When that happens the transaction is cancelled and the money stays in, or returns to, your balance.

What you can do:

- If the payment was genuine, you can usually try again later, or verify your identity when the app asks you to.
- If someone was pressuring you to pay, **stop**: the check may have saved your money. See *Spotting scams*.

You can ask about the cancellation under **Get help → My transaction was cancelled**. We will confirm where your money is and what you can do next. For security reasons we cannot explain the exact rule that stopped the payment; our answer comes from approved wording so that every customer is treated the same way.""",
        "body_zh_hans": """为防止您遭受诈骗，我们的安全检查会拦截看起来异常的付款，例如向新收款人大额付款、在新设备上登录后付款，或收款人与已被举报的诈骗有关。此时交易会被取消，资金留在或退回您的余额。

您可以这样做：

- 如果这是一笔正常付款，通常可以稍后重试，或按 App 提示完成身份验证；
- 如果有人在催促您付款，请**立即停止**：这次拦截可能保住了您的钱。请参阅《识别诈骗的常见迹象》。

您可以在「获取帮助 → 我的交易被取消了」中咨询这笔交易，我们会确认您的资金在哪里以及下一步可以怎么做。出于安全原因，我们无法说明具体是哪条规则拦截了付款；我们的答复使用经审核的统一措辞，确保每位客户得到同样的对待。""",
    },
    {
        "slug": "cancelled-by-compliance",
        "category": "cancelled-transactions",
        "title_en": "My transaction was cancelled for compliance reasons",
        "title_zh_hans": "交易因合规原因被取消",
        "summary_en": "Legal and regulatory checks can stop a payment; here is what that means for your money.",
        "summary_zh_hans": "法律与监管要求的检查可能拦截付款，这对您的资金意味着什么。",
        "keywords": "compliance regulation legal sanctions anti money laundering aml verification cancelled 合规 监管 反洗钱 实名认证 交易取消",
        "related": ["where-are-my-funds", "cancelled-by-risk-control"],
        "body_en": """As a regulated payment provider, we must check some payments against legal requirements, such as identity verification, sanctions lists and anti-money-laundering rules. A payment that cannot pass these checks is cancelled.

- Your money is **returned to your balance** or held until the check is complete; the transaction details show which.
- If we need documents from you (for example to verify your identity), the app or an email from us will say exactly what is needed.

You can ask about it under **Get help → My transaction was cancelled**. The law does not always allow us to explain the reason for a compliance decision, so our reply uses approved wording. We will always tell you where your money is and when it will be available.""",
        "body_zh_hans": """作为受监管的支付机构，我们必须按照法律要求检查部分付款，例如实名认证、制裁名单和反洗钱规定。无法通过检查的付款会被取消。

- 您的资金会**退回余额**，或在检查完成前暂时冻结；交易详情会显示是哪一种情况；
- 如果需要您提供材料（例如用于身份验证），App 或我们的邮件会明确说明需要什么。

您可以在「获取帮助 → 我的交易被取消了」中咨询。法律并不总是允许我们说明合规决定的原因，因此我们的答复使用经审核的统一措辞。但我们一定会告诉您资金在哪里、何时可以使用。""",
    },
    {
        "slug": "unaccepted-transfer-returned",
        "category": "cancelled-transactions",
        "title_en": "A transfer not accepted within 24 hours is returned",
        "title_zh_hans": "对方 24 小时内未收款，转账自动退回",
        "summary_en": "Transfers waiting for the recipient to accept them go back to the sender after 24 hours.",
        "summary_zh_hans": "等待对方确认收款的转账，24 小时后会自动退回付款人。",
        "keywords": "not accepted 24 hours returned automatically expired unclaimed wechat style transfer 24小时 未收款 自动退回 未领取 过期 退回",
        "related": ["payment-not-received", "where-are-my-funds"],
        "body_en": """Some transfers between people must be **accepted** by the recipient, as with a WeChat transfer. If the recipient does not accept within **24 hours**, the transfer is cancelled and the money returns to the sender automatically, usually within minutes of the deadline.

- **If you sent it:** the money comes back to your balance or the card you paid with. Nothing else is needed. Ask the recipient to accept it next time, or send it again.
- **If you received it:** accept it before the deadline. Once it has been returned, ask the sender to send it again.

If the money has not come back to you within 1 business day after the 24 hours, choose **Get help → My transaction was cancelled**.""",
        "body_zh_hans": """部分个人之间的转账需要收款人**确认收款**（与微信转账类似）。如果收款人在 **24 小时**内没有确认，转账会被取消，款项自动退回付款人，通常在到期后几分钟内完成。

- **如果您是付款人：**钱会退回您的余额或付款银行卡，无需任何操作。下次可提醒对方及时收款，或重新转账；
- **如果您是收款人：**请在期限前确认收款。已退回的，请让付款人重新转账。

如果 24 小时期满后超过 1 个工作日钱仍未退回，请选择「获取帮助 → 我的交易被取消了」。""",
    },
    {
        "slug": "where-are-my-funds",
        "category": "cancelled-transactions",
        "title_en": "Where is the money from a cancelled transaction?",
        "title_zh_hans": "交易取消后，钱去哪了",
        "summary_en": "Returned, on its way back or held: how to tell, and when it will be available.",
        "summary_zh_hans": "已退回、退回中还是冻结中：如何判断，何时可以使用。",
        "keywords": "where is my money cancelled funds held returned frozen 钱去哪了 资金 冻结 退回 取消后 钱在哪",
        "related": [
            "cancelled-by-system",
            "cancelled-by-risk-control",
            "cancelled-by-compliance",
        ],
        "body_en": """When a transaction is cancelled, the money is in one of three places. The transaction details tell you which:

| Shown as | What it means |
|---|---|
| **Returned** | The money is back in your balance or on your card. |
| **Return due by** a date | It is on its way back; banks can take up to 3–5 business days. |
| **Held** | It is kept while a check finishes; we tell you when it is released. |

The cancellation reason is shown too: *system failure*, *cancelled by you*, *risk control* or *compliance*. If the return date has passed, or the money has been held for longer than we told you, choose **Get help → My transaction was cancelled**.""",
        "body_zh_hans": """交易被取消后，资金会处于以下三种状态之一，交易详情中会显示：

| 显示 | 含义 |
|---|---|
| **已退回** | 钱已回到您的余额或银行卡。 |
| **预计某日前退回** | 正在退回途中，银行最长可能需要 3–5 个工作日。 |
| **冻结中** | 检查完成前暂时冻结，解冻时我们会通知您。 |

交易详情还会显示取消原因：*系统故障*、*本人取消*、*风控*或*合规*。如果已过预计退回日期，或冻结时间超过我们告知的时间，请选择「获取帮助 → 我的交易被取消了」。""",
    },
    {
        "slug": "cancel-own-transaction",
        "category": "cancelled-transactions",
        "title_en": "Can I cancel a transfer I just made?",
        "title_zh_hans": "刚发出的转账能撤回吗",
        "summary_en": "Only transfers that are still waiting can be cancelled; completed ones cannot.",
        "summary_zh_hans": "只有尚在等待中的转账可以撤回，已完成的无法撤回。",
        "keywords": "cancel transfer undo recall stop payment withdraw transfer 撤回 撤销转账 取消转账 追回转账",
        "related": ["wrong-recipient", "unaccepted-transfer-returned"],
        "body_en": """You can cancel a transfer yourself only while it is still **waiting**: for example a transfer the recipient has not yet accepted, or a scheduled transfer that has not run. Open the transaction and choose *Cancel*; the money returns to your balance at once.

A **completed** transfer cannot be cancelled, by you or by us, because the money is already in the recipient's account. If it went to the wrong person or for the wrong amount, report it straight away: see *I sent money to the wrong person*.""",
        "body_zh_hans": """只有仍在**等待中**的转账可以由您自己撤回，例如对方尚未确认收款的转账，或尚未执行的预约转账。打开这笔交易并选择*撤回*，钱会立即回到您的余额。

**已完成**的转账无论是您还是我们都无法撤回，因为钱已经进入收款人的账户。如果转错了人或金额，请立即反馈：参阅《钱转错人了怎么办》。""",
    },
    # --- Refunds ----------------------------------------------------------------
    {
        "slug": "merchant-refund",
        "category": "refunds",
        "title_en": "Waiting for a refund from a merchant",
        "title_zh_hans": "商户退款多久到账",
        "summary_en": "Merchant refunds go back to where you paid from; timing depends on how you paid.",
        "summary_zh_hans": "商户退款会原路返回，到账时间取决于付款方式。",
        "keywords": "merchant refund shop return order refund not received 商户退款 退款未到账 退货退款 商家退款 退款",
        "related": ["refund-timeline", "duplicate-payment"],
        "body_en": """When a shop refunds you, the money goes back the way you paid:

- paid from your **wallet balance**: usually within minutes of the merchant issuing the refund;
- paid with a **bank card** through the wallet: 3–7 business days, depending on the bank.

The refund appears as its own *Refund* line linked to the original payment. Ask the merchant for the date they issued it and its reference. If that date is more than 7 business days ago and you cannot see the money, choose **Get help → Something else**, select the original payment and attach the merchant's refund confirmation.""",
        "body_zh_hans": """商户给您退款时，钱会原路返回：

- 用**钱包余额**付款的：商户发起退款后通常几分钟内到账；
- 通过钱包用**银行卡**付款的：需要 3–7 个工作日，视银行而定。

退款会以一条单独的*退款*记录显示，并关联原来的付款。请向商户索取退款发起日期和退款单号。如果商户发起退款已超过 7 个工作日仍未到账，请选择「获取帮助 → 其他问题」，选择原付款记录并上传商户的退款凭证。""",
    },
    {
        "slug": "refund-timeline",
        "category": "refunds",
        "title_en": "How long does a refund take?",
        "title_zh_hans": "退款需要多长时间",
        "summary_en": "From our decision to the money arriving: typical times for each kind of refund.",
        "summary_zh_hans": "从我们做出决定到资金到账：各类退款的一般时间。",
        "keywords": "refund how long time when days refund status 退款多久 退款时间 几天到账 退款进度 什么时候退",
        "related": [
            "merchant-refund",
            "refund-request-how",
            "how-long-complaints-take",
        ],
        "body_en": """Typical times once a refund has been **approved**:

| Refund | Usually arrives |
|---|---|
| To your wallet balance | within 1 business day |
| To a bank card | 3–7 business days |
| Money recovered from another person | after they or their provider return it |

For a mistaken payment, the refund can only be paid after the money has been recovered from the recipient, or when we decide the mistake was ours. Your ticket shows the decision, the amount and the date it was paid. If a refund we confirmed has not arrived in the times above, reply on your ticket.""",
        "body_zh_hans": """退款**获批**后的一般到账时间：

| 退款方式 | 一般到账时间 |
|---|---|
| 退回钱包余额 | 1 个工作日内 |
| 退回银行卡 | 3–7 个工作日 |
| 从他人处追回的款项 | 对方或其所属机构退还之后 |

误操作付款的退款，需要先从收款人处追回款项，或经我们认定是我方差错后才能支付。您的工单会显示处理决定、金额和支付日期。如果我们确认的退款超过上述时间仍未到账，请直接在工单中回复。""",
    },
    {
        "slug": "refund-request-how",
        "category": "refunds",
        "title_en": "How to ask for a refund of a mistaken payment",
        "title_zh_hans": "如何申请误操作退款",
        "summary_en": "Wrong person, wrong amount or paid twice: what to send us so we can act quickly.",
        "summary_zh_hans": "转错人、转错金额或重复付款：提供这些信息，我们才能尽快处理。",
        "keywords": "refund request mistaken payment apply for refund get money back 申请退款 误操作退款 要回钱 退钱 如何退款",
        "related": [
            "wrong-recipient",
            "wrong-amount",
            "duplicate-payment",
            "evidence-to-keep",
        ],
        "body_en": """Choose **Get help** and the situation that fits: *I sent money to the wrong person*, *I sent the wrong amount* or *I paid twice*. The form asks for:

- **the transaction**: pick it from your list (it must be a completed outgoing payment from your account);
- **the amount to ask back**: at most the amount of the transaction;
- **what you intended**: the right recipient or the right amount, or which earlier payment this one duplicates;
- **how you chose the payee**: typed, contact list, QR code or address book.

Attach screenshots or receipts if you have them. You get a ticket reference at once, and we keep you updated as we contact the recipient.""",
        "body_zh_hans": """请选择「获取帮助」中符合情况的一项：*我把钱转给了错误的人*、*我转错了金额*或*我重复支付了*。表单会请您提供：

- **交易**：从您的交易列表中选择（必须是您账户中已完成的转出或付款）；
- **申请退回的金额**：不超过这笔交易的金额；
- **您的本意**：正确的收款人或正确的金额，或这笔付款与哪一笔重复；
- **收款人是怎么选择的**：手动输入、通讯录、扫码还是常用收款人。

如有截图或凭证请一并上传。提交后您会立即收到工单编号，我们联系收款人的每一步都会通知您。""",
    },
    # --- Account security -------------------------------------------------------
    {
        "slug": "account-locked",
        "category": "account-security",
        "title_en": "My account is locked",
        "title_zh_hans": "账户被锁定或冻结怎么办",
        "summary_en": "Why accounts get locked and how to unlock yours safely.",
        "summary_zh_hans": "账户被锁定的原因，以及如何安全解锁。",
        "keywords": "account locked frozen blocked suspended unlock too many attempts 账户锁定 账户冻结 被冻结 解锁 解冻 封号",
        "related": [
            "cannot-log-in",
            "unauthorized-transaction",
            "cancelled-by-risk-control",
        ],
        "body_en": """We lock an account to protect it, most often after:

- several wrong password or payment PIN attempts (the lock lifts by itself after a waiting time shown in the app);
- a login from a new device that needs verification;
- activity that looks like someone else is using the account.

To unlock it, follow the steps in the app: verify your identity with a code sent to your registered phone, and reset your password if asked. **Never** give that code to anyone, including someone who says they work for us.

If the app cannot unlock it, or you think someone else caused the lock, choose **Get help → I cannot log in**. Tell us when you last logged in successfully and what the app shows.""",
        "body_zh_hans": """我们锁定账户是为了保护它，最常见的原因有：

- 多次输错登录密码或支付密码（等待 App 提示的时间后会自动解锁）；
- 在新设备上登录，需要验证；
- 账户活动看起来像是他人在使用。

解锁请按照 App 中的步骤操作：用发送到您注册手机的验证码验证身份，如有提示请重置密码。**绝不要**把验证码告诉任何人，包括自称我们员工的人。

如果 App 无法解锁，或您怀疑是他人导致了锁定，请选择「获取帮助 → 我无法登录」，告诉我们您最后一次成功登录的时间以及 App 显示的内容。""",
    },
    {
        "slug": "unauthorized-transaction",
        "category": "account-security",
        "title_en": "I see a payment I did not make",
        "title_zh_hans": "发现不是本人操作的交易",
        "summary_en": "Secure your account first, then report the payment to us straight away.",
        "summary_zh_hans": "先保护账户安全，然后立即向我们反馈。",
        "keywords": "unauthorized unauthorised payment fraud stolen someone used my account not me hacked 盗刷 非本人交易 未经授权 被盗 账户被盗用",
        "related": [
            "account-locked",
            "lost-phone",
            "never-ask-password",
            "evidence-to-keep",
        ],
        "body_en": """If you see a payment you did not make, **act now**:

1. Change your password and payment PIN, and log out of devices you do not recognise.
2. Report it: choose **Get help → Someone else used my account** and select every payment you did not make. Tell us when you noticed, and whether your phone, card or password may have been lost or shared.
3. If you cannot log in, ask us to block the account on the same form.

We investigate every report. You do not need a police report for us to start, though you may add one if you have it. The sooner you tell us, the more we can do; we tell you the outcome in writing and, if the payment was not authorised by you, refund it.""",
        "body_zh_hans": """如果发现不是您本人操作的付款，请**立即行动**：

1. 修改登录密码和支付密码，并退出您不认识的设备；
2. 反馈：选择「获取帮助 → 有人盗用了我的账户」，选中所有非本人操作的交易。告诉我们您发现的时间，以及手机、银行卡或密码是否可能丢失或泄露；
3. 如果无法登录，请在同一表单中要求我们冻结账户。

每一份反馈我们都会调查。无需报警即可启动处理，如您已报警，也可附上报警回执。越早告诉我们，我们能做的就越多；我们会书面告知处理结果，如确认交易非您授权，我们会退还款项。""",
    },
    {
        "slug": "never-ask-password",
        "category": "account-security",
        "title_en": "We never ask for your password, PIN or verification code",
        "title_zh_hans": "我们绝不会索要您的密码、支付密码或验证码",
        "summary_en": "Anyone asking for these is not us. Here is how real contact from us looks.",
        "summary_zh_hans": "任何索要这些信息的人都不是我们。我们的真实联系方式是这样的。",
        "keywords": "password pin verification code otp sms code phishing fake customer service impersonation 密码 验证码 支付密码 冒充客服 钓鱼",
        "related": ["scam-warning-signs", "security-tips", "unauthorized-transaction"],
        "body_en": """Walletdesk staff will **never** ask you for:

- your login password or payment PIN;
- a verification code sent by SMS;
- remote access to your phone, or a screen share;
- a "safety transfer" of your money to another account.

Our messages about your tickets come from the help centre and show your ticket reference (for example `WD-2026-000123`). When in doubt, do not click links in a message: open the help centre yourself and check your notices.

If you have already shared a password or code, change it now and choose **Get help → Someone else used my account**.""",
        "body_zh_hans": """Walletdesk 的工作人员**绝不会**向您索要：

- 登录密码或支付密码；
- 短信验证码；
- 远程控制您的手机或共享屏幕；
- 把钱转到所谓“安全账户”。

我们关于工单的消息来自帮助中心，并会显示您的工单编号（例如 `WD-2026-000123`）。如有疑问，请不要点击消息中的链接，而是自行打开帮助中心查看通知。

如果您已经透露了密码或验证码，请立即修改，并选择「获取帮助 → 有人盗用了我的账户」。""",
    },
    {
        "slug": "scam-warning-signs",
        "category": "account-security",
        "title_en": "Spotting scams",
        "title_zh_hans": "识别诈骗的常见迹象",
        "summary_en": "Urgency, secrecy and a request to move money: the signs common to most scams.",
        "summary_zh_hans": "催促、要求保密、要求转账：大多数诈骗的共同特征。",
        "keywords": "scam fraud fake phishing investment scam romance scam impersonation refund scam 诈骗 骗子 刷单 冒充 投资诈骗 退款诈骗",
        "related": [
            "never-ask-password",
            "cancelled-by-risk-control",
            "recipient-refuses",
        ],
        "body_en": """Most payment scams share the same signs:

- **Urgency:** "pay now or your account will be closed", "this offer ends in ten minutes".
- **Secrecy:** "do not tell the bank or your family".
- **A stranger offering money:** a refund you did not ask for, a prize, easy income for liking posts or "brushing" orders.
- **A request to move money** to a "safe account" or to pay a fee before you receive something.
- **Someone claiming to be us, the police or a courier** and asking for codes or remote access.

If you recognise any of these, stop and hang up. If you already paid, report it at once under **Get help → Someone else used my account**, and tell us it was a scam: the sooner we know, the better the chance of stopping the money.""",
        "body_zh_hans": """大多数支付诈骗都有这些共同特征：

- **催促：**“马上付款，否则账户会被关闭”“优惠十分钟后结束”；
- **要求保密：**“不要告诉银行或家人”；
- **陌生人主动给钱：**您没有申请的退款、中奖、点赞或“刷单”轻松赚钱；
- **要求转账**到“安全账户”，或在收到东西之前先付手续费；
- **冒充我们、警察或快递员**，索要验证码或远程控制手机。

如果发现以上任何迹象，请立即停止并挂断。如果已经付款，请马上在「获取帮助 → 有人盗用了我的账户」中反馈，并说明是被骗：越早告诉我们，拦截资金的机会越大。""",
    },
    {
        "slug": "security-tips",
        "category": "account-security",
        "title_en": "Keep your wallet safe",
        "title_zh_hans": "保护账户安全的建议",
        "summary_en": "Simple habits that protect your account and your money.",
        "summary_zh_hans": "保护账户和资金的简单好习惯。",
        "keywords": "security tips safe protect account strong password two factor 安全建议 账户安全 保护账户 防盗 安全设置",
        "related": ["never-ask-password", "scam-warning-signs", "lost-phone"],
        "body_en": """- Use a **password you use nowhere else**, and a payment PIN that is not your birthday.
- Turn on the **screen lock** of your phone and the app's fingerprint or face login.
- Keep the app and your phone's system **up to date**.
- Install apps only from the official app store.
- Check your **transaction list** every week; report anything unfamiliar at once.
- Set **payment limits** that fit how you use the wallet.
- Never share verification codes, and never install screen-sharing apps at a caller's request.""",
        "body_zh_hans": """- 使用**在其他地方没用过的密码**，支付密码不要用生日；
- 开启手机的**锁屏**，以及 App 的指纹或面容登录；
- 及时**更新** App 和手机系统；
- 只从官方应用商店安装应用；
- 每周查看一次**交易记录**，发现陌生交易立即反馈；
- 根据使用习惯设置**支付限额**；
- 不要透露验证码，也不要应来电者要求安装屏幕共享应用。""",
    },
    {
        "slug": "lost-phone",
        "category": "account-security",
        "title_en": "I lost my phone",
        "title_zh_hans": "手机丢了怎么办",
        "summary_en": "Freeze the wallet and your SIM card first, then restore access on a new phone.",
        "summary_zh_hans": "先冻结钱包和手机卡，再在新手机上恢复使用。",
        "keywords": "lost phone stolen phone lost device sim card freeze 手机丢了 手机被偷 丢失 挂失 补卡",
        "related": ["unauthorized-transaction", "account-locked", "security-tips"],
        "body_en": """If your phone is lost or stolen:

1. Ask your mobile operator to **block the SIM card**, so verification codes cannot be received by someone else.
2. From another device, log in to the help centre and choose **Get help → Someone else used my account**; ask us to **freeze** the wallet. If you cannot log in, use the same form from a friend's device or call us.
3. Check for payments you did not make and list them in the report.

When you have a new phone and your number back, log in and verify your identity to unfreeze the wallet.""",
        "body_zh_hans": """如果手机丢失或被盗：

1. 联系运营商**挂失手机卡**，防止他人接收您的验证码；
2. 用其他设备登录帮助中心，选择「获取帮助 → 有人盗用了我的账户」，要求我们**冻结**钱包。如果无法登录，可借用亲友的设备提交，或致电我们；
3. 查看是否有非本人操作的付款，并在反馈中一一列出。

拿到新手机并补办号码后，登录并验证身份即可解冻钱包。""",
    },
    {
        "slug": "cannot-log-in",
        "category": "account-security",
        "title_en": "I cannot log in",
        "title_zh_hans": "无法登录",
        "summary_en": "Forgotten password, no verification code or an error message: what to try.",
        "summary_zh_hans": "忘记密码、收不到验证码或出现错误提示时可以尝试的方法。",
        "keywords": "cannot log in login problem forgot password reset password no sms code 无法登录 登不上 忘记密码 重置密码 收不到验证码",
        "related": ["account-locked", "lost-phone"],
        "body_en": """Try these first:

- **Forgot your password?** Use *Forgot password* on the login page; a reset link is sent to your registered email.
- **No verification code?** Check the phone number is still yours and has signal, wait one minute and request a new code. Codes expire after a few minutes.
- **"Account locked"?** See *My account is locked*.

If none of this works and you can still reach the help centre, choose **Get help → I cannot log in**; if you cannot log in at all, contact us by phone or email and we file the ticket for you. Tell us the error message shown and when you last logged in successfully. We will never ask for your password.""",
        "body_zh_hans": """请先尝试：

- **忘记密码？**在登录页面点击*忘记密码*，重置链接会发送到您的注册邮箱；
- **收不到验证码？**确认手机号仍在使用且信号正常，等一分钟后重新获取。验证码几分钟后会失效；
- **提示“账户已锁定”？**请参阅《账户被锁定或冻结怎么办》。

如果以上方法都不行，且仍能进入帮助中心，请选择「获取帮助 → 我无法登录」；如果完全无法登录，请通过电话或邮件联系我们，由我们为您提交工单。请告诉我们显示的错误提示以及最后一次成功登录的时间。我们绝不会索要您的密码。""",
    },
    # --- Complaints -------------------------------------------------------------
    {
        "slug": "how-complaints-are-handled",
        "category": "complaints",
        "title_en": "How we handle your complaint",
        "title_zh_hans": "我们如何处理您的投诉",
        "summary_en": "From the acknowledgement to the final answer: every step, and what you can expect.",
        "summary_zh_hans": "从受理告知到最终答复：每一步流程，以及您可以期待什么。",
        "keywords": "complaint process how handled steps investigation file a complaint 投诉流程 投诉处理 怎么投诉 处理流程 受理",
        "related": [
            "how-long-complaints-take",
            "track-your-ticket",
            "reopen-or-escalate",
        ],
        "body_en": """Making a complaint is free. Every ticket goes through the same steps:

1. **Received:** you get a reference such as `WD-2026-000123` straight away.
2. **Acknowledged:** we confirm by email and in your notices, with the date we will answer by.
3. **Investigating:** an agent checks the transaction records, contacts other parties if needed and may ask you for more information. If we wait for you or someone else, the ticket still shows *investigating*.
4. **Resolved:** we send our decision (upheld, partly upheld or not upheld), the reasons and any refund or compensation, and what you can do if you disagree.

You can reply, add evidence and follow every step on the ticket page. After it is resolved we ask you to rate how we did.""",
        "body_zh_hans": """投诉是免费的。每张工单都会经过相同的步骤：

1. **已受理：**提交后立即获得工单编号，例如 `WD-2026-000123`；
2. **已确认：**我们通过邮件和站内通知确认受理，并告知答复期限；
3. **调查中：**客服会核查交易记录，必要时联系相关方，也可能请您补充信息。在等待您或其他方回复期间，工单仍显示*调查中*；
4. **已解决：**我们会告知处理决定（支持、部分支持或不支持）、理由以及退款或补偿，并说明如有异议可以怎么做。

您可以在工单页面回复、补充证据并查看每一步进展。工单解决后，我们会请您为服务评分。""",
    },
    {
        "slug": "how-long-complaints-take",
        "category": "complaints",
        "title_en": "How long does a complaint take?",
        "title_zh_hans": "投诉处理需要多长时间",
        "summary_en": "Most complaints are answered within 15 days; complex ones can be extended, always with notice.",
        "summary_zh_hans": "多数投诉在 15 天内答复；复杂情况可以延期，但一定会提前告知。",
        "keywords": "how long complaint time deadline days 15 days extension delay when will 多久 处理时间 几天 15天 延期 期限 投诉多久",
        "related": [
            "how-complaints-are-handled",
            "track-your-ticket",
            "refund-timeline",
        ],
        "body_en": """- We acknowledge your ticket **immediately** and tell you the date we will answer by.
- Most complaints are resolved within **15 days** of the day we first heard from you, by any channel.
- If a case is complex (for example we need records from another bank or provider), we may extend it to **30 days**, and in exceptional cases by a **further 30 days** with a senior manager's approval. Before any extension we tell you the reason and the new date.

Time you take to send information we asked for does not stop us working on the parts we can. The ticket page always shows the current *resolve by* date.""",
        "body_zh_hans": """- 我们会**立即**确认受理您的工单，并告知答复期限；
- 大多数投诉会在我们首次收到您反馈（任何渠道）之日起 **15 天**内解决；
- 如果情况复杂（例如需要其他银行或机构提供记录），可能延长至 **30 天**；特殊情况下，经高级管理人员批准，可**再延长 30 天**。每次延期前，我们都会告知原因和新的期限。

在等待您补充材料期间，我们也会继续处理能推进的部分。工单页面始终显示当前的*预计解决日期*。""",
    },
    {
        "slug": "evidence-to-keep",
        "category": "complaints",
        "title_en": "What evidence to keep",
        "title_zh_hans": "应保留哪些凭证",
        "summary_en": "Screenshots, receipts and messages that help us resolve your case faster.",
        "summary_zh_hans": "有助于我们更快处理的截图、收据和聊天记录。",
        "keywords": "evidence proof screenshot receipt documents upload attachment keep records 凭证 证据 截图 收据 上传 附件 聊天记录",
        "related": [
            "how-complaints-are-handled",
            "wrong-recipient",
            "unauthorized-transaction",
        ],
        "body_en": """You do not need to send us anything we already hold, such as your transaction records. These help, though:

- **Screenshots** of error messages, with the date and time visible.
- **Receipts, invoices or order confirmations** from merchants.
- **Chat messages or emails** with the recipient, merchant or sender.
- **Your bank statement line** for top-ups and withdrawals.
- A **police report**, only if you have already made one: it is never required.

You can attach up to 5 files of up to 10 MB each (PNG, JPEG, GIF, WebP, PDF or text) when you file, and add more later by replying on your ticket. Keep the originals until your ticket is resolved. Cover passwords, full card numbers and codes before you take a screenshot.""",
        "body_zh_hans": """我们已经掌握的资料（例如您的交易记录）无需再提供。以下材料会有帮助：

- 显示日期时间的**错误提示截图**；
- 商户的**收据、发票或订单确认**；
- 与收款人、商户或付款人的**聊天记录或邮件**；
- 充值或提现对应的**银行流水**；
- **报警回执**——仅限您已报警的情况，我们从不要求报警。

提交工单时最多可上传 5 个文件，每个不超过 10 MB（PNG、JPEG、GIF、WebP、PDF 或文本），之后也可以在工单中回复补充。工单解决前请保留原件。截图前请遮挡密码、完整卡号和验证码。""",
    },
    {
        "slug": "track-your-ticket",
        "category": "complaints",
        "title_en": "Follow your ticket",
        "title_zh_hans": "查询工单进度",
        "summary_en": "See the status, reply and add evidence, logged in or with your reference and email.",
        "summary_zh_hans": "登录后或凭工单编号和邮箱，查看状态、回复和补充材料。",
        "keywords": "track ticket status progress reference number follow up check my complaint 查询进度 工单状态 工单编号 跟进 查进度",
        "related": ["how-complaints-are-handled", "how-long-complaints-take"],
        "body_en": """- **Logged in:** open **My tickets** to see every ticket, its status, the *resolve by* date and the full conversation. You can reply and add evidence there.
- **Not logged in:** use **Track a ticket**, enter your reference (such as `WD-2026-000123`) and your email, and we send you a secure link that works for a limited time.

Every update also appears in your **Notices** and by email. The status is one of *received*, *acknowledged*, *investigating* or *resolved*.""",
        "body_zh_hans": """- **已登录：**打开「我的工单」，可以查看所有工单的状态、*预计解决日期*和完整对话，并可回复和补充材料；
- **未登录：**使用「查询工单进度」，输入工单编号（例如 `WD-2026-000123`）和邮箱，我们会发送一个限时有效的安全链接。

每次更新也会出现在您的「通知」中并发送邮件。工单状态包括*已受理*、*已确认*、*调查中*和*已解决*。""",
    },
    {
        "slug": "reopen-or-escalate",
        "category": "complaints",
        "title_en": "Not happy with the answer? Reopen or escalate",
        "title_zh_hans": "对处理结果不满意怎么办",
        "summary_en": "Reopen within 30 days with new information, or take your complaint further.",
        "summary_zh_hans": "30 天内可凭新信息重新打开工单，或进一步申诉。",
        "keywords": "reopen appeal escalate disagree not satisfied unhappy ombudsman regulator 不满意 重新打开 申诉 升级 异议 监管",
        "related": ["how-complaints-are-handled", "how-long-complaints-take"],
        "body_en": """If you disagree with our decision:

- **Reopen the ticket** from its page within **30 days** of the resolution, and tell us what we missed or what is new. It goes back to *investigating* with the same reference.
- After 30 days, file a new ticket and mention the old reference.

If you are still unhappy after our final answer, the resolution notice tells you where you can take your complaint outside Walletdesk, such as the ombudsman or the financial regulator where you live. Using that option is free and does not affect your rights.""",
        "body_zh_hans": """如果您不同意我们的处理决定：

- 在工单解决后 **30 天**内，可以在工单页面**重新打开**，并告诉我们遗漏了什么或有什么新情况。工单会回到*调查中*，编号不变；
- 超过 30 天的，请提交新工单并注明原工单编号。

如果对最终答复仍不满意，解决通知中会告诉您可以向哪些外部机构投诉，例如您所在地的金融纠纷调解机构或金融监管部门。这些途径是免费的，也不影响您的权利。""",
    },
    # --- Internal only ------------------------------------------------------------
    {
        "slug": "agents-answering-risk-control-cancellations",
        "category": "cancelled-transactions",
        "status": "internal",
        "title_en": "Agents: answering risk-control and compliance cancellations",
        "title_zh_hans": "客服：如何答复风控和合规取消的咨询",
        "summary_en": "Internal: use approved templates only, and never reveal the rule or the check.",
        "summary_zh_hans": "内部：只能使用经审核的模板，不得透露规则或检查内容。",
        "keywords": "agent internal approved template tipping off 内部 审核模板 客服指引",
        "related": ["cancelled-by-risk-control", "cancelled-by-compliance"],
        "body_en": """For inquiries about transactions cancelled by **risk control** or **compliance**:

- Reply only with an **approved template**, unedited; the workspace enforces this.
- Never say which rule, list or check stopped the payment, and never suggest how to get around it (tipping-off risk).
- Always state where the funds are (held, returned, return due by) from the cancellation record.
- Escalate to a supervisor if the customer reports pressure from a third party: treat it as a possible scam.""",
        "body_zh_hans": """答复**风控**或**合规**取消交易的咨询时：

- 只能使用**经审核的模板**，且不得修改；工作台会强制执行；
- 不得透露是哪条规则、名单或检查拦截了付款，也不得暗示如何规避（防止泄密风险）；
- 必须根据取消记录说明资金状态（冻结中、已退回、预计退回日期）；
- 如客户表示受到第三方催促，请升级给主管，按可能的诈骗处理。""",
    },
]
