"""The case pages: list, new, case, edit, steps, files, follow, confidentiality, mine."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from klynge.attachments.models import Attachment
from klynge.cases import actions
from klynge.cases.models import Case, State
from klynge.cases.tests.conftest import CaseWorld
from klynge.notifications.models import Subscription
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case, make_term, submit_case
from klynge.testing.personas import World
from klynge.vocabulary.models import Term

pytestmark = pytest.mark.django_db


def login(client: Client, user: Any) -> Client:
    sign_in(client, user)
    return client


def text_file(name: str = "notat.txt", content: bytes = b"Et notat om sagen.\n") -> Any:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def new_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"title": "Faldforebyggelse", "description": "Mange ældre falder.",
                            "request": "En fælles indsats.", "submit_as": ""}
    data.update(overrides)
    return data


# The list ------------------------------------------------------------------------------------

def list_url(world: World) -> str:
    return reverse("cases:case_list", args=[world.collaboration.code])


def test_the_list_shows_the_cases_a_member_may_see(client: Client, world: World) -> None:
    shown = make_case(world.collaboration, title="Synlig sag")
    hidden = make_case(world.collaboration, title="Fortrolig sag", confidential=True)
    page = login(client, world.member).get(list_url(world))
    assert page.status_code == 200
    assert shown.file_number in page.text and "Synlig sag" in page.text
    assert "Fortrolig sag" not in page.text and hidden.file_number not in page.text
    assert "Submit a case" in page.text


def test_the_list_filters(client: Client, world: World) -> None:
    theme = make_term(world.collaboration, name_en="Rehab")
    make_case(world.collaboration, title="Genoptræning", themes=[theme])
    make_case(world.collaboration, title="Andet", state=State.CLOSED)
    login(client, world.member)
    page = client.get(list_url(world), {"theme": theme.pk})
    assert "Genoptræning" in page.text and "Andet" not in page.text
    page = client.get(list_url(world), {"state": "closed", "q": "and"})
    assert "Andet" in page.text and "Genoptræning" not in page.text


def test_the_list_refuses_a_bad_filter(client: Client, world: World) -> None:
    response = login(client, world.member).get(list_url(world), {"state": "bogus"})
    assert response.status_code == 422


def test_the_list_of_an_unknown_collaboration_is_404(client: Client, world: World) -> None:
    response = login(client, world.member).get(reverse("cases:case_list", args=["nowhere"]))
    assert response.status_code == 404


def test_an_outsider_sees_no_cases(client: Client, world: World) -> None:
    make_case(world.collaboration, title="Intern sag")
    page = login(client, world.outsider).get(list_url(world))
    assert page.status_code == 200 and "Intern sag" not in page.text
    assert "Submit a case" not in page.text


def test_the_list_queries_do_not_grow_with_the_cases(client: Client, world: World,
                                                     django_assert_max_num_queries: Any) -> None:
    login(client, world.member)
    for _ in range(2):
        make_case(world.collaboration, current_body=world.strategic)
    client.get(list_url(world))  # warm the session and the content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(list_url(world))
    for _ in range(20):
        make_case(world.collaboration, current_body=world.confidential)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(list_url(world))
    assert page.text.count("a confidential body") == 20  # with a body the member cannot see
    assert "Fortrolig gruppe" not in page.text
    assert page.context["page"].paginator.count == 2 + 20


# Submitting ----------------------------------------------------------------------------------

def new_url(world: World) -> str:
    return reverse("cases:case_new", args=[world.collaboration.code])


def test_a_member_submits_a_case(client: Client, world: World) -> None:
    login(client, world.member)
    page = client.get(new_url(world))
    assert page.status_code == 200
    assert Term.objects.filter(collaboration=world.collaboration).exists(), "seeded"
    theme = Term.objects.filter(collaboration=world.collaboration, kind="theme").first()
    assert theme is not None
    response = client.post(new_url(world), new_data(themes=[theme.pk],
                                                    attachments=[text_file()]))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert list(case.themes.all()) == [theme]
    assert Attachment.objects.of(case).get().name == "notat.txt"
    page = client.get(case.get_absolute_url())
    assert "2026-0001" in page.text and "was submitted" in page.text


def test_a_panel_member_submits_as_the_panel(client: Client, world: World) -> None:
    login(client, world.panel_member)
    page = client.get(new_url(world))
    assert f'<option value="{world.panel.pk}">Brugerpanel</option>' in page.text
    response = client.post(new_url(world), new_data(submit_as=world.panel.pk))
    assert response.status_code == 302
    assert Case.objects.get().submitting_body == world.panel


def test_an_outsider_may_not_submit(client: Client, world: World) -> None:
    login(client, world.outsider)
    assert client.get(new_url(world)).status_code == 403
    assert client.post(new_url(world), new_data()).status_code == 403
    assert not Case.objects.exists()


def test_submitting_in_an_unknown_collaboration_is_404(client: Client, world: World) -> None:
    response = login(client, world.member).get(reverse("cases:case_new", args=["nowhere"]))
    assert response.status_code == 404


def test_a_case_without_a_title_is_refused(client: Client, world: World) -> None:
    response = login(client, world.member).post(new_url(world), new_data(title=""))
    assert response.status_code == 422 and not Case.objects.exists()


def test_a_refused_file_type_is_refused(client: Client, world: World) -> None:
    upload = SimpleUploadedFile("program.exe", b"MZ\x90\x00binary", "application/octet-stream")
    response = login(client, world.member).post(new_url(world), new_data(attachments=[upload]))
    assert response.status_code == 422
    assert "cannot be attached" in response.text
    assert not Case.objects.exists() and not Attachment.objects.exists()


@override_settings(KLYNGE_ATTACHMENT_MAX_BYTES=10)
def test_a_too_large_file_is_refused(client: Client, world: World) -> None:
    response = login(client, world.member).post(
        new_url(world), new_data(attachments=[text_file(content=b"x" * 11)]))
    assert response.status_code == 422
    assert "files may be at most" in response.text
    assert not Case.objects.exists()


# The case page ---------------------------------------------------------------------------------

def test_the_case_page_shows_the_whole_life(client: Client, cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.panel_member, w.collaboration, submitting_body=w.panel)
    case = actions.do_route_case(w.secretariat, case, cw.working_group)
    actions.do_recommend(cw.chair, case, "Anbefaling fra faggruppen")
    page = login(client, w.panel_member).get(case.get_absolute_url())
    assert page.status_code == 200
    text = page.text
    assert case.file_number in text and "Anbefaling fra faggruppen" in text
    assert "Routed" in text and "Faggruppe ældre" in text
    # The bodies are links: where it is now, who recommended, and in the history.
    link = f'<a href="{cw.working_group.get_absolute_url()}">Faggruppe ældre</a>'
    assert text.count(link) >= 3
    assert "What you can do now" in text and "Withdraw" in text
    assert "Route</button>" not in text


def test_the_secretariat_is_offered_the_steps(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    page = login(client, world.secretariat).get(case.get_absolute_url())
    for label in ("Route", "Return to the submitter", "Reject"):
        assert f">{label}</button>" in page.text
    assert "Close</button>" not in page.text


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_a_confidential_case_is_404(client: Client, world: World, persona: str) -> None:
    case = make_case(world.collaboration, confidential=True)
    assert login(client, getattr(world, persona)).get(case.get_absolute_url()).status_code == 404


def test_a_confidential_body_is_not_named(client: Client, world: World) -> None:
    case = make_case(world.collaboration, state=State.AT_BODY, current_body=world.confidential)
    page = login(client, world.member).get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Fortrolig gruppe" not in page.text and "a confidential body" in page.text
    assert world.confidential.get_absolute_url() not in page.text


# Editing ----------------------------------------------------------------------------------------

def edit_url(case: Case) -> str:
    return reverse("cases:case_edit", args=[case.pk])


def test_the_submitter_edits_a_returned_case(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    case = actions.do_return_case(world.secretariat, case, "Uddyb")
    login(client, world.member)
    assert client.get(edit_url(case)).status_code == 200
    response = client.post(edit_url(case), new_data(title="Uddybet titel"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "Uddybet titel"
    assert case.events.last().kind == "changed"


def test_edit_refusals(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    assert login(client, world.panel_member).get(edit_url(case)).status_code == 403
    assert login(client, world.outsider).get(edit_url(case)).status_code == 404
    response = login(client, world.member).post(edit_url(case), new_data(title=" "))
    assert response.status_code == 422
    case.refresh_from_db()
    assert case.title == "Bedre overgange for ældre"


# Steps -------------------------------------------------------------------------------------------

def step_url(case: Case, name: str) -> str:
    return reverse("cases:case_step", args=[case.pk, name])


def test_the_secretariat_routes_a_case(client: Client, cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.member, w.collaboration)
    response = login(client, w.secretariat).post(step_url(case, "route"),
                                                 {"route-to_body": cw.working_group.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.AT_BODY and case.current_body == cw.working_group


def test_route_offers_the_parent_first(client: Client, cw: CaseWorld) -> None:
    w = cw.world
    case = actions.do_route_case(w.secretariat, submit_case(w.member, w.collaboration),
                                 cw.working_group)
    page = login(client, w.secretariat).get(case.get_absolute_url())
    route = next(f for f in page.context["steps"] if f.step.name == "route")
    assert route.fields["to_body"].choices[1][0] == w.strategic.pk


def test_step_refusals(client: Client, cw: CaseWorld) -> None:
    w = cw.world
    case = submit_case(w.member, w.collaboration)
    body = {"route-to_body": cw.working_group.pk}
    assert login(client, w.member).post(step_url(case, "route"), body).status_code == 403
    assert login(client, w.outsider).post(step_url(case, "route"), body).status_code == 404
    login(client, w.secretariat)
    assert client.post(step_url(case, "nonsense"), body).status_code == 404
    assert client.post(step_url(case, "decide"), body).status_code == 404  # meetings only
    response = client.post(step_url(case, "reject"), {"reject-reason": ""})
    assert response.status_code == 422
    case = actions.do_reject_case(w.secretariat, case, "Uden for mandatet")
    response = client.post(step_url(case, "route"), body)
    assert response.status_code == 422
    assert "A case that is rejected cannot be routed." in response.text
    case.refresh_from_db()
    assert case.state == State.REJECTED


def test_the_chair_recommends(client: Client, cw: CaseWorld) -> None:
    w = cw.world
    case = actions.do_route_case(w.secretariat, submit_case(w.member, w.collaboration),
                                 cw.working_group)
    login(client, cw.chair)
    assert client.post(step_url(case, "recommend"), {"recommend-text": ""}).status_code == 422
    response = client.post(step_url(case, "recommend"), {"recommend-text": "Gør det"})
    assert response.status_code == 302
    assert case.recommendations.get().text == "Gør det"


# Confidentiality, follow, mine ----------------------------------------------------------------

def test_the_secretariat_makes_a_case_confidential(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    url = reverse("cases:case_confidential", args=[case.pk])
    assert login(client, world.member).post(url, {"confidential": "on"}).status_code == 403
    assert login(client, world.outsider).post(url, {"confidential": "on"}).status_code == 404
    assert login(client, world.secretariat).post(url, {"confidential": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.confidential


def test_follow_and_unfollow(client: Client, world: World) -> None:
    case = make_case(world.collaboration)
    url = reverse("cases:case_follow", args=[case.pk])
    login(client, world.panel_member)
    assert client.post(url, {"follow": "1"}).status_code == 302
    assert Subscription.objects.filter(user=world.panel_member, topic_id=case.pk).exists()
    assert "Stop following" in client.get(case.get_absolute_url()).text
    client.post(url, {"follow": "0"})
    assert not Subscription.objects.filter(user=world.panel_member).exists()
    assert login(client, world.outsider).post(url, {"follow": "1"}).status_code == 404


def test_my_cases(client: Client, world: World) -> None:
    mine = submit_case(world.panel_member, world.collaboration, submitting_body=world.panel,
                       title="Panelets sag")
    make_case(world.collaboration, title="En andens sag")
    page = login(client, world.panel_member).get(reverse("cases:my_cases"))
    assert page.status_code == 200
    assert mine.file_number in page.text and "Panelets sag" in page.text
    assert "En andens sag" not in page.text


# Files -------------------------------------------------------------------------------------------

def test_attach_download_and_remove(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    other = submit_case(world.member, world.collaboration, files=[text_file("anden.txt")])
    login(client, world.member)
    response = client.post(reverse("cases:case_attach", args=[case.pk]),
                           {"attachments": [text_file()]})
    assert response.status_code == 302
    attachment = Attachment.objects.of(case).get()
    url = reverse("cases:case_file", args=[case.pk, attachment.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Et notat om sagen.\n"  # type: ignore[attr-defined]
    foreign = Attachment.objects.of(other).get()
    assert client.get(reverse("cases:case_file", args=[case.pk, foreign.pk])).status_code == 404
    assert login(client, world.outsider).get(url).status_code == 404
    login(client, world.member)
    response = client.post(reverse("cases:case_file_remove", args=[case.pk, attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.of(case).exists()


def test_attach_refusals(client: Client, world: World) -> None:
    case = submit_case(world.member, world.collaboration)
    url = reverse("cases:case_attach", args=[case.pk])
    bad = SimpleUploadedFile("script.js", b"alert(1)", "text/javascript")
    response = login(client, world.member).post(url, {"attachments": [bad]})
    assert response.status_code == 422 and not Attachment.objects.exists()
    with override_settings(KLYNGE_ATTACHMENT_MAX_BYTES=5):
        response = client.post(url, {"attachments": [text_file()]})
    assert response.status_code == 422 and not Attachment.objects.exists()
    assert login(client, world.panel_member).post(url, {"attachments": [text_file()]}
                                                  ).status_code == 403
