"""People: created, corrected, deleted and erased; the only writers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.accounts.actions import do_invite_user
from klynge.accounts.models import User
from klynge.audit.actions import created, forget_object, record
from klynge.audit.models import AuditEntry
from klynge.core.writes import apply_changes, only_fields
from klynge.governance.actions.common import save_with_reason, written
from klynge.governance.models import Person, Seat

PERSON_FIELDS = ("name", "email", "phone", "title", "organisation", "user")
PAGE_PERSON_FIELDS = ("name", "email", "phone", "title", "organisation")


def invite_if_new(actor: Any, person: Person) -> None:
    """Give ``person`` an account and an invitation, if they have an address and no account."""
    if person.user_id is not None or not person.email or person.erased:
        return
    if User.objects.filter(email__iexact=person.email).exists():
        return  # someone with this address has an account; an administrator links them
    person.user = do_invite_user(actor, name=person.name, email=person.email)
    person.save(update_fields=["user"])
    written(actor, AuditEntry.Verb.UPDATE, person, changes={"user": (None, person.user)})


def check_person(values: dict[str, Any], person: Person | None = None) -> None:
    if "name" in values and not (values["name"] or "").strip():
        raise ValidationError({"name": _("A person needs a name.")})
    email = (values.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    user = values.get("user")
    if user is not None:
        taken = Person.objects.filter(user=user)
        if person is not None:
            taken = taken.exclude(pk=person.pk)
        if taken.exists():
            raise ValidationError({"user": _("That account belongs to another person.")})
    if person is not None and person.erased:
        raise ValidationError(_("An erased person cannot be changed."))


@transaction.atomic
def do_create_person(actor: Any, reason: str = "", code: str = "", **values: Any) -> Person:
    only_fields(values, PERSON_FIELDS, "do_create_person")
    values["name"] = (values.get("name") or "").strip()
    values["email"] = (values.get("email") or "").strip()
    check_person(values)
    person = Person(**values)
    save_with_reason(person, reason)
    written(actor, AuditEntry.Verb.CREATE, person, code=code, reason=reason,
            changes=created(person, [n for n, v in values.items() if v not in (None, "")]))
    invite_if_new(actor, person)
    return person


def person_for_seat(actor: Any, person: Person | None, new_name: str | None, new_email: str,
                    seat_values: dict[str, Any], check_seat: Callable[..., None], code: str,
                    exclude: Seat | None = None) -> Person:
    """The chosen person, or a new one (checked with the seat first, so a refused seat
    creates nobody)."""
    name = (new_name or "").strip()
    if person is not None and name:
        raise ValidationError(_("Choose an existing person or type a new name, not both."))
    if person is None and not name:
        raise ValidationError(
            {"person": _("Choose an existing person or type the name of a new one.")}
        )
    if person is not None:
        return person
    if exclude is None:
        check_seat(seat_values)
    return do_create_person(actor, code=code, name=name, email=new_email)


@transaction.atomic
def do_update_person(actor: Any, person: Person, reason: str = "", **values: Any) -> Person:
    only_fields(values, PERSON_FIELDS, "do_update_person")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if "email" in values:
        values["email"] = (values["email"] or "").strip()
    check_person(values, person)
    changes = apply_changes(person, values)
    if changes:
        save_with_reason(person, reason)
        written(actor, AuditEntry.Verb.UPDATE, person, changes=changes, reason=reason)
        if "email" in changes:
            invite_if_new(actor, person)
    return person


def refuse_delete_person(person: Person) -> str | None:
    seats, grants = person.seats.count(), person.grants.count()
    if not seats and not grants:
        return None
    return _("%(person)s has held %(seats)d seats and %(grants)d roles; a person with a history "
             "is erased, not deleted.") % {"person": person.name, "seats": seats,
                                            "grants": grants}


@transaction.atomic
def do_delete_person(actor: Any, person: Person) -> None:
    refusal = refuse_delete_person(person)
    if refusal:
        raise ValidationError(refusal)
    written(actor, AuditEntry.Verb.DELETE, person)
    forget_object(person, _("deleted person #%(id)s") % {"id": person.pk})
    person.history.all().delete()  # type: ignore[attr-defined]
    person.delete()


@transaction.atomic
def do_erase_person(actor: Any, person: Person) -> Person:
    """Erase what Klynge knows of a person: name, contact details and title, in the person
    and in its history and audit trail. Their seats stay, held by "Erased person #N"; their
    account, if any, is closed (``klynge.accounts.actions.do_erase_account``)."""
    from klynge.accounts.actions import do_erase_account

    person = Person.objects.select_for_update().get(pk=person.pk)
    label = _("Erased person #%(id)s") % {"id": person.pk}
    user = person.user
    person.name, person.email, person.phone, person.title = label, "", "", ""
    person.user, person.erased = None, True
    person.history.all().delete()  # type: ignore[attr-defined]
    person.save()
    forget_object(person, label)
    written(actor, AuditEntry.Verb.ERASE, person)
    if user is not None:
        do_erase_account(actor, user)
    return person


def do_record_person_view(actor: Any, person: Person, *, contact_details: bool) -> None:
    """Record that ``actor`` looked at ``person`` (and whether their contact details showed)."""
    record(actor, AuditEntry.Verb.VIEW, person, details={"contact_details": contact_details})
