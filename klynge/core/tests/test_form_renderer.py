"""The form renderer draws select boxes exactly as Django's templates do."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from klynge.core.forms import FormRenderer


class Example(forms.Form):
    plain = forms.ChoiceField(choices=[("", "All"), ("a", "A & <b>"), (1, "One")],
                              required=False)
    grouped = forms.ChoiceField(choices=[("Nordic", [("dk", "Danmark"), ("no", "Norge")]),
                                         ("x", 'Quote "x"')])
    many = forms.MultipleChoiceField(choices=[("1", "Ældre"), ("2", mark_safe("<i>safe</i>"))],
                                     required=False)
    flagged = forms.ChoiceField(choices=[("y", "Yes")], widget=forms.Select(
        attrs={"disabled": True, "hidden": False, "data-x": "a\"b", "aria-describedby": "h"}))


@pytest.mark.parametrize("data", [None, {"plain": "a", "grouped": "no", "many": ["1", "2"],
                                         "flagged": "y"}, {"plain": "1"}])
def test_select_boxes_are_drawn_as_by_django(data):
    ours = Example(data, renderer=FormRenderer())
    django = Example(data, renderer=DjangoTemplates())
    for name in ours.fields:
        assert str(ours[name]) == str(django[name]), name


def test_selected_option_and_escaping():
    html = str(Example({"plain": "a"}, renderer=FormRenderer())["plain"])
    assert '<option value="a" selected>A &amp; &lt;b&gt;</option>' in html


def test_other_widgets_are_drawn_by_django():
    class Other(forms.Form):
        radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
        text = forms.CharField()

    ours, django = Other(renderer=FormRenderer()), Other(renderer=DjangoTemplates())
    assert str(ours) == str(django)
