"""``klynge demo_code USERNAME``: the code the demo login's authenticator app shows now.

Only for the demo's logins (their e-mail address is at the demo's reserved domain, and their
authenticator secret is published in docs/demo.md): it stands in for a phone when you try
the demo. Real accounts have no such device, and the command refuses them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django_otp.oath import TOTP

from klynge.governance.demo_users import demo_device


class Command(BaseCommand):
    help = "Print the current second-factor code of a demo login (sekretariat, bergen, admin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        device = demo_device(options["username"])
        if device is None:
            raise CommandError(_("%(username)s is not a demo login with an authenticator.")
                               % {"username": options["username"]})
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
