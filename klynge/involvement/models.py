"""The involvement ledger: how users, patients, relatives and citizens were involved in a case.

Each entry records who was involved (a body such as a user panel or an elder council, or
others named in words), on which step of the involvement scale, when, what they said, and
what was fed back to them and when. The scale has five steps, after the IAP2 spectrum of
public participation (docs/involvement.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klynge.cases.models import Case
from klynge.governance.models import Body


class Step(models.TextChoices):
    """The involvement scale, lowest first (after the IAP2 spectrum: inform, consult,
    involve, collaborate, empower)."""

    INFORMED = "informed", _("informed")
    CONSULTED = "consulted", _("consulted")
    INVOLVED = "involved", _("involved")
    CO_PRODUCED = "co_produced", _("co-produced")
    USER_LED = "user_led", _("user-led")


STEPS = [step.value for step in Step]  # in order, lowest first


def rank(step: str) -> int:
    """1 for informed … 5 for user-led."""
    return STEPS.index(step) + 1


class Involvement(models.Model):
    """One occasion on which users, patients, relatives or citizens were involved in a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="involvements",
                             verbose_name=_("case"))
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements",
        verbose_name=_("body"),
        help_text=_("The user panel, elder council, student panel or group that was "
                    "involved."))
    others = models.CharField(
        _("others involved"), max_length=200, blank=True,
        help_text=_("Who else was involved, in words: an event, a group of citizens."))
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    happened_on = models.DateField(_("when"))
    said = models.TextField(_("what they said"), blank=True)
    feedback = models.TextField(_("what was fed back to them"), blank=True)
    fed_back_on = models.DateField(_("fed back on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"))
    changed_at = models.DateTimeField(_("last changed"))

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["happened_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(body__isnull=False) | ~Q(others=""),
                                   name="involvement_names_who"),
            models.CheckConstraint(condition=Q(fed_back_on__isnull=True) | ~Q(feedback=""),
                                   name="involvement_feedback_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.case.file_number}: {self.who} ({self.get_step_display()})"

    @property
    def who(self) -> str:
        if self.body_id is not None and self.others:
            return f"{self.body.name}, {self.others}"  # type: ignore[union-attr]
        return self.body.name if self.body_id is not None else self.others  # type: ignore[union-attr]

    @property
    def owes_feedback(self) -> bool:
        """Those consulted or more said something: they are owed word of what came of it.
        Being informed asks for nothing back."""
        return self.step != Step.INFORMED and self.fed_back_on is None


class FollowedTerm(models.Model):
    """A theme or target group a panel or elder council wants to be informed and heard on."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="followed_terms",
                             verbose_name=_("body"))
    term = models.ForeignKey("vocabulary.Term", on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("theme or target group"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed theme")
        verbose_name_plural = _("followed themes")
        constraints = [models.UniqueConstraint(fields=["body", "term"],
                                               name="body_follows_a_term_once")]

    def __str__(self) -> str:
        return f"{self.body} → {self.term}"
