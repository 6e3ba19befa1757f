"""The audit trail: who saw and changed what, and when, as data.

``changes`` holds one entry per field: ``{"old": …, "new": …}``. A field that holds personal
data (a model's ``PERSONAL_FIELDS``) is recorded by name only, ``{"personal": true}``, so that
erasing a person reaches everything the trail knows of them. ``details`` holds what is not a
field (a reason, counts, the files of a load). An entry need not be about one object: a
reference load is not an action on Denmark.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Verb(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        VIEW = "view", _("viewed")
        LOAD = "load", _("loaded")
        IMPORT = "import", _("imported")
        LOGIN = "login", _("logged in")
        GRANT = "grant", _("granted")
        INVITE = "invite", _("invited")
        DEACTIVATE = "deactivate", _("deactivated")
        ERASE = "erase", _("erased")
        SECURITY = "security", _("changed sign-in security")
        # The working cycle: a case's steps (klynge.cases.states), files, following.
        ROUTE = "route", _("routed")
        RETURN = "return", _("returned to the submitter")
        RESUBMIT = "resubmit", _("submitted again")
        REJECT = "reject", _("rejected")
        WITHDRAW = "withdraw", _("withdrew")
        RECOMMEND = "recommend", _("recommended")
        PUT_ON_AGENDA = "put_on_agenda", _("put on an agenda")
        TAKE_OFF_AGENDA = "take_off_agenda", _("took off an agenda")
        DECIDE = "decide", _("recorded a decision")
        POSTPONE = "postpone", _("postponed")
        FORWARD = "forward", _("forwarded")
        NOTE_ACTION_ITEM = "note_action_item", _("noted an action item")
        CLOSE = "close", _("closed")
        REOPEN = "reopen", _("reopened")
        MOVE = "move", _("moved to another collaboration")
        ATTACH = "attach", _("attached a file")
        DETACH = "detach", _("removed a file")
        FOLLOW = "follow", _("followed")
        UNFOLLOW = "unfollow", _("stopped following")
        SEED = "seed", _("gave the default vocabulary")
        UNINVITE = "uninvite", _("removed from a hearing")
        OPEN = "open", _("opened")
        RESPOND = "respond", _("responded")
        # Citizen participation (klynge.participation).
        MODERATE = "moderate", _("moderated")
        PUBLISH = "publish", _("made public")
        UNPUBLISH = "unpublish", _("took off the public page")
        VOTE = "vote", _("voted")
        MAKE_CASES = "make_cases", _("made ideas cases")
        ANONYMISE = "anonymise", _("anonymised")
        REGISTER = "register", _("registered")
        CANCEL = "cancel", _("cancelled")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    verb = models.CharField(_("action"), max_length=16, choices=Verb.choices)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    collaboration_code = models.CharField(
        _("collaboration"), max_length=64, blank=True, db_index=True
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_repr}"
