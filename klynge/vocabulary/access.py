"""Who may see and change a collaboration's themes and target groups.

Everyone who sees the collaboration (any signed-in user) sees its vocabulary; its
secretariat (and administrators) add, rename and retire terms. A term of a collaboration
the user may not see answers 404; one they may see but not change answers 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from klynge.collaborations.models import Collaboration
from klynge.governance.access import visible_collaborations
from klynge.governance.roles import roles_of
from klynge.vocabulary.models import Term


def visible_terms(user: Any) -> QuerySet[Term]:
    return Term.objects.filter(collaboration__in=visible_collaborations(user))


def can_edit_vocabulary(user: Any, collaboration: Collaboration) -> bool:
    return roles_of(user).is_secretariat_of(collaboration.pk)


def get_term_for_user(user: Any, pk: int, write: bool = False) -> Term:
    try:
        term = visible_terms(user).select_related("collaboration").get(pk=pk)
    except Term.DoesNotExist:
        raise Http404 from None
    if write and not can_edit_vocabulary(user, term.collaboration):
        raise PermissionDenied
    return term
