"""A unique constraint that carries extra columns where the database can.

Django leaves a UniqueConstraint with include out altogether on a database
without covering indexes (SQLite), so an upsert's ON CONFLICT on its columns
finds no unique index there. CoveringUniqueConstraint is unique everywhere and
covering where the database supports it: PostgreSQL builds the same index as
UniqueConstraint(include=covering), SQLite the plain unique index.
"""

from django.db.models import UniqueConstraint


class CoveringUniqueConstraint(UniqueConstraint):
    """UniqueConstraint(fields, name), with covering as include where supported."""

    def __init__(self, *, fields, name, covering, **kwargs):
        super().__init__(fields=fields, name=name, **kwargs)
        self.covering = tuple(covering)

    def built(self, connection) -> UniqueConstraint:
        """The plain constraint this one is on connection's database."""
        include = self.covering if connection.features.supports_covering_indexes else ()
        return UniqueConstraint(fields=self.fields, name=self.name, include=include)

    def constraint_sql(self, model, schema_editor):
        return self.built(schema_editor.connection).constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        return self.built(schema_editor.connection).create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        return self.built(schema_editor.connection).remove_sql(model, schema_editor)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["covering"] = self.covering
        return path, args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and self.covering == getattr(
            other, "covering", None
        )
