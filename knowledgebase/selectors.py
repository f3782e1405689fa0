"""Reads of the FAQ: what a reader may see, searched, suggested and ranked."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from knowledgebase import search
from knowledgebase.models import Article, ArticleQuerySet, ArticleVote, Category
from knowledgebase.tokens import query_tokens

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

SEARCH_LIMIT = 20
SUGGEST_LIMIT = 5
TOP_LIMIT = 6
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchResult:
    """Ranked articles for a query, and the words it was searched with."""

    query: str
    articles: list[Article] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    corrected: bool = False


def _can_edit(user: "User | AnonymousUser") -> bool:
    return bool(user.is_authenticated and user.has_perm("knowledgebase.change_article"))


def article_list_readable(*, user: "User | AnonymousUser") -> ArticleQuerySet:
    """Return the articles user may read: published, plus internal ones for staff."""
    return Article.objects.readable_by(user)


def category_list_for_index(*, user: "User | AnonymousUser") -> QuerySet[Category]:
    """Return categories that hold readable articles, each with ``listed`` articles."""
    readable = article_list_readable(user=user)
    return (
        Category.objects.ordered()
        .filter(pk__in=readable.values("category_id"))
        .prefetch_related(
            Prefetch("articles", queryset=readable.ordered(), to_attr="listed")
        )
    )


def category_get_for_reader(*, slug: str, user: "User | AnonymousUser") -> Category:
    """Return one category with its readable articles in ``listed``; 404 if unknown."""
    readable = article_list_readable(user=user)
    return get_object_or_404(
        Category.objects.prefetch_related(
            Prefetch("articles", queryset=readable.ordered(), to_attr="listed")
        ),
        slug=slug,
    )


def article_get_for_reader(*, slug: str, user: "User | AnonymousUser") -> Article:
    """Return one readable article with its category and readable related articles.

    Editors (``knowledgebase.change_article``) may also open drafts, to preview
    them. Raises Http404 for anything else.
    """
    readable = (
        Article.objects.all() if _can_edit(user) else article_list_readable(user=user)
    )
    return get_object_or_404(
        readable.select_related("category").prefetch_related(
            Prefetch(
                "related",
                queryset=article_list_readable(user=user).ordered(),
                to_attr="related_readable",
            )
        ),
        slug=slug,
    )


def article_get_published(*, slug: str) -> Article:
    """Return one published article by slug; Http404 otherwise."""
    return get_object_or_404(Article.objects.published(), slug=slug)


def article_vote_for(
    *, article: Article, user: "User | AnonymousUser", session_key: str | None
) -> ArticleVote | None:
    """Return the reader's vote on article, if they gave one."""
    if user.is_authenticated:
        return ArticleVote.objects.filter(article=article, user=user).first()
    if not session_key:
        return None
    return ArticleVote.objects.filter(
        article=article, user__isnull=True, session_key=session_key
    ).first()


def article_search(
    *, query: str, user: "User | AnonymousUser", limit: int = SEARCH_LIMIT
) -> SearchResult:
    """Search the articles user may read; best first, at most limit.

    One query when something matches. When nothing does, English typos are
    corrected against the indexed words (one more query) and the search runs
    again (one more). See knowledgebase.search for the two backends.
    """
    query = query.strip()[:MAX_QUERY_LENGTH]
    terms = query_tokens(query)
    readable = article_list_readable(user=user)
    found = list(
        search.ranked(readable, terms=terms).select_related("category")[:limit]
    )
    if found or not terms:
        return SearchResult(query=query, articles=found, terms=terms)
    fixed = search.corrected_terms(readable, terms=terms)
    if fixed == terms:
        return SearchResult(query=query, terms=terms)
    found = list(
        search.ranked(readable, terms=fixed, raw_query=query).select_related(
            "category"
        )[:limit]
    )
    return SearchResult(query=query, articles=found, terms=fixed, corrected=True)


def article_suggest(*, text: str, limit: int = SUGGEST_LIMIT) -> list[Article]:
    """Return published articles matching what a customer is typing; one query.

    No typo correction here: it runs on every pause in typing, and a few more
    words usually find the article anyway.
    """
    text = text.strip()[: MAX_QUERY_LENGTH * 5]
    terms = query_tokens(text)
    return list(search.ranked(Article.objects.published(), terms=terms)[:limit])


def article_list_top(*, limit: int = TOP_LIMIT) -> QuerySet[Article]:
    """Return the most read published articles."""
    return Article.objects.published().order_by("-view_count", "position", "pk")[:limit]
