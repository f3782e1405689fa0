"""Writes of the FAQ: articles, reader feedback, deflections and missed searches."""

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from config.upserts import counter_add
from knowledgebase.indexing import DERIVED_FIELDS, SOURCE_FIELDS, derived_fields
from knowledgebase.models import Article, ArticleVote, Category, Deflection, SearchMiss
from knowledgebase.starter import starter_set_apply

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

MISS_QUERY_LENGTH = 200


@transaction.atomic
def article_save(*, article: Article, actor: "User | None") -> Article:
    """Validate and save article, rendering its HTML and search tokens first.

    The only writer of the derived columns besides the starter-set loader, so the
    search index and the sanitised HTML always match the source text. Raises
    ValidationError (nothing saved) if the article is invalid.
    """
    source = {name: getattr(article, name) for name in SOURCE_FIELDS}
    for name, value in derived_fields(source).items():
        setattr(article, name, value)
    article.updated_by = actor
    article.full_clean()
    article.save()
    return article


def articles_reindex() -> int:
    """Recompute the derived columns of every article (after a tokenizer change).

    Runs in batches of 200, each in its own transaction; returns how many
    articles were rewritten.
    """
    done = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Article.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")[:200]
            )
            if not batch:
                return done
            for article in batch:
                source = {name: getattr(article, name) for name in SOURCE_FIELDS}
                for name, value in derived_fields(source).items():
                    setattr(article, name, value)
            Article.objects.bulk_update(batch, DERIVED_FIELDS)
        done += len(batch)
        last_pk = batch[-1].pk


def article_view_record(*, article: Article, reader: "User | AnonymousUser") -> bool:
    """Count one customer read of a published article with a single UPDATE.

    A page view on GET: an analytics counter, not domain state, and F() keeps
    concurrent reads from losing counts. Staff reading or previewing do not
    count. Returns whether the read was counted.
    """
    if article.status != Article.Status.PUBLISHED or getattr(
        reader, "is_desk_staff", False
    ):
        return False
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    return True


def _vote_field(is_helpful: bool) -> str:
    return "helpful_count" if is_helpful else "not_helpful_count"


@transaction.atomic
def article_vote(
    *,
    article: Article,
    user: "User | None",
    session_key: str,
    is_helpful: bool,
) -> ArticleVote:
    """Record a reader's "was this helpful?" answer; one vote per user or session.

    A second answer from the same reader replaces the first. Counters on the
    article move with F() in the same transaction. Two first votes racing from
    one reader meet the unique constraint: the loser reads the winner's row
    (locked) and changes it if it differs.
    """
    voter = (
        {"user": user}
        if user is not None
        else {"user": None, "session_key": session_key}
    )
    vote = (
        ArticleVote.objects.select_for_update().filter(article=article, **voter).first()
    )
    if vote is None:
        try:
            with transaction.atomic():
                vote = ArticleVote.objects.create(
                    article=article,
                    session_key="" if user is not None else session_key,
                    is_helpful=is_helpful,
                    **({"user": user} if user is not None else {}),
                )
        except IntegrityError:
            vote = ArticleVote.objects.select_for_update().get(article=article, **voter)
        else:
            field = _vote_field(is_helpful)
            Article.objects.filter(pk=article.pk).update(**{field: F(field) + 1})
            return vote
    if vote.is_helpful == is_helpful:
        return vote
    vote.is_helpful = is_helpful
    vote.save(update_fields=["is_helpful", "updated_at"])
    added, removed = _vote_field(is_helpful), _vote_field(not is_helpful)
    Article.objects.filter(pk=article.pk).update(
        **{added: F(added) + 1, removed: F(removed) - 1}
    )
    return vote


@transaction.atomic
def deflection_record(
    *,
    article: Article,
    user: "User | None",
    session_key: str,
    query: str,
    situation: str,
    language: str,
) -> Deflection:
    """Record that article answered what a customer was about to file as a ticket."""
    deflection = Deflection.objects.create(
        article=article,
        user=user,
        session_key=session_key if user is None else "",
        query=query.strip()[:500],
        situation=situation[:40],
        language=language,
    )
    Article.objects.filter(pk=article.pk).update(
        deflection_count=F("deflection_count") + 1
    )
    return deflection


def search_miss_record(*, query: str, language: str) -> None:
    """Count a search that found nothing, with one INSERT … ON CONFLICT statement.

    Called from the search page, a GET: this is analytics for supervisors, not
    domain state, so it is one cheap upsert that both SQLite and PostgreSQL run
    atomically (concurrent misses of the same words add up, never collide).
    """
    normalised = " ".join(query.lower().split())[:MISS_QUERY_LENGTH]
    if not normalised:
        return
    now = timezone.now()
    counter_add(
        SearchMiss,
        key={"query": normalised, "language": language},
        counter="count",
        on_create={"first_seen_at": now},
        on_every={"last_seen_at": now},
    )


@transaction.atomic
def starter_set_load() -> int:
    """Add the starter categories and articles that are missing, by slug.

    Articles already present (even edited or unpublished ones) are left alone;
    returns how many articles were added. Migration 0003 runs the same loader.
    """
    return starter_set_apply(category_model=Category, article_model=Article)
