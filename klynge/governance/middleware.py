"""Roles that see personal or health data sign in with a second factor.

A signed-in user whose roles (``klynge.governance.roles``: administrators, secretariats,
analysts, organisations' secretaries, programme coordinators) see personal data, and who has
not confirmed a second factor in this session, is sent to confirm one, or to set one up if
they have none. Signing out, the second-factor pages, the language switcher and static files
stay open.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from klynge.accounts.access import is_verified
from klynge.accounts.second_factor import has_second_factor
from klynge.governance.roles import roles_of

OPEN_URL_NAMES = frozenset({
    "logout", "set_language", "second_factor_setup", "second_factor_verify",
    "second_factor_recovery_codes", "accept_invitation", "login",
})


def requires_second_factor(user: object) -> bool:
    return roles_of(user).sees_personal_data


def _is_open(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 reveals nothing
    return match.url_name in OPEN_URL_NAMES or match.app_name == "djdt"


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (user.is_authenticated and not is_verified(user)
                and requires_second_factor(user) and not _is_open(request)):
            name = "second_factor_verify" if has_second_factor(user) else "second_factor_setup"
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(name)}?{query}")
        return self.get_response(request)
