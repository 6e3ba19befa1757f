"""The search index: one row per thing that can be found, with the text searched, what a hit
shows, and who may see it (:mod:`klynge.governance.audience`), kept by :mod:`klynge.search.index`.

It is a copy made to be read fast, never the record: ``klynge search_index`` builds it
afresh from the cases, meetings and hearings at any time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    class Kind(models.TextChoices):
        CASES = "cases", _("Cases")
        ITEMS = "items", _("Agenda items")
        DECISIONS = "decisions", _("Decisions")
        MINUTES = "minutes", _("Minutes")
        ANSWERS = "answers", _("Hearing answers")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    searched = models.TextField(_("searched text"))
    title = models.CharField(_("title"), max_length=400)
    text = models.TextField(_("text"), blank=True)  # what the excerpt is cut from
    url = models.CharField(_("address"), max_length=300)
    context = models.CharField(_("context"), max_length=400, blank=True)
    # The order of hits: newest first, then by rank (an item's number), then newest row.
    sort_at = models.DateTimeField(_("date"))
    rank = models.IntegerField(_("rank"), default=0)
    later_from = models.DateTimeField(_("seen by more from"), null=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"],
                                               name="one_search_entry_per_thing")]
        indexes = [models.Index(models.F("kind"), models.F("sort_at").desc(),
                                models.F("rank"), models.F("object_id").desc(),
                                name="search_entry_order")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class Key(models.Model):
    """One key of an entry's audience, in one of its clauses."""

    class Clause(models.TextChoices):
        KEEPER = "k", _("keeps it")
        ALLOWED = "a", _("may see it")
        DENIED = "d", _("may not see it")
        LATER = "l", _("may see it later")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="keys")
    clause = models.CharField(max_length=1, choices=Clause.choices)
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "clause", "key"],
                                               name="one_search_key_per_clause")]
        # The keys a user holds give the entries from the index alone.
        indexes = [models.Index(fields=["key", "clause", "entry"], name="search_key_lookup")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.clause} {self.key}"
