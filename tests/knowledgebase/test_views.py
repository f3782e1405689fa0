import json

import pytest
from django.test import Client
from django.urls import reverse

from complaints.models import Ticket
from knowledgebase.models import Article, ArticleVote, Deflection, SearchMiss
from tests.factories import AgentFactory, CustomerFactory, SupervisorFactory
from tests.knowledgebase.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_categories() -> list[Article]:
    first, second = CategoryFactory(position=1), CategoryFactory(position=2)
    return [
        ArticleFactory(category=first, title_en="Transfer failed"),
        ArticleFactory(category=first, title_en="Transfer pending"),
        ArticleFactory(category=second, title_en="Refund timeline"),
        ArticleFactory(category=second, title_en="Merchant refund"),
    ]


def test_faq_index_lists_categories_articles_and_most_read(
    client: Client, two_categories: list[Article], django_assert_num_queries
) -> None:
    # categories with readable articles, their articles (prefetch), most read,
    # open incidents (the banner)
    with django_assert_num_queries(4):
        response = client.get(reverse("knowledgebase:faq_index"))
    assert response.status_code == 200
    page = response.content.decode()
    for article in two_categories:
        assert article.title_en in page


def test_faq_index_hides_drafts_and_internal_articles_from_customers(
    client: Client,
) -> None:
    ArticleFactory(title_en="Visible answer")
    ArticleFactory(title_en="Secret draft", status=Article.Status.DRAFT)
    ArticleFactory(title_en="Agents only", status=Article.Status.INTERNAL)
    client.force_login(CustomerFactory())
    page = client.get(reverse("knowledgebase:faq_index")).content.decode()
    assert "Visible answer" in page
    assert "Secret draft" not in page
    assert "Agents only" not in page


def test_faq_index_shows_internal_articles_to_agents(client: Client) -> None:
    ArticleFactory(title_en="Agents only", status=Article.Status.INTERNAL)
    client.force_login(AgentFactory())
    assert (
        "Agents only" in client.get(reverse("knowledgebase:faq_index")).content.decode()
    )


def test_category_page_lists_its_articles(
    client: Client, two_categories: list[Article], django_assert_num_queries
) -> None:
    category = two_categories[0].category
    # the category, its readable articles (prefetch)
    with django_assert_num_queries(2):
        response = client.get(category.get_absolute_url())
    page = response.content.decode()
    assert "Transfer failed" in page
    assert "Transfer pending" in page
    assert "Refund timeline" not in page


def test_article_page_shows_sanitised_body_related_and_updated_date(
    client: Client, django_assert_num_queries
) -> None:
    related = [ArticleFactory(title_en="Related one"), ArticleFactory(title_en="Two")]
    article = ArticleFactory(
        body_en="## Steps\n\n1. Check\n2. Report<script>x()</script>", related=related
    )
    # article with category, related articles (prefetch), view count UPDATE,
    # open incidents (the banner)
    with django_assert_num_queries(4):
        response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "<h2>Steps</h2>" in page
    assert "<script>x()" not in page
    assert "Related one" in page
    assert "Updated" in page
    article.refresh_from_db()
    assert article.view_count == 1


def test_article_page_in_chinese_falls_back_visibly_to_english(client: Client) -> None:
    article = ArticleFactory(
        title_zh_hans="", summary_zh_hans="", body_zh_hans="", title_en="Only English"
    )
    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-CN")
    page = response.content.decode()
    assert "Only English" in page
    assert 'data-test="faq-fallback"' in page
    assert 'lang="en"' in page


def test_article_page_hides_drafts_from_customers_and_previews_for_editors(
    client: Client,
) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(CustomerFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(SupervisorFactory())
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert 'data-test="faq-draft"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.view_count == 0


def test_internal_article_is_not_found_for_anonymous_readers(client: Client) -> None:
    internal = ArticleFactory(status=Article.Status.INTERNAL)
    assert client.get(internal.get_absolute_url()).status_code == 404


def test_vote_is_counted_once_per_anonymous_session(client: Client) -> None:
    article = ArticleFactory()
    url = reverse("knowledgebase:article_vote", args=[article.slug])
    client.post(url, {"helpful": "yes"})
    response = client.post(url, {"helpful": "yes"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.helpful_count == 1
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'data-test="faq-voted"' in page
    Client(REMOTE_ADDR="203.0.113.7").post(url, {"helpful": "no"})
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (1, 1)


def test_fresh_sessions_from_one_address_count_once_per_article(
    client: Client,
) -> None:
    article = ArticleFactory()
    url = reverse("knowledgebase:article_vote", args=[article.slug])
    for _ in range(5):
        Client(REMOTE_ADDR="198.51.100.4").post(url, {"helpful": "yes"})
    article.refresh_from_db()
    assert article.helpful_count == 1
    assert ArticleVote.objects.filter(article=article).count() == 1


def test_the_first_session_may_still_change_its_answer(client: Client) -> None:
    article = ArticleFactory()
    url = reverse("knowledgebase:article_vote", args=[article.slug])
    client.post(url, {"helpful": "yes"})
    Client().post(url, {"helpful": "yes"})
    client.post(url, {"helpful": "no"})
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (0, 1)


def test_anonymous_votes_per_address_are_limited_across_articles(
    client: Client, settings
) -> None:
    settings.WALLETDESK_FAQ_VOTE_RATE_PER_IP = "3/h"
    articles = [ArticleFactory() for _ in range(5)]
    for article in articles:
        Client(REMOTE_ADDR="198.51.100.9").post(
            reverse("knowledgebase:article_vote", args=[article.slug]),
            {"helpful": "yes"},
        )
    assert ArticleVote.objects.count() == 3


def test_vote_by_a_customer_is_tied_to_the_user(client: Client) -> None:
    article = ArticleFactory()
    customer = CustomerFactory()
    client.force_login(customer)
    client.post(
        reverse("knowledgebase:article_vote", args=[article.slug]), {"helpful": "no"}
    )
    assert ArticleVote.objects.get(article=article).user == customer


def test_vote_is_refused_on_get(client: Client) -> None:
    article = ArticleFactory()
    url = reverse("knowledgebase:article_vote", args=[article.slug])
    assert client.get(url, {"helpful": "yes"}).status_code == 405
    assert not ArticleVote.objects.exists()


def test_search_page_ranks_results(
    client: Client, two_categories: list[Article], django_assert_num_queries
) -> None:
    # ranked search with categories, open incidents (the banner)
    with django_assert_num_queries(2):
        response = client.get(reverse("knowledgebase:search"), {"q": "refunds"})
    page = response.content.decode()
    assert "Refund timeline" in page
    assert "Merchant refund" in page
    assert "Transfer failed" not in page
    assert not SearchMiss.objects.exists()


def test_search_page_finds_chinese_without_spaces(client: Client) -> None:
    ArticleFactory(title_zh_hans="转账失败怎么办", title_en="Transfer failed")
    ArticleFactory(title_zh_hans="退款多久到账", title_en="Refund timeline")
    response = client.get(
        reverse("knowledgebase:search"),
        {"q": "我的转账失败了"},
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    page = response.content.decode()
    assert "转账失败怎么办" in page
    assert "退款多久到账" not in page


def test_search_page_records_a_search_that_found_nothing(
    client: Client, two_categories: list[Article], django_assert_num_queries
) -> None:
    # ranked search, vocabulary for typo fixes, the miss upsert (no re-search: no
    # fix), open incidents (the banner)
    with django_assert_num_queries(4):
        response = client.get(reverse("knowledgebase:search"), {"q": "Zorblax"})
    assert 'data-test="faq-no-results"' in response.content.decode()
    client.get(reverse("knowledgebase:search"), {"q": "zorblax"})
    miss = SearchMiss.objects.get()
    assert (miss.query, miss.language, miss.count) == ("zorblax", "en", 2)


def test_search_page_corrects_a_typo_and_says_so(
    client: Client, two_categories: list[Article]
) -> None:
    response = client.get(reverse("knowledgebase:search"), {"q": "refnud"})
    page = response.content.decode()
    assert "Refund timeline" in page
    assert 'data-test="faq-corrected"' in page
    assert not SearchMiss.objects.exists()


def test_empty_search_shows_the_form_and_records_nothing(client: Client) -> None:
    response = client.get(reverse("knowledgebase:search"), {"q": "  "})
    assert response.status_code == 200
    assert not SearchMiss.objects.exists()


def test_suggest_api_returns_matching_articles_as_json(
    client: Client, two_categories: list[Article], django_assert_num_queries
) -> None:
    # ranked search
    with django_assert_num_queries(1):
        response = client.get(
            reverse("knowledgebase:suggest"),
            {"q": "My transfer failed yesterday and the money is gone"},
        )
    results = json.loads(response.content)["results"]
    assert results[0]["title"] == "Transfer failed"
    assert results[0]["url"] == two_categories[0].get_absolute_url()
    assert results[0]["absolute_url"].endswith(two_categories[0].get_absolute_url())
    assert len(results) == 2


def test_suggest_api_answers_in_the_requested_language(
    client: Client, two_categories: list[Article]
) -> None:
    response = client.get(
        reverse("knowledgebase:suggest"), {"q": "refund", "lang": "zh-hans"}
    )
    results = json.loads(response.content)["results"]
    assert {result["title"] for result in results} == {
        two_categories[2].title_zh_hans,
        two_categories[3].title_zh_hans,
    }


def test_suggest_api_never_offers_internal_articles(client: Client) -> None:
    ArticleFactory(title_en="Refund rules for agents", status=Article.Status.INTERNAL)
    client.force_login(AgentFactory())
    response = client.get(reverse("knowledgebase:suggest"), {"q": "refund"})
    assert json.loads(response.content)["results"] == []


def test_deflection_records_the_click_and_files_no_ticket(client: Client) -> None:
    article = ArticleFactory(title_en="Transfer failed")
    customer = CustomerFactory()
    client.force_login(customer)
    response = client.post(
        reverse("knowledgebase:deflect"),
        {
            "article": article.slug,
            "query": "transfer failed",
            "situation": "transfer-failed",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert "No ticket was filed" in response.content.decode()
    deflection = Deflection.objects.get()
    assert (deflection.article, deflection.user, deflection.situation) == (
        article,
        customer,
        "transfer-failed",
    )
    assert Ticket.objects.count() == 0


def test_deflection_for_an_unpublished_article_is_not_found(client: Client) -> None:
    draft = ArticleFactory(status=Article.Status.DRAFT)
    response = client.post(reverse("knowledgebase:deflect"), {"article": draft.slug})
    assert response.status_code == 404
    assert not Deflection.objects.exists()


def test_home_page_links_the_faq_search_and_most_read_answers(client: Client) -> None:
    ArticleFactory(title_en="Most read answer")
    page = client.get(reverse("complaints:home")).content.decode()
    assert reverse("knowledgebase:search") in page
    assert "Most read answer" in page


def test_ticket_form_carries_the_suggestion_box(client: Client) -> None:
    client.force_login(CustomerFactory())
    page = client.get(
        reverse("complaints:ticket_create", args=["transfer-failed"])
    ).content.decode()
    assert f'data-faq-suggest="{reverse("knowledgebase:suggest")}"' in page
    assert f'data-faq-deflect="{reverse("knowledgebase:deflect")}"' in page


def test_supervisor_adds_an_article_in_the_admin_and_it_is_searchable(
    client: Client,
) -> None:
    category = CategoryFactory()
    client.force_login(SupervisorFactory())
    response = client.post(
        reverse("admin:knowledgebase_article_add"),
        {
            "slug": "staking",
            "category": category.pk,
            "status": "published",
            "position": 10,
            "keywords": "",
            "title_zh_hans": "质押收益",
            "summary_zh_hans": "",
            "body_zh_hans": "关于**质押**的说明。",
            "title_en": "Staking rewards",
            "summary_en": "",
            "body_en": "About **staking**.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="staking")
    assert article.body_html_en == "<p>About <strong>staking</strong>.</p>\n"
    search = client.get(reverse("knowledgebase:search"), {"q": "质押"})
    assert "Staking rewards" in search.content.decode()


def test_agent_cannot_edit_articles_in_the_admin(client: Client) -> None:
    article = ArticleFactory()
    client.force_login(AgentFactory())
    response = client.post(
        reverse("admin:knowledgebase_article_change", args=[article.pk]),
        {"title_en": "Vandalised"},
    )
    assert response.status_code == 403


def test_supervisor_sees_missed_searches_and_deflections(client: Client) -> None:
    client.get(reverse("knowledgebase:search"), {"q": "crypto staking"})
    client.force_login(SupervisorFactory())
    misses = client.get(reverse("admin:knowledgebase_searchmiss_changelist"))
    assert "crypto staking" in misses.content.decode()
    assert (
        client.get(reverse("admin:knowledgebase_deflection_changelist")).status_code
        == 200
    )
