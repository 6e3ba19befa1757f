"""Background work of the participation app, sent by the task worker: the e-mails that tell
a citizen they moved up from an event's waiting list, and a teller what came of their
contribution; each only to an e-mail address, in the language the citizen wrote in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from klynge.meetings.documents.feeds import site_url
from klynge.participation.models import Contribution, Registration


def is_email(contact: str) -> bool:
    try:
        validate_email(contact)
    except ValidationError:
        return False
    return True


def _send(to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """The e-mail ``participation/email/<template>`` to ``to``, in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"participation/email/{template}_subject.txt",
                                   context).strip()
        body = render_to_string(f"participation/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_place_given(registration_id: int) -> bool:
    """Tell a citizen who moved up from the waiting list that they have a place."""
    registration = (Registration.objects.select_related("event__collaboration")
                    .filter(pk=registration_id, state=Registration.State.REGISTERED).first())
    if registration is None or not is_email(registration.contact):
        return False
    event = registration.event
    url = site_url(reverse("participation:public_event",
                           args=[event.collaboration.code, event.pk]))
    _send(registration.contact, registration.language, "place_given",
          {"registration": registration, "event": event, "url": url})
    return True


@task()
def send_feedback(contribution_id: int) -> bool:
    """Send the teller the secretariat's feedback on their contribution."""
    contribution = (Contribution.objects.select_related("collaboration")
                    .filter(pk=contribution_id).exclude(feedback="").first())
    if contribution is None or not is_email(contribution.contact):
        return False
    _send(contribution.contact, contribution.language, "feedback",
          {"contribution": contribution, "collaboration": contribution.collaboration})
    return True
