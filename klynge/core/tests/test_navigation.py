from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.translation import gettext_lazy as _

from klynge.core import navigation
from klynge.core.navigation import Link, links, register


@pytest.fixture
def restore() -> Iterator[None]:
    saved = dict(navigation._LINKS)
    navigation._LINKS.clear()  # only the links a test registers
    yield
    navigation._LINKS.clear()
    navigation._LINKS.update(saved)


def test_links_are_ordered_and_filtered_by_who_may_follow_them(restore: None) -> None:
    register(Link("body", "b", _("Second"), "web:health", order=2))
    register(Link("body", "a", _("First"), "web:home", order=1))
    register(Link("body", "hidden", _("Hidden"), "web:home",
                  show=lambda user, obj: obj == "yes"))
    assert [label for label, _url in links("body", None, "no")] == ["First", "Second"]
    assert ("Hidden", "/") in links("body", None, "yes")


def test_an_unknown_place_is_refused() -> None:
    with pytest.raises(ValueError):
        register(Link("nowhere", "x", "X", "web:home"))


def test_the_template_tag_renders_the_links(restore: None, rf: RequestFactory) -> None:
    register(Link("collaboration", "health", _("Health"), "web:health"))
    request = rf.get("/")
    request.user = None  # type: ignore[assignment]
    html = Template('{% load klynge_tags %}{% page_links "collaboration" %}').render(
        Context({"request": request}))
    assert '<a href="/health/">Health</a>' in html
