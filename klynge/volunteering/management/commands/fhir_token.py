"""``klynge fhir_token ORGANISATION_ID [--label …]``: issue a partner organisation's token
for the FHIR referral intake and print its secret (once: only a hash is kept);
``klynge fhir_token --revoke TOKEN_ID``: revoke one. ``klynge fhir_token --list
ORGANISATION_ID``: the organisation's tokens. Audited, with no user as the actor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from klynge.collaborations.models import Organisation
from klynge.volunteering import actions
from klynge.volunteering.models import ApiToken


class Command(BaseCommand):
    help = "Issue, list or revoke a partner organisation's FHIR API token."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", nargs="?", type=int,
                            help="The organisation's number (to issue or list).")
        parser.add_argument("--label", default="FHIR", help="Which system uses the token.")
        parser.add_argument("--revoke", type=int, metavar="TOKEN_ID",
                            help="Revoke this token instead.")
        parser.add_argument("--list", action="store_true", help="List the tokens.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["revoke"] is not None:
                self._revoke(options["revoke"])
            elif options["organisation"] is None:
                raise CommandError(_("Give the organisation's number, or --revoke TOKEN_ID."))
            elif options["list"]:
                self._list(options["organisation"])
            else:
                self._issue(options["organisation"], options["label"])
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None

    def _organisation(self, pk: int) -> Organisation:
        found = Organisation.objects.filter(pk=pk).first()
        if found is None:
            raise CommandError(_("There is no organisation %(pk)d.") % {"pk": pk})
        return found

    def _issue(self, pk: int, label: str) -> None:
        token, secret = actions.do_issue_api_token(None, organisation=self._organisation(pk),
                                                   label=label)
        self.stderr.write(_("Token %(pk)d for %(organisation)s (%(label)s). The secret "
                            "follows; it is not shown again:")
                          % {"pk": token.pk, "organisation": token.organisation.name,
                             "label": token.label})
        self.stdout.write(secret)

    def _revoke(self, pk: int) -> None:
        token = ApiToken.objects.filter(pk=pk).first()
        if token is None:
            raise CommandError(_("There is no token %(pk)d.") % {"pk": pk})
        actions.do_revoke_api_token(None, token)
        self.stdout.write(_("Token %(pk)d is revoked.") % {"pk": pk})

    def _list(self, pk: int) -> None:
        for token in ApiToken.objects.filter(organisation=self._organisation(pk)):
            state = (_("revoked %(at)s") % {"at": f"{token.revoked_at:%Y-%m-%d}"}
                     if token.revoked_at else _("live"))
            self.stdout.write(f"{token.pk}\t{token.label}\t{state}")
