"""Schema operations that Django's autodetector would write less carefully."""

from django.db import migrations


def foreign_key_index_drop(
    alter: migrations.AlterField, *, index: str, table: str, column: str
) -> migrations.SeparateDatabaseAndState:
    """Apply alter (a foreign key set to db_index=False) by dropping only its index.

    Run as is, AlterField drops and re-adds the foreign key constraint as well,
    which checks every row under an exclusive lock. index, table and column name
    the index Django created for the field; the reverse creates it again.
    """
    return migrations.SeparateDatabaseAndState(
        state_operations=[alter],
        database_operations=[
            migrations.RunSQL(
                f"DROP INDEX IF EXISTS {index}",
                reverse_sql=f"CREATE INDEX {index} ON {table} ({column})",
            )
        ],
    )
