"""The only writers of cases, their history, recommendations and decisions.

Each action runs in one transaction, locks the case, checks the step against the state
machine (``klynge.cases.states``), writes a :class:`~klynge.cases.models.CaseEvent` and an
audit entry, and tells the case's followers (and its submitter) who may see it.
"""

from klynge.cases.actions.agenda import (
    do_forward_case,
    do_move_case,
    do_note_action_item,
    do_put_on_agenda,
    do_record_decision,
    do_record_postponement,
    do_take_off_agenda,
)
from klynge.cases.actions.steps import (
    do_close_case,
    do_recommend,
    do_reject_case,
    do_reopen_case,
    do_resubmit_case,
    do_return_case,
    do_route_case,
    do_withdraw_case,
)
from klynge.cases.actions.submission import (
    CASE_FIELDS,
    check_case,
    do_attach_to_case,
    do_change_case,
    do_remove_case_attachment,
    do_set_case_confidential,
    do_submit_case,
    next_serial,
)

__all__ = [
    "CASE_FIELDS", "check_case", "do_attach_to_case", "do_change_case", "do_close_case",
    "do_forward_case", "do_move_case", "do_note_action_item", "do_put_on_agenda",
    "do_recommend", "do_record_decision", "do_record_postponement", "do_reject_case",
    "do_remove_case_attachment", "do_reopen_case", "do_resubmit_case", "do_return_case",
    "do_route_case", "do_set_case_confidential", "do_submit_case", "do_take_off_agenda",
    "do_withdraw_case", "next_serial",
]
