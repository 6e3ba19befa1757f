"""Second-factor pages: set up an authenticator app, confirm a code, see recovery codes.

The roles that require it are decided by ``klynge.governance.middleware``, which sends a
signed-in user here; these pages only need a signed-in user.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from klynge.accounts import actions
from klynge.accounts.access import is_verified
from klynge.accounts.forms import CodeForm
from klynge.accounts.second_factor import (
    has_second_factor,
    matching_device,
    qr_svg,
    recovery_codes_left,
    secret_text,
)

UNPROCESSABLE = 422
NEW_CODES_SESSION_KEY = "klynge_new_recovery_codes"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("web:home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code (or type the key), then type a code."""
    if has_second_factor(request.user) and not is_verified(request.user):
        return redirect(f"{reverse('second_factor_verify')}?next={_next(request)}")
    device = actions.do_start_second_factor(request.user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.do_confirm_second_factor(request.user, device,  # type: ignore[arg-type]
                                                 form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(f"{reverse('second_factor_recovery_codes')}?next={_next(request)}")
        form.add_error("code", _("That code is not right. Check the time on your phone and "
                                 "type the code the app shows now."))
    return render(request, "accounts/second_factor_setup.html", {
        "form": form, "qr": qr_svg(device), "secret": secret_text(device),
        "next": _next(request),
    }, status=UNPROCESSABLE if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Confirm this sign-in with a code from the app or a recovery code."""
    if not has_second_factor(request.user):
        return redirect(f"{reverse('second_factor_setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = matching_device(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            left = recovery_codes_left(request.user)
            if device.name == "recovery":
                messages.warning(request, _("You signed in with a recovery code; %(count)d are "
                                            "left.") % {"count": left})
            return redirect(_next(request))
        form.add_error("code", _("That code is not right, or it has been used."))
    return render(request, "accounts/second_factor_verify.html",
                  {"form": form, "next": _next(request)},
                  status=UNPROCESSABLE if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown once; a verified user may make new ones."""
    if request.method == "POST":
        if not is_verified(request.user):
            return redirect(f"{reverse('second_factor_verify')}?next={request.path}")
        request.session[NEW_CODES_SESSION_KEY] = actions.do_new_recovery_codes(
            request.user)  # type: ignore[arg-type]
        return redirect(request.path)
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    return render(request, "accounts/second_factor_recovery_codes.html", {
        "codes": codes, "left": recovery_codes_left(request.user),
        "has_app": has_second_factor(request.user), "verified": is_verified(request.user),
        "next": _next(request),
    })
