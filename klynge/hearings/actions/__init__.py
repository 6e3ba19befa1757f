"""The only writers of hearings, their parties, respondents and answers.

Views check access first (``klynge.hearings.access``); these functions check across rows,
write, and record an audit entry, in one transaction. Bad input raises ``ValidationError``
with a translated message and changes nothing.
"""

from klynge.hearings.actions.answers import (
    check_answer,
    do_answer_hearing,
    do_respond_to_answer,
)
from klynge.hearings.actions.common import late_message
from klynge.hearings.actions.hearings import (
    HEARING_FIELDS,
    check_hearing,
    check_open,
    do_attach_to_hearing,
    do_change_hearing,
    do_create_hearing,
    do_detach_from_hearing,
    do_open_hearing,
    do_summarise_hearing,
)
from klynge.hearings.actions.parties import (
    do_add_respondent,
    do_invite_party,
    do_remove_party,
    do_remove_respondent,
    eligible_bodies,
    eligible_organisations,
)

__all__ = [
    "HEARING_FIELDS", "check_answer", "check_hearing", "check_open", "do_add_respondent",
    "do_answer_hearing", "do_attach_to_hearing", "do_change_hearing", "do_create_hearing",
    "do_detach_from_hearing", "do_invite_party", "do_open_hearing", "do_remove_party",
    "do_remove_respondent", "do_respond_to_answer", "do_summarise_hearing",
    "eligible_bodies", "eligible_organisations", "late_message",
]
