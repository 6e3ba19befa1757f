"""The write layer of the meetings app: every change to meetings, agendas, attendance,
minutes and action items, each in one transaction with an audit entry.

Views check access first (``klynge.meetings.access``); these functions check across rows,
write and record. Bad input raises ``ValidationError`` with a translated message and changes
nothing; once the minutes are approved, every change to the meeting is refused.
"""

from klynge.meetings.actions.agenda import (
    do_add_item,
    do_answer_review,
    do_attach_papers,
    do_change_item,
    do_move_item,
    do_release_agenda,
    do_remove_item,
    do_remove_paper,
    do_reorder_items,
    do_send_agenda_for_review,
)
from klynge.meetings.actions.follow_up import (
    do_add_action_item,
    do_mark_action_item_done,
    remind_overdue_action_items,
)
from klynge.meetings.actions.handover import (
    do_hand_over_action_item,
    do_hand_over_case,
    do_take_over,
)
from klynge.meetings.actions.meetings import (
    MEETING_FIELDS,
    check_meeting,
    do_cancel_meeting,
    do_change_meeting,
    do_schedule_meeting,
    do_set_meeting_rules,
)
from klynge.meetings.actions.minutes import (
    do_approve_minutes,
    do_record_dissent,
    do_record_outcome,
    do_send_minutes_for_approval,
    do_write_minutes_note,
)
from klynge.meetings.actions.taking_part import (
    do_answer_invitation,
    do_declare_conflict,
    do_record_attendance,
    do_withdraw_conflict,
    expected_people,
)

__all__ = [
    "MEETING_FIELDS", "check_meeting", "do_add_action_item", "do_add_item",
    "do_answer_invitation", "do_answer_review", "do_approve_minutes", "do_attach_papers",
    "do_cancel_meeting", "do_change_item", "do_change_meeting", "do_declare_conflict",
    "do_hand_over_action_item", "do_hand_over_case", "do_mark_action_item_done",
    "do_move_item", "do_record_attendance", "do_record_dissent", "do_record_outcome",
    "do_release_agenda", "do_remove_item", "do_remove_paper", "do_reorder_items",
    "do_schedule_meeting", "do_send_agenda_for_review", "do_send_minutes_for_approval",
    "do_set_meeting_rules", "do_take_over", "do_withdraw_conflict", "do_write_minutes_note",
    "expected_people", "remind_overdue_action_items",
]
