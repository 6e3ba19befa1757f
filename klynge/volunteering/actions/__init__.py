"""The only writers of programmes, volunteers, certificates, referrals, bookings, matches and
contacts.

Views check access first (``klynge.volunteering.access``); these functions check it again,
check across rows, write and record an audit entry, in one transaction. Bad input raises
``ValidationError`` with a translated message and changes nothing.
"""

from klynge.volunteering.actions.matches import (
    do_confirm_assignment,
    do_log_contact,
    do_match,
    why_not,
)
from klynge.volunteering.actions.partners import (
    check_api_token,
    do_issue_api_token,
    do_note_api_token_use,
    do_refer_by_api,
    do_revoke_api_token,
    do_view_task,
    hash_secret,
)
from klynge.volunteering.actions.privacy import (
    ReferralView,
    blank_patient_data,
    do_export_referral,
    do_view_referral,
    do_view_referral_list,
    do_withdraw_consent,
)
from klynge.volunteering.actions.programmes import (
    PROGRAMME_FIELDS,
    check_programme,
    do_create_programme,
    do_delete_programme,
    do_update_programme,
    refuse_delete_programme,
)
from klynge.volunteering.actions.referrals import (
    REFERRAL_FIELDS,
    check_consent,
    check_patient,
    do_accept_referral,
    do_close_referral,
    do_decline_referral,
    do_refer,
    do_waitlist_referral,
)
from klynge.volunteering.actions.stays import check_booking, do_book_room, do_cancel_booking
from klynge.volunteering.actions.volunteers import (
    CERTIFICATE_FIELDS,
    VOLUNTEER_FIELDS,
    check_certificate,
    check_new_volunteer,
    check_volunteer,
    do_add_certificate,
    do_add_volunteer,
    do_delete_certificate,
    do_update_volunteer,
)

__all__ = [
    "CERTIFICATE_FIELDS", "PROGRAMME_FIELDS", "REFERRAL_FIELDS", "ReferralView",
    "VOLUNTEER_FIELDS", "blank_patient_data", "check_api_token", "check_booking",
    "check_certificate", "check_consent", "check_new_volunteer", "check_patient",
    "check_programme", "check_volunteer", "do_accept_referral", "do_add_certificate",
    "do_add_volunteer", "do_book_room", "do_cancel_booking", "do_close_referral",
    "do_confirm_assignment", "do_create_programme", "do_decline_referral",
    "do_delete_certificate", "do_delete_programme", "do_export_referral", "do_issue_api_token",
    "do_log_contact", "do_match", "do_note_api_token_use", "do_refer", "do_refer_by_api",
    "do_revoke_api_token", "do_update_programme", "do_update_volunteer", "do_view_referral",
    "do_view_referral_list", "do_view_task", "do_waitlist_referral", "do_withdraw_consent",
    "hash_secret", "refuse_delete_programme", "why_not",
]
