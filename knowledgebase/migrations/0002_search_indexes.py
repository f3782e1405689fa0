"""PostgreSQL full-text search column and index, kept out of the model state.

On PostgreSQL, ``search_document`` is a stored generated ``tsvector`` built from
the three token columns (A title and keywords, B summary, C body) under the
'simple' configuration, and a GIN index covers it. PostgreSQL keeps it current
whenever article_save writes the token columns, and ranking reads it instead of
re-parsing every matching article. pg_trgm supplies word_similarity for the
title boost. On other databases every operation here does nothing: SQLite
searches the token columns directly (see knowledgebase.search).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

ADD_DOCUMENT = """
ALTER TABLE knowledgebase_article ADD COLUMN search_document tsvector
GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(search_title, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig, coalesce(search_summary, '')), 'B')
    || setweight(to_tsvector('simple'::regconfig, coalesce(search_body, '')), 'C')
) STORED;
CREATE INDEX kb_article_search_gin ON knowledgebase_article USING gin (search_document);
"""
DROP_DOCUMENT = """
DROP INDEX IF EXISTS kb_article_search_gin;
ALTER TABLE knowledgebase_article DROP COLUMN IF EXISTS search_document;
"""


def add_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_DOCUMENT)


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_DOCUMENT)


class Migration(migrations.Migration):
    dependencies = [("knowledgebase", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(add_document, drop_document, elidable=False),
    ]
