"""Staff full-text search over tickets: one home for the admin list and the API.

Query words are cut by knowledgebase.tokens (jieba, Snowball), the tokenizer
that wrote the entries (complaints.services.search_index). Every word must match
(staff narrow a search by adding words). A query that looks like an identifier
(digits, '@', a reference) also matches substrings of the stored identifiers, so
"5678" finds a phone number and "TX-2026" a transaction reference.

PostgreSQL: ``document @@ query`` (and ``note_document`` for staff who may read
internal notes) through their GIN indexes, ``identifiers LIKE`` through the
trigram index (TicketSearchVectors, the columns' unmanaged model); the newest
CANDIDATES matches are ranked by ``ts_rank_cd`` (cover density) plus a fixed
boost for identifier hits.
SQLite (development): the same tokens matched whole with LIKE on the
space-padded token columns, scored by the number of matched columns.
"""

import operator
import re
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)

from complaints.models import Ticket
from complaints.services.search_index import identifier_normal
from knowledgebase.tokens import query_tokens

if TYPE_CHECKING:
    from accounts.models import User

SEARCH_CONFIG = "simple"
# An identifier hit is what the agent typed exactly: it outranks any word match.
IDENTIFIER_BOOST = 1.0
NOTE_WEIGHT = 0.5
MIN_IDENTIFIER_LENGTH = 4
# Matches ranked per search (PostgreSQL): the newest of the agent's scope. Six
# pages of 50; a broader word is narrowed by adding words or a filter.
CANDIDATES = 300
_IDENTIFIER_RE = re.compile(r"^[\w@.+\-()\s]+$", re.ASCII)


def may_search_notes(user: "User") -> bool:
    """Whether user may find tickets by their internal notes: desk staff and readers.

    The same people the case page shows notes to; customers never.
    """
    return bool(user.is_desk_reader or user.is_superuser)


def identifier_term(query: str) -> str:
    """The query in identifier form, or "" when it does not look like one.

    An identifier has a digit or an '@' and no Chinese: words alone are left to
    the full-text match, which is precise and cheap.
    """
    text = query.strip()
    if not _IDENTIFIER_RE.match(text) or not re.search(r"[\d@]", text):
        return ""
    term = identifier_normal(text)
    return term if len(term) >= MIN_IDENTIFIER_LENGTH else ""


def ticket_search(
    tickets: QuerySet[Ticket], *, query: str, user: "User", by_rank: bool = True
) -> QuerySet[Ticket]:
    """Filter tickets (already scoped to user) to those matching query, best first.

    Annotates search_rank; by_rank False keeps the tickets' own ordering.
    Internal notes count only for may_search_notes(user). A query with no
    searchable word and no identifier matches nothing.
    """
    query = query.replace("\x00", "")  # PostgreSQL refuses NUL in text
    terms = query_tokens(query)
    identifier = identifier_term(query)
    if not terms and not identifier:
        return tickets.none().annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )
    notes = may_search_notes(user)
    if connection.vendor == "postgresql":
        found = _search_postgres(
            tickets, terms=terms, identifier=identifier, notes=notes, ranked=by_rank
        )
    else:
        found = _search_sqlite(tickets, terms=terms, identifier=identifier, notes=notes)
    if not by_rank:
        return found
    return found.order_by("-search_rank", "-received_at", "-pk")


def _search_postgres(
    tickets: QuerySet[Ticket],
    *,
    terms: list[str],
    identifier: str,
    notes: bool,
    ranked: bool,
) -> QuerySet[Ticket]:
    """Match through the GIN and trigram indexes, then rank the newest matches.

    ts_rank reads each matched document (detoasting it): ranking every match
    of a common word cost 330-515 ms at 100,000 tickets. One query reads the
    ids of the CANDIDATES newest matches in the agent's scope and filters
    (_newest_matches); only those are ranked. Sorted by a column (ranked
    False), every match is listed and none is ranked.
    """
    # Each way of matching is a part with its own index: the words (GIN on
    # document), internal notes (GIN on note_document) and identifiers
    # (trigram). OR-ed into one condition, the planner estimated them as one
    # (a note estimate of 5,000 rows for a phone number) and walked the whole
    # scope index in a merge join: 286 ms for part of a reference at 1,000,000
    # tickets, 3 ms as its own part.
    # (condition, few): few parts are read whole through their index, then sorted.
    parts: list[tuple[Q, bool]] = []
    score: Any = Value(0.0, output_field=FloatField())
    if terms:
        words = reduce(
            operator.and_,
            (
                SearchQuery(term, config=SEARCH_CONFIG, search_type="plain")
                for term in terms
            ),
        )
        parts.append((Q(search_vectors__document=words), False))
        # Cover density (ts_rank_cd): words next to each other, as the agent
        # typed them from what the customer wrote, outrank the same words apart.
        # At 100,000 seeded tickets plain ts_rank put 25 tickets with 资金 and
        # 哪里 in their subject ahead of the one that says "资金现在在哪里"
        # (bench/search_relevance.py).
        score = SearchRank(F("search_vectors__document"), words, cover_density=True)
        if notes:
            parts.append((Q(search_vectors__note_document=words), True))
            score = score + NOTE_WEIGHT * SearchRank(
                F("search_vectors__note_document"), words, cover_density=True
            )
    if identifier:
        hit = Q(search_vectors__identifiers__contains=identifier)
        parts.append((hit, False))
        score = score + Case(
            When(hit, then=Value(IDENTIFIER_BOOST)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    if not ranked:
        every = (condition for condition, _few in parts)
        return tickets.filter(reduce(operator.or_, every)).annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )
    newest = _newest_matches(tickets, parts)
    return tickets.filter(pk__in=newest).annotate(search_rank=score)


def _newest_matches(
    tickets: QuerySet[Ticket], parts: list[tuple[Q, bool]]
) -> list[int]:
    """The ids of the CANDIDATES newest tickets matching any part, in one query.

    Each part keeps its own newest CANDIDATES (a UNION ALL of LIMITed queries),
    so the planner plans each on its own index and its own estimate. Read
    first, as a list: as a subquery the planner joined it back to a sequential
    scan of the scoped tickets (90 ms at 100,000 tickets) instead of probing
    the ticket's primary key for each candidate.

    A few part (internal notes: on few tickets) is ordered by an expression no
    index provides, so it reads its matches through its GIN index and sorts
    them. With no statistics for a word in notes the planner expected 5,000
    note matches and walked every entry newest first looking for them: 601 ms
    for a word no note has at 1,000,000 tickets; read whole, 3-21 ms.
    """
    newest = []
    for condition, few in parts:
        order = (
            ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField())
            if few
            else F("pk")
        )
        newest.append(
            tickets.filter(condition)
            .order_by(order.desc())
            .values_list("pk", flat=True)[:CANDIDATES]
        )
    union = newest[0].union(*newest[1:], all=True) if len(newest) > 1 else newest[0]
    return sorted(set(union), reverse=True)[:CANDIDATES]


def _search_sqlite(
    tickets: QuerySet[Ticket], *, terms: list[str], identifier: str, notes: bool
) -> QuerySet[Ticket]:
    columns = ["search__title_tokens", "search__body_tokens"]
    if notes:
        columns.append("search__note_tokens")
    matches = Q(pk__in=[])
    if terms:
        matches |= reduce(
            operator.and_,
            (
                reduce(
                    operator.or_,
                    (Q(**{f"{column}__contains": f" {term} "}) for column in columns),
                )
                for term in terms
            ),
        )
    scores = [
        Case(
            When(Q(**{f"{column}__contains": f" {term} "}), then=Value(weight)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        for term in terms
        for column, weight in zip(columns, (1.0, 0.4, 0.2), strict=False)
    ]
    if identifier:
        hit = Q(search__identifiers__contains=identifier)
        matches |= hit
        scores.append(
            Case(
                When(hit, then=Value(IDENTIFIER_BOOST * 10)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    score = reduce(operator.add, scores, Value(0.0, output_field=FloatField()))
    return tickets.filter(matches).annotate(search_rank=score)
