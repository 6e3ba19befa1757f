"""``klynge deactivate_ended_accounts``: close the accounts whose last seat or role has ended.

The task worker closes such an account the day after the seat or role ends
(``klynge.governance.lifecycle``); this command runs the same check for every account, in
case a scheduled check was lost. Run it daily (``deploy/systemd/klynge-daily.timer``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klynge.governance.lifecycle import deactivate_ended_accounts


class Command(BaseCommand):
    help = ("Close the accounts of people with no current or coming seat or role, and print "
            "their usernames. Safe to run again; run it daily.")

    def handle(self, *args: Any, **options: Any) -> None:
        closed = deactivate_ended_accounts()
        if not closed:
            self.stdout.write(_("No accounts were closed."))
            return
        self.stdout.write(ngettext(
            "Closed %(count)d account whose last seat or role has ended:",
            "Closed %(count)d accounts whose last seat or role has ended:",
            len(closed),
        ) % {"count": len(closed)})
        for username in closed:
            self.stdout.write(f"  {username}")
