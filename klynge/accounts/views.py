"""The language switcher (the choice kept on a signed-in user's account), and accepting an
invitation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from klynge.accounts.actions import do_accept_invitation, do_set_language
from klynge.accounts.models import User
from klynge.accounts.tokens import invitation_tokens


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    known = {code for code, _ in settings.LANGUAGES}
    if user.is_authenticated and language in known:
        do_set_language(user, language)
    return response


@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """An invited person chooses a password, and is signed in."""
    user = _invited_user(uidb64)
    if user is None or not invitation_tokens.check_token(user, token):
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_accept_invitation(user, form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to Klynge. Your password is set."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/invitation.html", {"form": form, "invited": user},
                  status=status)


def _invited_user(uidb64: str) -> User | None:
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()
