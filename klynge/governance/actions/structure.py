"""Creating the structure the law requires from a template (``klynge.governance.blueprints``).

Only what is missing is created, so applying a template twice creates nothing the second
time. Bodies and seats pass the same checks as any other (``check_body``, ``check_seat``);
each is audited as created, with the template's id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klynge.audit.actions import created
from klynge.audit.models import AuditEntry
from klynge.collaborations.models import Collaboration
from klynge.core.writes import locked
from klynge.governance.actions.bodies import check_body
from klynge.governance.actions.common import save_with_reason, written
from klynge.governance.actions.seats import check_seat
from klynge.governance.blueprints import Blueprint, PlannedBody, blueprint_for, plan_structure
from klynge.governance.models import Body, Seat


@dataclass
class StructureSummary:
    """What applying a template to one collaboration created."""

    collaboration: Collaboration
    on: dt.date
    blueprint: Blueprint | None
    bodies: list[Body] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return bool(self.bodies or self.seats)


@transaction.atomic
def do_apply_blueprint(actor: Any, collaboration: Collaboration, on: dt.date
                       ) -> StructureSummary:
    """Create the bodies and vacant seats that the template for ``on`` requires and that
    ``collaboration`` lacks. ``ValidationError`` if no template applies on that day."""
    collaboration = locked(Collaboration).select_related("country").get(
        pk=collaboration.pk)
    plan = plan_structure(collaboration, on)
    if plan.blueprint is None:
        raise ValidationError(_("No structure template applies to %(collaboration)s on "
                                "%(date)s.") % {"collaboration": collaboration.name,
                                                "date": on.isoformat()})
    summary = StructureSummary(collaboration, on, plan.blueprint, unresolved=plan.unresolved)
    made: dict[str, Body] = {}
    for planned in plan.bodies:
        body = planned.existing or _create_body(actor, planned, made, summary)
        made[planned.template.key] = body
        for seat in planned.missing:
            values = {"body": body, "person": None, "represents": seat.represents,
                      "constituency": seat.constituency, "role": Seat.Role.MEMBER,
                      "capacity": seat.capacity, "term_start": max(on, body.valid_from),
                      "term_end": body.valid_to}
            check_seat(values)
            vacancy = Seat.objects.create(**values)
            written(actor, AuditEntry.Verb.CREATE, vacancy, code=collaboration.code,
                    changes=created(vacancy, [name for name in values if name != "person"]),
                    blueprint=plan.blueprint.id)
            summary.seats.append(vacancy)
    return summary


def _create_body(actor: Any, planned: PlannedBody, made: dict[str, Body],
                 summary: StructureSummary) -> Body:
    template = planned.template
    values = {
        "collaboration": summary.collaboration, "organisation": None, "kind": template.kind,
        "name": template.name, "mandate": "", "parent": made.get(template.parent),
        "confidential": False, "valid_from": planned.valid_from, "valid_to": planned.valid_to,
        "source": template.citation[:255],
    }
    check_body(values)
    body = Body(**values)
    save_with_reason(body, "")
    written(actor, AuditEntry.Verb.CREATE, body, code=summary.collaboration.code,
            changes=created(body, [n for n in values if values[n] not in (None, "")]),
            blueprint=summary.blueprint.id if summary.blueprint else "")
    summary.bodies.append(body)
    return body


@transaction.atomic
def do_apply_blueprints(actor: Any, kind: str, on: dt.date, code: str | None = None
                        ) -> list[StructureSummary]:
    """Apply the template for ``on`` to every collaboration of ``kind`` in force that day
    that has one (or only to the one with ``code``), for an administrator."""
    collaborations = (Collaboration.objects.on(on).filter(kind=kind)
                      .select_related("country").order_by("country", "name"))
    if code is not None:
        collaborations = collaborations.filter(code=code)
    return [do_apply_blueprint(actor, collaboration, on) for collaboration in collaborations
            if blueprint_for(collaboration, on) is not None]
