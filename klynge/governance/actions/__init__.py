"""The write layer of the governance app: every change to bodies, seats, people and role
grants, each in one transaction with an audit entry and a new structure version.

Views and the admin check access first (``klynge.governance.access``); these functions
check across rows, write and record. Bad input raises ``ValidationError`` with a translated
message and changes nothing. The ``check_*`` functions are the same checks, for a form to
run before it saves (the admin does).
"""

from klynge.governance.actions.bodies import (
    BODY_FIELDS,
    PAGE_BODY_FIELDS,
    check_body,
    check_participation,
    do_add_participation,
    do_create_body,
    do_delete_body,
    do_delete_participation,
    do_update_body,
    do_update_participation,
    refuse_delete_body,
)
from klynge.governance.actions.grants import (
    check_grant,
    do_delete_grant,
    do_end_grant,
    do_grant_role,
    do_update_grant,
)
from klynge.governance.actions.people import (
    PAGE_PERSON_FIELDS,
    check_person,
    do_create_person,
    do_delete_person,
    do_erase_person,
    do_update_person,
    invite_if_new,
    refuse_delete_person,
)
from klynge.governance.actions.seats import (
    PAGE_SEAT_FIELDS,
    check_seat,
    do_add_seat,
    do_delete_seat,
    do_end_seat,
    do_fill_seat,
    do_update_seat,
)
from klynge.governance.actions.structure import (
    StructureSummary,
    do_apply_blueprint,
    do_apply_blueprints,
)

__all__ = [
    "BODY_FIELDS", "PAGE_BODY_FIELDS", "PAGE_PERSON_FIELDS", "PAGE_SEAT_FIELDS",
    "StructureSummary", "do_apply_blueprint", "do_apply_blueprints",
    "check_body", "check_grant", "check_participation", "check_person", "check_seat",
    "do_add_participation", "do_add_seat", "do_create_body", "do_create_person",
    "do_delete_body", "do_delete_grant", "do_delete_participation", "do_delete_person",
    "do_delete_seat", "do_end_grant", "do_end_seat", "do_erase_person", "do_fill_seat",
    "do_grant_role", "do_update_body", "do_update_grant", "do_update_participation",
    "do_update_person", "do_update_seat", "invite_if_new", "refuse_delete_body",
    "refuse_delete_person",
]
