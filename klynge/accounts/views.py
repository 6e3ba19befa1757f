"""The language switcher: Django's view, and the choice kept on a signed-in user's account."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from klynge.audit.actions import record
from klynge.audit.models import AuditEntry


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    known = {code for code, _ in settings.LANGUAGES}
    if user.is_authenticated and language in known and user.language != language:
        old = user.language
        user.language = language
        user.save(update_fields=["language"])
        record(user, AuditEntry.Verb.UPDATE, user, changes={"language": f"{old} → {language}"})
    return response
