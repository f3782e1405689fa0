"""Staff full-text search over tickets: one home for the admin list and the API.

Query words are cut by knowledgebase.tokens (jieba, Snowball), the tokenizer
that wrote the entries (complaints.services.search_index). Every word must match
(staff narrow a search by adding words). A query that looks like an identifier
(digits, '@', a reference) matches the stored identifiers it equals, or, when
none equals it, their substrings, so "5678" finds a phone number and "TX-2026"
a transaction reference.

PostgreSQL: ``document @@ query`` (and ``note_document`` for staff who may read
internal notes) through their GIN indexes, whole identifiers through the GIN
index of ``identifier_set`` and ``identifiers LIKE`` through the trigram index
(TicketSearchVectors, the columns' unmanaged model); the newest
CANDIDATES matches are ranked by ``ts_rank_cd`` (cover density) plus a fixed
boost for identifier hits.
SQLite (development, complaints.search_sqlite): the same tokens matched whole
with LIKE on the space-padded token columns, identifiers always as substrings,
scored by the number of matched columns.
"""

import operator
import re
from collections import Counter
from collections.abc import Collection, Iterable
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, StrIndex
from django.db.models.lookups import GreaterThan

from complaints.models import Ticket, TicketSearchVectors
from complaints.models.querysets import search_scope_keys, ticket_visibility
from complaints.search_sqlite import sqlite_search
from complaints.services.search_index import identifier_normal
from knowledgebase.tokens import query_tokens

if TYPE_CHECKING:
    from accounts.models import User

SEARCH_CONFIG = "simple"
# An identifier hit is what the agent typed exactly: it outranks any word match.
IDENTIFIER_BOOST = 1.0
NOTE_WEIGHT = 0.5
MIN_IDENTIFIER_LENGTH = 4
# The longest part of an identifier the trigram index is asked for (see
# identifier_probe).
PROBE_LENGTH = 12
# Matches ranked per search (PostgreSQL): the newest of the agent's scope. Six
# pages of 50; a broader word is narrowed by adding words or a filter.
CANDIDATES = 300
# How many of the newest entries a search reads its matches among, in turn,
# before it reads the whole index (_newest_matches).
WINDOWS = (30_000, 300_000)
_IDENTIFIER_RE = re.compile(r"^[\w@.+\-()\s]+$", re.ASCII)


def may_search_notes(user: "User") -> bool:
    """Whether user may find tickets by their internal notes: desk staff and readers.

    The same people the case page shows notes to; customers never.
    """
    return bool(user.is_desk_reader or user.is_superuser)


def narrowed_by(params: Iterable[str], *, besides: Collection[str]) -> bool:
    """Whether a list request narrows the tickets in the user's scope.

    Any parameter but those in besides (the list's search, sort and page
    parameters) is taken for a filter, an unknown one too: the search then reads
    each match's ticket (ticket_search's narrowed), slower but never wrong.
    """
    return any(name not in besides for name in params)


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


def identifier_probe(term: str) -> str:
    """The part of an identifier term the trigram index looks up.

    The index's cost grows with the number of the term's trigrams that most
    entries share: a whole customer e-mail took 116 ms at 1,000,000 tickets,
    every entry holding the domain's trigrams; its local part and '@', 14 ms.
    An e-mail is probed by what precedes its domain, anything else by its last
    PROBE_LENGTH characters (references and phone numbers share their start).
    The whole term is still required of every match.
    """
    if len(term) <= PROBE_LENGTH:
        return term
    local, at, _domain = term.partition("@")
    if at and len(local) >= MIN_IDENTIFIER_LENGTH - 1:
        return (local + at)[-PROBE_LENGTH:]
    return term[-PROBE_LENGTH:]


def ticket_search(
    tickets: QuerySet[Ticket],
    *,
    query: str,
    user: "User",
    by_rank: bool = True,
    narrowed: bool = True,
) -> QuerySet[Ticket]:
    """Filter tickets (already scoped to user) to those matching query, best first.

    Annotates search_rank; by_rank False keeps the tickets' own ordering.
    Internal notes count only for may_search_notes(user). A query with no
    searchable word and no identifier matches nothing. narrowed False says
    tickets is everything user may see, no filter or quick view applied
    (narrowed_by): the newest matches are then picked from the search
    entries alone, without reading a ticket row for each.
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
        scope = search_scope_keys(user, using=tickets.db)
        found = _search_postgres(
            tickets,
            terms=terms,
            identifier=identifier,
            notes=notes,
            ranked=by_rank,
            scope=scope,
            # The entries know the scope of agents (their scope keys) and of
            # those who see every ticket; anyone else's is the ticket's to say.
            entries_alone=not narrowed
            and (scope is not None or ticket_visibility(user) is None),
        )
    else:
        found = sqlite_search(
            tickets,
            terms=terms,
            identifier=identifier,
            notes=notes,
            identifier_boost=IDENTIFIER_BOOST,
        )
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
    scope: list[int] | None,
    entries_alone: bool,
) -> QuerySet[Ticket]:
    """Match through the GIN and trigram indexes, then rank the newest matches.

    ts_rank reads each matched document (detoasting it): ranking every match
    of a common word cost 330-515 ms at 100,000 tickets. The CANDIDATES newest
    matches in the agent's scope and filters are picked first
    (_newest_matches); only those are ranked. Sorted by a column (ranked
    False), every match is listed and none is ranked.

    entries_alone: the tickets are the agent's whole scope, which the entries'
    scope holds, so the newest matches are picked among the entries without
    joining each to its ticket (the ticket's conditions still apply to the
    page).
    """
    entries = TicketSearchVectors.objects.using(tickets.db)
    # The parts' fields: the entry's own, or reached from the ticket.
    on = "" if entries_alone and ranked else "search_vectors__"
    # Each way of matching is a part with its own index: the words (GIN on
    # document), internal notes (GIN on note_document), whole identifiers (GIN
    # on identifier_set) and part of one (trigram). OR-ed into one condition,
    # the planner estimated them as one (a note estimate of 5,000 rows for a
    # phone number) and walked the whole scope index in a merge join: 286 ms
    # for part of a reference at 1,000,000 tickets, 3 ms as its own part.
    # (condition, how it is read): see _newest_matches.
    parts: list[tuple[Q, str]] = []
    score: Any = Value(0.0, output_field=FloatField())
    if terms:
        # plainto_tsquery ANDs the lexemes of its text: the terms in one call,
        # one expression to compile and send for every part and rank.
        words = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="plain")
        parts.append((Q(**{f"{on}document": words}), WINDOWED))
        # Cover density (ts_rank_cd): words next to each other, as the agent
        # typed them from what the customer wrote, outrank the same words apart.
        # At 100,000 seeded tickets plain ts_rank put 25 tickets with 资金 and
        # 哪里 in their subject ahead of the one that says "资金现在在哪里"
        # (bench/search_relevance.py).
        score = SearchRank(F("search_vectors__document"), words, cover_density=True)
        if notes:
            parts.append((Q(**{f"{on}note_document": words}), WHOLE))
            score = score + NOTE_WEIGHT * SearchRank(
                F("search_vectors__note_document"), words, cover_density=True
            )
    if identifier:
        hit = Q(search_vectors__identifiers__contains=identifier)
        # Typed whole (a transaction reference, an e-mail address, a phone
        # number): one key of the whole-identifier index (migration 0028).
        parts.append(
            (Q(**{f"{on}identifier_set__contains": [identifier]}), NEWEST_FIRST)
        )
        # As part of longer identifiers only when no entry in the scope holds
        # it whole: the trigram index reads the posting lists of the term's
        # common trigrams ("000", a domain's), 17-28 ms for one transaction
        # reference at 1,000,000 tickets. The condition names no row, so
        # PostgreSQL checks it once, before reading the part at all.
        held_whole = entries.filter(identifier_set__contains=[identifier])
        if scope is not None:
            held_whole = held_whole.filter(scope__overlap=scope)
        probe = identifier_probe(identifier)
        part = Q(**{f"{on}identifiers__contains": probe}) & ~Q(Exists(held_whole))
        if probe != identifier:
            # The whole term checked on each match's row, not in the index.
            whole = StrIndex(f"{on}identifiers", Value(identifier))
            part &= Q(GreaterThan(whole, 0))
        parts.append((part, PART_OF_IDENTIFIER))
        score = score + Case(
            When(hit, then=Value(IDENTIFIER_BOOST)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    if scope is not None:
        # The same scope as the ticket's own condition, on the entry, where it
        # leads each part's index (migration 0026).
        in_scope = Q(**{f"{on}scope__overlap": scope})
        parts = [(part & in_scope, reading) for part, reading in parts]
    if not ranked:
        every = (part for part, _reading in parts)
        return tickets.filter(reduce(operator.or_, every)).annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )
    newest = _newest_matches(entries if entries_alone else tickets, parts, on=on)
    return tickets.filter(pk__in=newest).annotate(search_rank=score)


# How each part's matches are read (_newest_matches).
WINDOWED, WHOLE, NEWEST_FIRST = "windowed", "whole", "newest first"
PART_OF_IDENTIFIER = "part of an identifier"  # WINDOWED, unless held whole
_BY_WINDOWS = frozenset({WINDOWED, PART_OF_IDENTIFIER})


def _newest_matches(
    rows: QuerySet, parts: list[tuple[Q, str]], *, on: str
) -> list[int]:
    """The ids of the CANDIDATES newest tickets matching any part.

    rows: the tickets, or their search entries (whose pk is the ticket's id);
    on: the parts' path from rows to the entry's fields.

    Each part keeps its own newest CANDIDATES (a UNION ALL of LIMITed queries,
    one round trip a window), so the planner plans each on its own index and
    estimate:

    - WINDOWED (words) and PART_OF_IDENTIFIER: read through its GIN index and
      sorted, among the newest WINDOWS[0] entries first, then WINDOWS[1], then
      all, until it has CANDIDATES; a window the part's share of matches in
      the smaller one says would hold fewer is skipped. Both indexes hold the
      entry's ticket id (migration 0027), so a window is read inside the index.
      A common word matches a tenth of the entries, and reading a match's row
      costs more than finding it. Walking the tickets newest first instead cost
      what the planner guessed of a word's share in the agent's scope: for an
      agent whose queues never hold it, every ticket (4.0 s at 1,000,000
      tickets). A customer's user name ("vol1-c5") is part of 17,275 entries'
      identifiers in one agent's scope; read whole, 78 ms. Once the identifier
      is found whole (NEWEST_FIRST), no part reads another window.
    - WHOLE (internal notes, on few tickets): read once through the GIN index
      and sorted. With no statistics for a word in notes the planner expected
      5,000 matches and walked every entry newest first: 601 ms for a word no
      note has at 1,000,000 tickets; read whole, 3-21 ms.
    - NEWEST_FIRST (an identifier whole): the planner's choice, once; one key
      of the whole-identifier index holds few entries.

    The ids are read first, as a list: as a subquery the planner joined them
    back to a sequential scan of the scoped tickets (90 ms at 100,000 tickets)
    instead of probing the ticket's primary key for each candidate.
    """
    newest_id = 0
    windows: list[int | None] = [None]
    if any(reading in _BY_WINDOWS for _part, reading in parts):
        newest_id = (
            TicketSearchVectors.objects.using(rows.db)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        ) or 0
        windows = [*(window for window in WINDOWS if newest_id > window), None]
    found: set[int] = set()
    # The parts still reading: index -> (the window last read, its matches there).
    pending = dict.fromkeys(range(len(parts)), (0, 0))
    for window in windows:
        reading_now = [
            index
            for index, (last_window, last_count) in pending.items()
            # A window the part's share of a smaller one says holds too few
            # is skipped.
            if not (
                last_window
                and window
                and last_count * window < CANDIDATES * last_window
            )
        ]
        if not reading_now:
            continue
        floor = None if window is None else newest_id - window
        matches = _matches_since(
            rows, {index: parts[index] for index in reading_now}, floor=floor, on=on
        )
        found.update(pk for pk, _index in matches)
        counts = Counter(index for _pk, index in matches)
        for index in reading_now:
            # Done: read whole, read once (not by windows) or enough matches.
            if (
                window is None
                or parts[index][1] not in _BY_WINDOWS
                or counts[index] >= CANDIDATES
            ):
                del pending[index]
            else:
                pending[index] = (window, counts[index])
        if any(parts[index][1] == NEWEST_FIRST and counts[index] for index in counts):
            # The identifier was found whole: that is what the agent looks for.
            # Neither its part nor older windows of its words are read.
            break
        if not pending:
            break
    return sorted(found, reverse=True)[:CANDIDATES]


def _matches_since(
    rows: QuerySet, parts: dict[int, tuple[Q, str]], *, floor: int | None, on: str
) -> list[tuple[int, int]]:
    """(ticket id, part's index) of each part's CANDIDATES newest matches, in one query.

    The parts read by windows read entries above floor only.
    """
    # A bigint, as the column: an integer literal's comparison is not one the
    # indexes' ticket id (migration 0027, btree_gin) can answer.
    since = (
        Q()
        if floor is None
        else Q(**{f"{on}pk__gt": Cast(Value(floor), BigIntegerField())})
    )
    sorted_after = ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField())
    newest = [
        rows.filter(part, since if reading in _BY_WINDOWS else Q())
        .annotate(part=Value(index))
        .order_by((F("pk") if reading == NEWEST_FIRST else sorted_after).desc())
        .values_list("pk", "part")[:CANDIDATES]
        for index, (part, reading) in parts.items()
    ]
    union = newest[0].union(*newest[1:], all=True) if len(newest) > 1 else newest[0]
    return list(union)
