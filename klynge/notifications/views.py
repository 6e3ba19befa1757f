"""The notification pages: the list, marking read, the e-mail settings, following."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klynge.governance.views.common import UNPROCESSABLE, run, submitted
from klynge.notifications import access, actions, pages
from klynge.notifications.forms import PreferenceForm, TopicForm


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """To ``next`` when it is a page of this site, else to ``fallback``."""
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        target = fallback
    return redirect(target)


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/list.html", pages.list_context(request))


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = access.get_notification_for_user(request.user, pk, write=True)
    actions.do_mark_read(request.user, notification)
    return _back(request, reverse("notifications:list"))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = actions.do_mark_all_read(request.user, request.user)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None,
                          initial={"email": actions.email_choice(request.user)})
    if submitted(request, form) and run(form, actions.do_set_email_delivery, request.user,
                                        request.user, form.cleaned_data["email"]):
        messages.success(request, _("Your choice was saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form},
                  status=UNPROCESSABLE if form.errors else 200)


@login_required
@require_GET
def following(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/following.html", pages.following_context(request))


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST, followable_only=True)
    if not form.is_valid():
        return render(request, "notifications/following.html",
                      pages.following_context(request, form), status=UNPROCESSABLE)
    topic, pk = form.cleaned_data["topic"], form.cleaned_data["id"]
    followed = access.get_followable_for_user(request.user, topic, pk)
    actions.do_follow(request.user, request.user, topic, pk)
    messages.success(request, _("You now follow %(name)s.") % {"name": _name(followed)})
    return _back(request, reverse("notifications:following"))


@login_required
@require_POST
def unfollow(request: HttpRequest) -> HttpResponse:
    """Stop following anything one follows (no access check: it is one's own subscription,
    and one may stop following what one can no longer see)."""
    form = TopicForm(request.POST)
    if not form.is_valid():
        return render(request, "notifications/following.html",
                      pages.following_context(request, form), status=UNPROCESSABLE)
    if actions.do_unfollow(request.user, request.user, form.cleaned_data["topic"],
                           form.cleaned_data["id"]):
        messages.success(request, _("You no longer follow it."))
    return _back(request, reverse("notifications:following"))


def _name(obj: object) -> str:
    return str(getattr(obj, "name", None) or getattr(obj, "label", obj))
