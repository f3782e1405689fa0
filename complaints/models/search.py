from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models.queues import Queue
from complaints.models.tickets import Ticket


class TicketSearch(models.Model):
    """A ticket's search tokens, rewritten by complaints.search_index only.

    Tokens come from knowledgebase.tokens (jieba for Chinese, Snowball for
    English), the tokenizer the FAQ uses. Internal notes have their own column so
    that a search run for someone who may not read notes never matches them.
    identifiers holds the exact strings staff type in part (phone numbers,
    e-mail addresses, transaction and ticket references, recipient accounts),
    lower-cased, for substring matches. On PostgreSQL migration 0018 adds
    generated tsvector columns over the token columns with GIN indexes, and a
    trigram index on identifiers; they are not in the model state.

    queue and assignee copy the ticket's (kept by the services that file, triage
    and assign), so that on PostgreSQL the entry knows who may see it: migration
    0026 derives a ``scope`` array from them (see TicketSearchVectors) and puts it
    first in every search index, so "these words in this agent's queues" is one
    index scan that reads no entry outside the agent's scope.
    """

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    title_tokens = models.TextField(_("subject tokens"), blank=True)
    body_tokens = models.TextField(_("text tokens"), blank=True)
    note_tokens = models.TextField(_("internal note tokens"), blank=True)
    identifiers = models.TextField(_("identifiers"), blank=True)
    queue = models.ForeignKey(
        Queue,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("queue"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
        verbose_name=_("assignee"),
    )
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("ticket search entry")
        verbose_name_plural = _("ticket search entries")

    def __str__(self) -> str:
        return str(self.ticket_id)


class TicketSearchVectors(models.Model):
    """PostgreSQL's view of the entries: the generated tsvector columns.

    Unmanaged, over TicketSearch's table (migration 0018 adds the columns on
    PostgreSQL only, so never query it on SQLite): the search filters and ranks
    through ORM lookups on these fields, which stay correct when the match is a
    subquery (complaints.search caps the candidates before ranking).

    scope holds the keys of those who may see the ticket, as ticket_visibility
    grants it to agents (complaints.models.querysets.search_scope_keys): the
    ticket's queue id, 0 when it has no queue (the triage pool) and minus the
    assignee's id. It leads the GIN indexes of document, note_document and
    identifiers (migration 0026), and of identifier_set, the identifiers as an
    array for those typed whole (migration 0028).
    """

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="search_vectors",
        db_constraint=False,
    )
    document = SearchVectorField(_("subject and text"), null=True)
    note_document = SearchVectorField(_("internal notes"), null=True)
    identifiers = models.TextField(_("identifiers"), blank=True)
    identifier_set = ArrayField(
        models.TextField(), verbose_name=_("identifiers, each whole"), null=True
    )
    scope = ArrayField(models.BigIntegerField(), verbose_name=_("scope"), null=True)

    class Meta:
        managed = False
        db_table = "complaints_ticketsearch"
        verbose_name = _("ticket search vectors")
        verbose_name_plural = _("ticket search vectors")

    def __str__(self) -> str:
        return str(self.ticket_id)
