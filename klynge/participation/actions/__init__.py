"""The only writers of the participation app: each atomic, with an audit entry. Bad input
is refused with a translated ``ValidationError`` and nothing is written."""

from klynge.participation.actions.contributions import (
    do_anonymise_expired,
    do_contribute,
    do_moderate_contribution,
    do_send_feedback,
    do_withdraw_contribution,
    find_by_key,
)
from klynge.participation.actions.events import (
    do_cancel_event,
    do_cancel_registration,
    do_plan_event,
    do_record_event_involvement,
    do_register,
    find_registration,
)
from klynge.participation.actions.publishing import (
    do_set_case_public,
    do_set_hearing_public,
    do_set_public_page,
)
from klynge.participation.actions.workshops import (
    do_add_idea,
    do_cast_votes,
    do_change_workshop,
    do_close_voting,
    do_invite_participants,
    do_make_cases,
    do_open_voting,
    do_plan_workshop,
    do_remove_idea,
    results,
)

__all__ = [
    "do_add_idea", "do_anonymise_expired", "do_cancel_event", "do_cancel_registration",
    "do_plan_event", "do_record_event_involvement", "do_register", "find_registration",
    "do_cast_votes", "do_change_workshop",
    "do_close_voting", "do_contribute", "do_invite_participants", "do_make_cases",
    "do_moderate_contribution", "do_open_voting", "do_plan_workshop", "do_remove_idea",
    "do_send_feedback", "do_set_case_public", "do_set_hearing_public", "do_set_public_page",
    "do_withdraw_contribution", "find_by_key", "results",
]
