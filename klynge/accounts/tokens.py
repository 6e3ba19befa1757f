"""Invitation links: Django's password-reset tokens, with their own salt and a longer life.

A token is bound to the account's password and last login, so it works once: setting the
password makes it invalid.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "klynge.accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.KLYNGE_INVITATION_TIMEOUT:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if self._make_token_with_timestamp(user, timestamp, secret) == token:
                return True
        return False


invitation_tokens = InvitationTokenGenerator()
