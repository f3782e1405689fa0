"""Staff search on SQLite (development): complaints.search's fallback.

The search entry's token columns are space-padded (complaints.services.
search_index), so a token matches whole with LIKE " token "; scored by the
number of matched columns. PostgreSQL's search is in complaints.search.
"""

import operator
from functools import reduce

from django.db.models import Case, FloatField, Q, QuerySet, Value, When

from complaints.models import Ticket


def sqlite_search(
    tickets: QuerySet[Ticket],
    *,
    terms: list[str],
    identifier: str,
    notes: bool,
    identifier_boost: float,
) -> QuerySet[Ticket]:
    """Tickets matching every term (or the identifier), annotated search_rank.

    A term matches a whole token of the subject, text or (notes True) internal
    notes; a match in the subject weighs most. An identifier matches a
    substring of the stored identifiers and weighs identifier_boost times ten.
    """
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
                When(hit, then=Value(identifier_boost * 10)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
    score = reduce(operator.add, scores, Value(0.0, output_field=FloatField()))
    return tickets.filter(matches).annotate(search_rank=score)
