"""Rows changed in memory written back in bulk, by the fields that differ.

QuerySet.bulk_update writes every field as CASE WHEN pk = … THEN … for every
row: for 50 tickets and 11 fields, 550 conditions to build in Python and parse
in the database. A batch of moves sets most fields to one value (the status,
the instant): those need one plain UPDATE … WHERE pk IN (…).
"""

from collections.abc import Iterable, Sequence

from django.db import models


def bulk_update_by_value(objs: Sequence[models.Model], fields: Iterable[str]) -> None:
    """Write fields of objs (one model): one UPDATE for those equal in every row.

    The fields whose values differ between rows go through bulk_update. Like
    bulk_update, this sends no signals and calls no save().
    """
    if not objs:
        return
    model = type(objs[0])
    same: dict[str, object] = {}
    differing = []
    for name in fields:
        attname = model._meta.get_field(name).attname
        values = [getattr(obj, attname) for obj in objs]
        try:
            distinct = set(values)
        except TypeError:  # unhashable (a JSON value): compared row by row
            distinct = values
        if len(distinct) == 1:
            same[attname] = values[0]
        else:
            differing.append(name)
    if same:
        model._default_manager.filter(pk__in=[obj.pk for obj in objs]).update(**same)
    if differing:
        model._default_manager.bulk_update(objs, differing)
