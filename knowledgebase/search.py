"""Ranked article search over the stored tokens, on PostgreSQL and on SQLite.

PostgreSQL (production): full-text search. Migration 0002 adds a stored,
generated ``search_document`` tsvector built from the three token columns
(A title and keywords, B summary, C body) under the 'simple' configuration,
because the tokens are already segmented and stemmed (knowledgebase.tokens),
with a GIN index on it. The query is the OR of its tokens, matched with ``@@``
through the index and ranked by ``ts_rank`` on the stored vector. After a typo
correction the rank adds ``word_similarity`` (pg_trgm) of the raw, misspelled
query against the English title, which lifts the article whose title the
customer nearly typed. The column is not in
the model state, so SQLite never sees it; queries name it with RawSQL.

SQLite (development fallback): the same tokens, matched whole with
``LIKE '% token %'`` on the space-padded columns and scored in the database by
token overlap (3 per title hit, 2 per summary hit, 1 per body hit). It is
correct on the relevance set but scans the table; it is not meant for
production volumes.

Typos, on both: when nothing matches, English tokens that no title or summary
contains are replaced by the closest indexed word (difflib ratio >= 0.7) and
the search runs once more.
"""

import difflib
import operator
from functools import reduce

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from knowledgebase.models import ArticleQuerySet
from knowledgebase.tokens import vocabulary

SEARCH_CONFIG = "simple"
TITLE_SIMILARITY_WEIGHT = 0.3
TYPO_CUTOFF = 0.7
_SQLITE_WEIGHTS = (("search_title", 3), ("search_summary", 2), ("search_body", 1))


def search_document() -> RawSQL:
    """The stored tsvector column (PostgreSQL only; see migration 0002)."""
    quote = connection.ops.quote_name
    return RawSQL(  # noqa: S611 - constant identifiers, no parameters
        f"{quote('knowledgebase_article')}.{quote('search_document')}",
        [],
        output_field=SearchVectorField(),
    )


def ranked(
    articles: ArticleQuerySet, *, terms: list[str], raw_query: str = ""
) -> ArticleQuerySet:
    """Filter articles to those matching any term, best first, annotated with score.

    raw_query, given after a typo correction, adds the title similarity boost on
    PostgreSQL: it is computed for every match, so it is kept for that case.
    """
    if not terms:
        return articles.none()
    if connection.vendor == "postgresql":
        return _ranked_postgres(articles, terms=terms, raw_query=raw_query)
    return _ranked_by_overlap(articles, terms=terms)


def _ranked_postgres(
    articles: ArticleQuerySet, *, terms: list[str], raw_query: str
) -> ArticleQuerySet:
    query = reduce(
        operator.or_,
        (
            SearchQuery(term, config=SEARCH_CONFIG, search_type="plain")
            for term in terms
        ),
    )
    document = search_document()
    score = SearchRank(document, query)
    if raw_query and raw_query.isascii():
        score = score + TITLE_SIMILARITY_WEIGHT * TrigramWordSimilarity(
            Value(raw_query), "title_en"
        )
    return (
        articles.alias(document=document)
        .filter(document=query)
        .annotate(score=score)
        .order_by("-score", "position", "pk")
    )


def _ranked_by_overlap(
    articles: ArticleQuerySet, *, terms: list[str]
) -> ArticleQuerySet:
    score = reduce(
        operator.add,
        (
            Case(
                When(**{f"{column}__contains": f" {term} "}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for term in terms
            for column, weight in _SQLITE_WEIGHTS
        ),
    )
    matches = reduce(
        operator.or_,
        (
            Q(**{f"{column}__contains": f" {term} "})
            for term in terms
            for column, _weight in _SQLITE_WEIGHTS
        ),
    )
    return (
        articles.filter(matches)
        .annotate(score=score * Value(1.0, output_field=FloatField()))
        .order_by("-score", "position", "pk")
    )


def corrected_terms(articles: ArticleQuerySet, *, terms: list[str]) -> list[str]:
    """Replace unknown English terms by the nearest title or summary word.

    Costs one query that reads the title and summary tokens of the articles
    searched; called only after a search found nothing.
    """
    latin = [term for term in terms if term.isascii() and len(term) > 2]
    if not latin:
        return terms
    known = vocabulary(
        text
        for pair in articles.values_list("search_title", "search_summary")
        for text in pair
    )
    fixed: list[str] = []
    for term in terms:
        if term in known or term not in latin:
            fixed.append(term)
            continue
        close = difflib.get_close_matches(term, known, n=1, cutoff=TYPO_CUTOFF)
        fixed.append(close[0] if close else term)
    return fixed
