import pytest
from django.core.exceptions import ValidationError

from knowledgebase.models import Article, ArticleVote, Deflection, SearchMiss
from knowledgebase.services import (
    article_save,
    article_view_record,
    article_vote,
    articles_reindex,
    deflection_record,
    search_miss_record,
    starter_set_load,
)
from tests.concurrency import run_at_once
from tests.factories import AgentFactory, CustomerFactory, SupervisorFactory
from tests.knowledgebase.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_article_save_renders_sanitised_html_and_indexes_both_languages() -> None:
    editor = SupervisorFactory()
    article = article_save(
        article=Article(
            slug="refund-help",
            category=CategoryFactory(),
            status=Article.Status.PUBLISHED,
            title_en="Refunds explained",
            title_zh_hans="退款说明",
            body_en="**Refunds** take days.<script>alert(1)</script>",
            body_zh_hans="退款需要几天。",
            keywords="money back\uff0c退钱",
        ),
        actor=editor,
    )
    article.refresh_from_db()
    assert article.body_html_en == "<p><strong>Refunds</strong> take days.</p>\n"
    assert " refund " in article.search_title
    assert " 退款 " in article.search_title
    assert " 退钱 " in article.search_title
    assert " day " in article.search_body
    assert article.updated_by == editor


def test_article_save_refuses_an_article_without_any_title() -> None:
    with pytest.raises(ValidationError):
        article_save(
            article=Article(slug="untitled", category=CategoryFactory()), actor=None
        )
    assert not Article.objects.filter(slug="untitled").exists()


def test_article_save_refuses_a_title_without_its_body() -> None:
    with pytest.raises(ValidationError) as error:
        article_save(
            article=Article(
                slug="half",
                category=CategoryFactory(),
                title_en="Half done",
                body_en="",
                title_zh_hans="完整",
                body_zh_hans="内容",
            ),
            actor=None,
        )
    assert "body_en" in error.value.message_dict


def test_article_save_refuses_a_slug_that_shadows_a_faq_page() -> None:
    with pytest.raises(ValidationError) as error:
        ArticleFactory(slug="search")
    assert "slug" in error.value.message_dict


def test_article_shows_the_other_language_when_a_translation_is_missing() -> None:
    article = ArticleFactory(title_en="", summary_en="", body_en="")
    shown = article.shown("en")
    assert shown.title == article.title_zh_hans
    assert shown.is_fallback
    assert shown.language == "zh-hans"
    assert not article.shown("zh-hans").is_fallback


def test_article_view_record_counts_customer_reads_only() -> None:
    article = ArticleFactory()
    assert article_view_record(article=article, reader=CustomerFactory())
    assert article_view_record(article=article, reader=CustomerFactory())
    assert not article_view_record(article=article, reader=AgentFactory())
    article.refresh_from_db()
    assert article.view_count == 2


def test_article_vote_counts_one_vote_per_user_and_lets_them_change_it() -> None:
    article = ArticleFactory()
    customer = CustomerFactory()
    article_vote(article=article, user=customer, session_key="", is_helpful=True)
    article_vote(article=article, user=customer, session_key="", is_helpful=True)
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (1, 0)
    article_vote(article=article, user=customer, session_key="", is_helpful=False)
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (0, 1)
    assert ArticleVote.objects.filter(article=article).count() == 1


def test_article_vote_counts_anonymous_readers_per_session() -> None:
    article = ArticleFactory()
    article_vote(article=article, user=None, session_key="s1", is_helpful=True)
    article_vote(article=article, user=None, session_key="s1", is_helpful=True)
    article_vote(article=article, user=None, session_key="s2", is_helpful=True)
    article.refresh_from_db()
    assert article.helpful_count == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_article_vote_racing_first_votes_of_one_user_count_once() -> None:
    article = ArticleFactory()
    customer = CustomerFactory()
    results = run_at_once(
        [
            lambda: article_vote(
                article=article, user=customer, session_key="", is_helpful=True
            )
        ]
        * 4
    )
    errors = [result for result in results if isinstance(result, BaseException)]
    assert errors == []
    article.refresh_from_db()
    assert article.helpful_count == 1
    assert ArticleVote.objects.filter(article=article).count() == 1


def test_deflection_record_counts_on_the_article() -> None:
    article = ArticleFactory()
    customer = CustomerFactory()
    deflection = deflection_record(
        article=article,
        user=customer,
        session_key="ignored",
        query="  my transfer failed  ",
        situation="transfer-failed",
        language="en",
    )
    article.refresh_from_db()
    assert article.deflection_count == 1
    assert (deflection.user, deflection.session_key, deflection.query) == (
        customer,
        "",
        "my transfer failed",
    )


def test_search_miss_record_counts_repeats_of_the_same_words() -> None:
    search_miss_record(query="Crypto  Staking", language="en")
    search_miss_record(query="crypto staking", language="en")
    search_miss_record(query="crypto staking", language="zh-hans")
    search_miss_record(query="   ", language="en")
    misses = {
        (miss.query, miss.language): miss.count for miss in SearchMiss.objects.all()
    }
    assert misses == {("crypto staking", "en"): 2, ("crypto staking", "zh-hans"): 1}


def test_starter_set_load_adds_missing_articles_and_keeps_edits() -> None:
    added = starter_set_load()
    assert added >= 30
    edited = Article.objects.get(slug="transfer-failed")
    edited.title_en = "Edited by a supervisor"
    article_save(article=edited, actor=None)
    Article.objects.filter(slug="lost-phone").delete()
    assert starter_set_load() == 1
    assert Article.objects.get(slug="transfer-failed").title_en == (
        "Edited by a supervisor"
    )
    assert Article.objects.get(slug="wrong-recipient").related.exists()


def test_articles_reindex_rebuilds_stale_search_columns() -> None:
    article = ArticleFactory(title_en="Wallet limits")
    Article.objects.filter(pk=article.pk).update(search_title="", body_html_en="")
    assert articles_reindex() == 1
    article.refresh_from_db()
    assert " limit " in article.search_title
    assert article.body_html_en


def test_deflection_leaves_no_ticket() -> None:
    from complaints.models import Ticket

    deflection_record(
        article=ArticleFactory(),
        user=CustomerFactory(),
        session_key="",
        query="refund",
        situation="other",
        language="en",
    )
    assert Ticket.objects.count() == 0
    assert Deflection.objects.count() == 1
