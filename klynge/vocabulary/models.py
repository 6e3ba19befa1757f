"""Themes and target groups: one vocabulary per collaboration, named in each language.

Cases, hearings, action items and (later) involvement tag themselves with the same terms, so a
user who follows a theme hears of all of them. A term is never deleted once used; it is
retired, and stays on what it tags.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from klynge.collaborations.models import Collaboration

LANGUAGES = ("da", "nb", "nn", "en")


class TermQuerySet(models.QuerySet["Term"]):
    def active(self) -> TermQuerySet:
        return self.filter(retired=False)

    def themes(self) -> TermQuerySet:
        return self.filter(kind=Term.Kind.THEME)

    def target_groups(self) -> TermQuerySet:
        return self.filter(kind=Term.Kind.TARGET_GROUP)


class Term(models.Model):
    class Kind(models.TextChoices):
        THEME = "theme", _("theme")
        TARGET_GROUP = "target_group", _("target group")

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="terms",
        verbose_name=_("collaboration"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=60)
    name_da = models.CharField(_("name in Danish"), max_length=120, blank=True)
    name_nb = models.CharField(_("name in Bokmål"), max_length=120, blank=True)
    name_nn = models.CharField(_("name in Nynorsk"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    retired = models.BooleanField(_("retired"), default=False,
                                  help_text=_("No longer offered for new tags."))

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "kind", "code"],
                                    name="term_code_unique_in_collaboration"),
        ]

    def __str__(self) -> str:
        return self.label

    def name_in(self, language: str | None) -> str:
        """The name in ``language``; else Danish, Bokmål, Nynorsk, English, the code."""
        base = (language or "da").split("-")[0]
        if base == "no":
            base = "nb"
        order = [base, *(code for code in LANGUAGES if code != base)]
        for code in order:
            value = getattr(self, f"name_{code}", "")
            if value:
                return str(value)
        return self.code

    @property
    def label(self) -> str:
        """The name in the language of the request (or task) now active."""
        return self.name_in(get_language())
