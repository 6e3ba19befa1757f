"""Shared set-up of the documents tests (no tests of its own): a meeting with approved
minutes, an open and a closed item, papers, attendance, a conflict, decisions, action items
and approvals; and reading text back out of a PDF WeasyPrint made (pypdf is not installed).
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from klynge.accounts.models import User
from klynge.attachments.actions import do_attach_file
from klynge.cases.models import Case
from klynge.governance.models import Person, Seat
from klynge.meetings.models import (
    ActionItem,
    AgendaItem,
    Conflict,
    ItemAttendance,
    Meeting,
    MinutesApproval,
)
from klynge.testing.auth import sign_in
from klynge.testing.cases import make_case
from klynge.testing.factories import make_person, make_seat, make_user
from klynge.testing.meetings import make_action_item, make_item, make_meeting, person_of
from klynge.testing.personas import World, make_world

SECRET = "Hemmeligholdt"  # a word only in the closed item
DECISION = "Rehabiliteringsplanen godkendes som foreslået"
A_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Minutes:
    world: World
    chair: User
    meeting: Meeting
    case: Case
    open_item: AgendaItem
    closed_item: AgendaItem
    open_action: ActionItem
    closed_action: ActionItem


def paper(owner: AgendaItem, name: str) -> None:
    do_attach_file(None, owner, SimpleUploadedFile(name, A_PDF, "application/pdf"))


def _record(item: AgendaItem, people: list[Person], wording: str) -> None:
    for person in people:
        ItemAttendance.objects.create(item=item, person=person)
    item.outcome = AgendaItem.Outcome.APPROVED
    item.wording = wording
    item.outcome_recorded_at = timezone.now()
    item.save()


def make_minutes(world: World | None = None, state: str = Meeting.State.MINUTES_APPROVED,
                 **meeting_fields: object) -> Minutes:
    """A meeting of the strategic level, held last week, with its minutes in ``state``."""
    world = world or make_world()
    chair = make_user("chair")
    chair_person = make_person(user=chair, name="Formand Frederiksen")
    make_seat(world.strategic, chair_person, role=Seat.Role.CHAIR)
    starts = timezone.make_aware(dt.datetime(2026, 11, 23, 14, 0))
    meeting_fields.setdefault("minutes_approved_at",
                              timezone.now() if state == Meeting.State.MINUTES_APPROVED else None)
    meeting = make_meeting(world.strategic, state=state, starts_at=starts,
                           title="Novembermøde", **meeting_fields)
    case = make_case(world.collaboration, title="Genoptræning efter udskrivning")
    open_item = make_item(meeting, title="Genoptræning efter udskrivning", case=case,
                          description="Kommunerne og hospitalet foreslår en fælles plan.",
                          proposal="At planen godkendes.", debate="Drøftet grundigt.")
    closed_item = make_item(meeting, title=f"{SECRET} personsag", closed=True,
                            description=f"{SECRET} beskrivelse", debate=f"{SECRET} debat")
    paper(open_item, "Rehabiliteringsplan.pdf")
    paper(closed_item, f"{SECRET}-bilag.pdf")
    member = person_of(world.member)
    _record(open_item, [member, chair_person], DECISION)
    _record(closed_item, [member], f"{SECRET} afgørelse")
    Conflict.objects.create(item=open_item, person=chair_person, reason="Ansat hos leverandøren")
    open_action = make_action_item(open_item, owner=member, title="Udarbejd en tidsplan")
    closed_action = make_action_item(closed_item, owner=chair_person,
                                     title=f"{SECRET} opfølgning")
    MinutesApproval.objects.create(meeting=meeting, person=chair_person,
                                   approved_at=timezone.now(), dissent="Uenig i punkt 1")
    return Minutes(world, chair, meeting, case, open_item, closed_item, open_action,
                   closed_action)


def login(client: Client, user: object) -> Client:
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# Reading a PDF ---------------------------------------------------------------------------
_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\r?\nendstream$", re.S)


def _stream(head: bytes, data: bytes) -> bytes:
    length = re.search(rb"/Length (\d+)(?! 0 R)", head)
    if length:
        data = data[:int(length.group(1))]
    return zlib.decompress(data) if b"/FlateDecode" in head else data


def pdf_objects(pdf: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Every object of ``pdf``: its dictionary and its (decompressed) stream, including the
    objects packed into object streams."""
    objects: dict[int, tuple[bytes, bytes]] = {}
    for match in _OBJECT.finditer(pdf):
        body = match.group(2)
        stream = _STREAM.match(body)
        head, data = (stream.group(1), _stream(stream.group(1), stream.group(2))) if stream \
            else (body, b"")
        objects[int(match.group(1))] = (head, data)
    for head, data in list(objects.values()):
        if b"/ObjStm" in head:
            first = int(re.search(rb"/First (\d+)", head).group(1))  # type: ignore[union-attr]
            numbers = [int(n) for n in data[:first].split()]
            pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
            for index, (number, offset) in enumerate(pairs):
                end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
                objects[number] = (data[first + offset:first + end], b"")
    return objects


def _cmap(data: bytes) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[src.decode().lower()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                      block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[f"{code:0{len(lo)}x}"] = chr(start + offset)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """The text shown on the pages of a PDF WeasyPrint made, one space between runs."""
    objects = pdf_objects(pdf)
    unicode_maps = {number: _cmap(objects[int(ref.group(1))][1])
                    for number, (head, _data) in objects.items()
                    if (ref := re.search(rb"/ToUnicode (\d+) 0 R", head))}
    fonts: dict[bytes, dict[str, str]] = {}
    for head, _data in objects.values():  # the pages' font resources: /NAME <font> 0 R
        for name, number in re.findall(rb"/(\S+?) (\d+) 0 R", head):
            if int(number) in unicode_maps:
                fonts[name] = unicode_maps[int(number)]
    runs: list[str] = []
    token = re.compile(rb"/(\S+) [\d.]+ Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj", re.S)
    for _head, data in objects.values():
        font: dict[str, str] = {}
        for match in token.finditer(data):
            if match.group(1) is not None:
                font = fonts.get(match.group(1), {})
                continue
            hexes = re.findall(rb"<([0-9a-fA-F]*)>", match.group(2) or b"<" + match.group(3) + b">")
            codes = b"".join(hexes).decode().lower()
            runs.append("".join(font.get(codes[i:i + 4], "") for i in range(0, len(codes), 4)))
    return re.sub(r"\s+", " ", " ".join(runs))
