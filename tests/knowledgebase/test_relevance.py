"""The relevance set: queries customers type, and the answer that must rank top 3.

Runs against the shipped starter set on whichever database the suite uses, so CI
checks PostgreSQL full-text search and a local run checks the SQLite fallback.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from knowledgebase.selectors import article_search

pytestmark = pytest.mark.django_db

RELEVANCE_SET: list[tuple[str, str]] = [
    # Chinese: no spaces between words, so segmentation must find them.
    ("转账失败", "transfer-failed"),
    ("我的转账失败了怎么办", "transfer-failed"),
    ("转账一直处理中", "transfer-pending"),
    ("对方付款了我没收到钱", "payment-not-received"),
    ("余额不对", "balance-shown-wrong"),
    ("提现没到账", "withdrawal-not-arrived"),
    ("充值没到账", "top-up-not-credited"),
    ("手续费", "fees-explained"),
    ("钱转错人了", "wrong-recipient"),
    ("转错账", "wrong-recipient"),
    ("付错金额", "wrong-amount"),
    ("重复扣款", "duplicate-payment"),
    ("对方不肯退钱", "recipient-refuses"),
    ("系统故障交易取消", "cancelled-by-system"),
    ("被风控取消", "cancelled-by-risk-control"),
    ("合规原因取消", "cancelled-by-compliance"),
    ("24小时未收款自动退回", "unaccepted-transfer-returned"),
    ("交易取消后钱在哪", "where-are-my-funds"),
    ("账户被冻结", "account-locked"),
    ("盗刷", "unauthorized-transaction"),
    ("客服要验证码", "never-ask-password"),
    ("诈骗", "scam-warning-signs"),
    ("手机丢了", "lost-phone"),
    ("忘记密码无法登录", "cannot-log-in"),
    ("投诉要多久", "how-long-complaints-take"),
    ("应该保留哪些凭证", "evidence-to-keep"),
    ("查询工单进度", "track-your-ticket"),
    ("对处理结果不满意", "reopen-or-escalate"),
    # English: stemming ("refunds", "charged") and whole questions.
    ("failed transfer", "transfer-failed"),
    ("my balance is wrong", "balance-shown-wrong"),
    ("sent money to the wrong person", "wrong-recipient"),
    ("paid the wrong amount", "wrong-amount"),
    ("charged twice", "duplicate-payment"),
    ("cancelled by risk control", "cancelled-by-risk-control"),
    ("transfer not accepted returned after 24 hours", "unaccepted-transfer-returned"),
    ("merchant refunds", "merchant-refund"),
    ("how long does a refund take", "refund-timeline"),
    ("account locked", "account-locked"),
    ("payment I did not make", "unauthorized-transaction"),
    ("lost my phone", "lost-phone"),
    ("how long does a complaint take", "how-long-complaints-take"),
    ("what evidence should I keep", "evidence-to-keep"),
    ("scam", "scam-warning-signs"),
    # Typos: corrected against the indexed words when nothing matches.
    ("refnud", "refund-timeline"),
    ("pasword", "never-ask-password"),
    ("evidense", "evidence-to-keep"),
    ("acount locked", "account-locked"),
]
# Both refund answers are right for the bare word; either must lead.
REFUND_ARTICLES = {"merchant-refund", "refund-timeline", "refund-request-how"}


@pytest.mark.parametrize(("query", "expected"), RELEVANCE_SET)
def test_search_ranks_the_expected_article_in_top_three(
    starter_set: int, query: str, expected: str
) -> None:
    result = article_search(query=query, user=AnonymousUser())
    top = [article.slug for article in result.articles[:3]]
    assert expected in top, f"{query!r} gave {top}"


@pytest.mark.parametrize("query", ["退款", "refund", "refunds"])
def test_search_for_refund_finds_the_refund_articles_first(
    starter_set: int, query: str
) -> None:
    result = article_search(query=query, user=AnonymousUser())
    assert {article.slug for article in result.articles[:2]} <= REFUND_ARTICLES


def test_search_for_nonsense_finds_nothing(starter_set: int) -> None:
    assert article_search(query="xqzv plorb", user=AnonymousUser()).articles == []


def test_starter_set_has_thirty_published_articles_in_both_languages(
    starter_set: int,
) -> None:
    from knowledgebase.models import Article

    published = Article.objects.published()
    assert published.count() >= 30
    assert not published.filter(title_en="").exists()
    assert not published.filter(title_zh_hans="").exists()
    assert not published.filter(body_html_en="").exists()
    assert not published.filter(body_html_zh_hans="").exists()
