"""The personas every view test uses, in one place.

- ``secretariat``: sits in the collaboration's secretariat; may change it.
- ``member``: sits in the strategic level.
- ``panel_member``: sits in the user panel.
- ``outsider``: signed in, sits nowhere (a guest).
- ``admin``: platform administrator.
The collaboration also has a confidential steering group that only the secretariat,
its own members and administrators can see.
"""

from __future__ import annotations

from dataclasses import dataclass

from klynge.accounts.models import User
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body, Seat
from klynge.testing.factories import (
    make_body,
    make_collaboration,
    make_person,
    make_seat,
    make_user,
)

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    collaboration: Collaboration
    other_collaboration: Collaboration
    secretariat_body: Body
    strategic: Body
    panel: Body
    confidential: Body
    secretariat: User
    member: User
    panel_member: User
    outsider: User
    admin: User


def _seated_user(username: str, body: Body, **seat: object) -> User:
    user = make_user(username, password=PASSWORD)
    make_seat(body, make_person(user=user, name=username.title()), **seat)  # type: ignore[arg-type]
    return user


def make_world() -> World:
    collaboration = make_collaboration(code="testklyngen", name="Testklyngen")
    other = make_collaboration(code="andenklyngen", name="Andenklyngen")
    secretariat_body = make_body(collaboration, kind=Body.Kind.SECRETARIAT, name="Sekretariat")
    strategic = make_body(collaboration, kind=Body.Kind.STRATEGIC, name="Styregruppe")
    panel = make_body(collaboration, kind=Body.Kind.USER_PANEL, name="Brugerpanel")
    confidential = make_body(
        collaboration, kind=Body.Kind.STEERING, name="Fortrolig gruppe", confidential=True
    )
    return World(
        collaboration=collaboration,
        other_collaboration=other,
        secretariat_body=secretariat_body,
        strategic=strategic,
        panel=panel,
        confidential=confidential,
        secretariat=_seated_user("secretariat", secretariat_body, role=Seat.Role.SECRETARY),
        member=_seated_user("member", strategic),
        panel_member=_seated_user("panel", panel, constituency=Seat.Constituency.PATIENTS),
        outsider=make_user("outsider", password=PASSWORD),
        admin=make_user("admin", password=PASSWORD, is_superuser=True, is_staff=True),
    )
