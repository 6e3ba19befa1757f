"""The hearing actions: what they write, and what they refuse (changing nothing)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from klynge.attachments.models import Attachment
from klynge.audit.models import AuditEntry
from klynge.governance.models import Body, Person
from klynge.hearings import actions
from klynge.hearings.models import Answer, Hearing, Respondent, summary_ready
from klynge.notifications.models import Notification, Subscription
from klynge.testing.factories import (
    make_body,
    make_organisation,
    make_organisation_body,
    make_person,
    make_seat,
    make_user,
)
from klynge.testing.hearings import HearingWorld, make_answer, make_hearing, make_hearing_world
from klynge.testing.personas import World, make_world
from klynge.vocabulary.models import Term

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2026, 12, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
AFTER_DEADLINE = DEADLINE + dt.timedelta(minutes=1)


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def hw(world: World) -> HearingWorld:
    return make_hearing_world(world, deadline=DEADLINE)


def pdf(name: str = "svar.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
                              content_type="application/pdf")


def theme(world: World, code: str = "aeldre") -> Term:
    return Term.objects.create(collaboration=world.collaboration, kind=Term.Kind.THEME,
                               code=code, name_en="Older people", name_da="Ældre")


# Creating and changing ---------------------------------------------------------------------

def test_create_makes_a_draft_with_its_documents(world: World) -> None:
    term = theme(world)
    hearing = actions.do_create_hearing(world.secretariat, world.collaboration,
                                        title=" Sundhedsaftale ", deadline=DEADLINE,
                                        themes=[term], files=[pdf("aftale.pdf")])
    assert hearing.state == Hearing.State.DRAFT and hearing.title == "Sundhedsaftale"
    assert list(hearing.themes.all()) == [term]
    assert [a.name for a in Attachment.objects.of(hearing)] == ["aftale.pdf"]
    entry = AuditEntry.objects.get(object_type="hearings.hearing", verb="create")
    assert entry.changes["title"]["new"] == "Sundhedsaftale"
    assert entry.collaboration_code == world.collaboration.code


def test_create_refuses_a_deadline_in_the_past(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        actions.do_create_hearing(world.secretariat, world.collaboration, title="Høring",
                                  deadline=timezone.now() - dt.timedelta(hours=1))
    assert "The deadline must be in the future." in str(error.value)
    assert not Hearing.objects.exists()


def test_create_refuses_a_theme_of_another_collaboration(world: World) -> None:
    other = Term.objects.create(collaboration=world.other_collaboration,
                                kind=Term.Kind.THEME, code="x", name_en="Other")
    with pytest.raises(ValidationError, match="is not a theme of"):
        actions.do_create_hearing(world.secretariat, world.collaboration, title="Høring",
                                  deadline=DEADLINE, themes=[other])
    assert not Hearing.objects.exists()


def test_a_refused_document_creates_nothing(world: World) -> None:
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
    with pytest.raises(ValidationError, match="cannot be attached"):
        actions.do_create_hearing(world.secretariat, world.collaboration, title="Høring",
                                  deadline=DEADLINE, files=[bad])
    assert not Hearing.objects.exists() and not Attachment.objects.exists()


def test_a_draft_changes_freely(world: World) -> None:
    hearing = make_hearing(world.collaboration, deadline=DEADLINE)
    actions.do_change_hearing(world.secretariat, hearing, title="Ny titel",
                              themes=[theme(world)])
    hearing.refresh_from_db()
    assert hearing.title == "Ny titel" and hearing.themes.count() == 1
    assert AuditEntry.objects.filter(verb="update", object_type="hearings.hearing").count() == 1


def test_an_open_hearing_only_extends_its_deadline(hw: HearingWorld, world: World) -> None:
    later = DEADLINE + dt.timedelta(days=7)
    actions.do_change_hearing(world.secretariat, hw.hearing, deadline=later)
    hw.hearing.refresh_from_db()
    assert hw.hearing.deadline == later
    with pytest.raises(ValidationError, match="only be extended"):
        actions.do_change_hearing(world.secretariat, hw.hearing, deadline=DEADLINE)
    with pytest.raises(ValidationError, match="only its deadline"):
        actions.do_change_hearing(world.secretariat, hw.hearing, title="Andet")
    hw.hearing.refresh_from_db()
    assert hw.hearing.deadline == later and hw.hearing.title != "Andet"


def test_a_closed_hearing_keeps_its_deadline(hw: HearingWorld, world: World) -> None:
    with time_machine.travel(AFTER_DEADLINE), pytest.raises(ValidationError,
                                                            match="answers can no longer"):
        actions.do_change_hearing(world.secretariat, hw.hearing,
                                  deadline=AFTER_DEADLINE + dt.timedelta(days=3))


# Parties and respondents --------------------------------------------------------------------

def test_inviting_a_body_names_its_current_members(world: World) -> None:
    hearing = make_hearing(world.collaboration, deadline=DEADLINE)
    party = actions.do_invite_party(world.secretariat, hearing, body=world.panel)
    assert [r.person.user for r in party.respondents.all()] == [world.panel_member]
    assert AuditEntry.objects.filter(verb="invite").count() == 1


def test_an_elder_council_taking_part_may_be_invited(world: World) -> None:
    from klynge.governance.models import Participation

    council = make_organisation_body(make_organisation(), kind=Body.Kind.ELDER_COUNCIL)
    Participation.objects.create(body=council, collaboration=world.collaboration,
                                 valid_from=dt.date(2022, 7, 1))
    hearing = make_hearing(world.collaboration, deadline=DEADLINE)
    assert actions.do_invite_party(world.secretariat, hearing, body=council).body == council


@pytest.mark.parametrize("what", ["working group", "not a partner", "twice", "both"])
def test_invitations_refused(world: World, what: str) -> None:
    hearing = make_hearing(world.collaboration, deadline=DEADLINE)
    actions.do_invite_party(world.secretariat, hearing, body=world.panel)
    kwargs = {
        "working group": {"body": make_body(world.collaboration)},
        "not a partner": {"organisation": make_organisation()},
        "twice": {"body": world.panel},
        "both": {"body": world.panel, "organisation": make_organisation()},
    }[what]
    with pytest.raises(ValidationError):
        actions.do_invite_party(world.secretariat, hearing, **kwargs)  # type: ignore[arg-type]
    assert hearing.parties.count() == 1


def test_parties_are_removed_only_from_a_draft(hw: HearingWorld, world: World) -> None:
    with pytest.raises(ValidationError, match="only be removed while the hearing is a draft"):
        actions.do_remove_party(world.secretariat, hw.panel_party)
    assert hw.hearing.parties.count() == 2


def test_respondents_are_named_once_and_not_erased(hw: HearingWorld, world: World) -> None:
    person = make_person(name="Ny Respondent")
    actions.do_add_respondent(world.secretariat, hw.partner_party, person)
    with pytest.raises(ValidationError, match="already answers"):
        actions.do_add_respondent(world.secretariat, hw.partner_party, person)
    erased = make_person(name="Slettet", erased=True)
    with pytest.raises(ValidationError, match="erased"):
        actions.do_add_respondent(world.secretariat, hw.partner_party, erased)
    assert hw.partner_party.respondents.count() == 2


# Opening ------------------------------------------------------------------------------------

def test_opening_needs_a_respondent(world: World) -> None:
    hearing = make_hearing(world.collaboration, deadline=DEADLINE)
    with pytest.raises(ValidationError, match="Invite at least one party"):
        actions.do_open_hearing(world.secretariat, hearing)
    hearing.refresh_from_db()
    assert hearing.state == Hearing.State.DRAFT


def test_opening_needs_a_deadline_in_the_future(hw: HearingWorld, world: World) -> None:
    Hearing.objects.filter(pk=hw.hearing.pk).update(state=Hearing.State.DRAFT)
    with time_machine.travel(AFTER_DEADLINE), pytest.raises(ValidationError,
                                                            match="in the future"):
        actions.do_open_hearing(world.secretariat, hw.hearing)
    hw.hearing.refresh_from_db()
    assert hw.hearing.state == Hearing.State.DRAFT


def test_opening_tells_respondents_and_theme_followers_who_may_see(world: World) -> None:
    term = theme(world)
    hw = make_hearing_world(world, state=Hearing.State.DRAFT, deadline=DEADLINE, themes=[term])
    for user in (world.member, world.outsider):
        Subscription.objects.create(user=user, topic="theme", topic_id=term.pk)
    actions.do_open_hearing(world.secretariat, hw.hearing)
    hw.hearing.refresh_from_db()
    assert hw.hearing.state == Hearing.State.OPEN and hw.hearing.opened_at is not None
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"panel", "respondent", "member"}  # not the outsider who follows the theme
    following = set(Subscription.objects.filter(topic="hearing", topic_id=hw.hearing.pk)
                    .values_list("user__username", flat=True))
    assert following == {"panel", "respondent"}


# Answering ------------------------------------------------------------------------------------

def test_a_respondent_answers_for_the_party(hw: HearingWorld, world: World) -> None:
    answer = actions.do_answer_hearing(hw.respondent, hw.partner_party, text="Vi er enige.",
                                       files=[pdf()])
    assert answer.text == "Vi er enige." and answer.written_by == hw.respondent
    assert [a.name for a in Attachment.objects.of(answer)] == ["svar.pdf"]
    # The secretariat is told; no other follower of the hearing is, before the deadline.
    assert list(Notification.objects.values_list("user", flat=True)) == [world.secretariat.pk]


def test_another_respondent_changes_the_same_answer(hw: HearingWorld, world: World) -> None:
    colleague = make_user("colleague")
    actions.do_add_respondent(world.secretariat, hw.partner_party,
                              make_person(user=colleague, name="Kollega"))
    first = actions.do_answer_hearing(hw.respondent, hw.partner_party, text="Første", files=[pdf()])
    attachment = Attachment.objects.of(first).get()
    second = actions.do_answer_hearing(colleague, hw.partner_party, text="Anden",
                                       remove=[attachment])
    assert second.pk == first.pk and Answer.objects.count() == 1
    assert second.text == "Anden" and not Attachment.objects.of(second).exists()


def test_a_late_answer_is_refused_and_nothing_saved(hw: HearingWorld) -> None:
    with time_machine.travel(AFTER_DEADLINE), pytest.raises(ValidationError) as error:
        actions.do_answer_hearing(hw.respondent, hw.partner_party, text="For sent",
                                  files=[pdf()])
    assert error.value.messages == [
        "The deadline for answers was 15 December 2026 at 12:00; answers can no longer be "
        "given."]
    assert not Answer.objects.exists() and not Attachment.objects.exists()


def test_a_late_change_is_refused(hw: HearingWorld) -> None:
    make_answer(hw.partner_party, text="Til tiden")
    with time_machine.travel(AFTER_DEADLINE), pytest.raises(ValidationError):
        actions.do_answer_hearing(hw.respondent, hw.partner_party, text="Ændret")
    assert Answer.objects.get().text == "Til tiden"


def test_a_non_respondent_cannot_answer(hw: HearingWorld, world: World) -> None:
    with pytest.raises(ValidationError, match="Only the people named to answer"):
        actions.do_answer_hearing(world.panel_member, hw.partner_party, text="Ikke min")
    assert not Answer.objects.exists()


def test_a_draft_takes_no_answers(world: World) -> None:
    hw = make_hearing_world(world, state=Hearing.State.DRAFT, deadline=DEADLINE)
    with pytest.raises(ValidationError, match="not open for answers yet"):
        actions.do_answer_hearing(hw.respondent, hw.partner_party, text="Tidligt")
    assert not Answer.objects.exists()


def test_an_empty_answer_is_refused(hw: HearingWorld) -> None:
    with pytest.raises(ValidationError, match="Write an answer or attach a file"):
        actions.do_answer_hearing(hw.respondent, hw.partner_party, text="  ")


def test_a_refused_file_saves_no_answer(hw: HearingWorld) -> None:
    bad = SimpleUploadedFile("svar.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError, match="is not a PDF file"):
        actions.do_answer_hearing(hw.respondent, hw.partner_party, text="Svar", files=[bad])
    assert not Answer.objects.exists()


# After the deadline ----------------------------------------------------------------------------

def test_responses_wait_for_the_deadline(hw: HearingWorld, world: World) -> None:
    answer = make_answer(hw.partner_party)
    with pytest.raises(ValidationError, match="after the deadline"):
        actions.do_respond_to_answer(world.secretariat, answer, "Tages til efterretning")
    with time_machine.travel(AFTER_DEADLINE):
        actions.do_respond_to_answer(world.secretariat, answer, "Tages til efterretning")
    answer.refresh_from_db()
    assert answer.response == "Tages til efterretning" and answer.responded_by == world.secretariat


def test_summarising(hw: HearingWorld, world: World) -> None:
    answer = make_answer(hw.partner_party)
    with pytest.raises(ValidationError, match="after the deadline"):
        actions.do_summarise_hearing(world.secretariat, hw.hearing, summary="Tidligt")
    with time_machine.travel(AFTER_DEADLINE):
        with pytest.raises(ValidationError, match="1 answer has no response"):
            actions.do_summarise_hearing(world.secretariat, hw.hearing, summary="Sammenfatning",
                                         final=True)
        assert not summary_ready(Hearing.objects.get())
        actions.do_respond_to_answer(world.secretariat, answer, "Indarbejdet")
        actions.do_summarise_hearing(world.secretariat, hw.hearing, summary="Sammenfatning",
                                     final=True)
        hearing = Hearing.objects.get()
        assert summary_ready(hearing) and hearing.summary == "Sammenfatning"
        told = set(Notification.objects.values_list("user__username", flat=True))
        assert told == {"panel", "respondent"}
        with pytest.raises(ValidationError, match="summary is final"):
            actions.do_respond_to_answer(world.secretariat, answer, "Ændret")


def test_respondents_are_kept_apart_per_party(hw: HearingWorld) -> None:
    assert set(Respondent.objects.values_list("person__user__username", flat=True)) == {
        "panel", "respondent"}
    assert Person.objects.filter(user=hw.respondent).get().organisation == hw.partner


def test_a_seat_ended_before_the_invitation_is_no_respondent(world: World) -> None:
    make_seat(world.panel, make_person(name="Tidligere"), term_end=dt.date(2024, 1, 1))
    hearing = make_hearing(world.collaboration, deadline=DEADLINE)
    party = actions.do_invite_party(world.secretariat, hearing, body=world.panel)
    assert "Tidligere" not in [r.person.name for r in party.respondents.all()]


def test_the_summary_tells_only_who_may_read_every_answer(hw: HearingWorld, world: World) -> None:
    for user in (world.member, world.outsider):  # e.g. followed while they could see it
        Subscription.objects.create(user=user, topic="hearing", topic_id=hw.hearing.pk)
    with time_machine.travel(AFTER_DEADLINE):
        actions.do_summarise_hearing(world.secretariat, hw.hearing, summary="Ingen svar",
                                     final=True)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"member", "panel", "respondent"}
