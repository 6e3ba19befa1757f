"""What the involvement overview page shows (``overview.py`` counts), its chart and its
exports."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klynge.cases.models import Case
from klynge.collaborations.models import Collaboration
from klynge.governance.models import Body
from klynge.involvement.models import Step
from klynge.involvement.overview import LEVELS, NONE, Cell, Decided, Overview, select
from klynge.meetings.documents.exports import Column

QUARTER = re.compile(r"^\d{4}-Q[1-4]$")
# The chart's colours, lowest step first: a blue scale, each at least 3:1 against the white
# background (WCAG 1.4.11), and grey for no involvement; white lines part the segments.
COLOURS = ["#5b8fc7", "#2f6fb0", "#1f5591", "#173f6b", "#0b2545", "#767676"]


def level_labels() -> list[tuple[str, str]]:
    return [(step.value, str(step.label)) for step in Step] + [(NONE, _("no involvement"))]


class OverviewFilter(forms.Form):
    """Which bar's cases to list: a quarter, a body, a step (each optional)."""

    quarter = forms.RegexField(regex=QUARTER, required=False, label=gettext_lazy("Quarter"),
                               error_messages={"invalid": gettext_lazy(
                                   "A quarter is written as 2026-Q3.")})
    body = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                  label=gettext_lazy("Body"))
    level = forms.ChoiceField(required=False, label=gettext_lazy("Step"))

    def __init__(self, *args: Any, bodies: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", ""), *bodies.items()]  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", ""), *level_labels()]  # type: ignore[attr-defined]

    @property
    def chosen(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


@dataclass
class Row:
    label: str
    cell: Cell
    url: str
    levels: list[tuple[int, str]]  # (count, address of its cases) per level

    @property
    def share(self) -> str:
        share = self.cell.share
        return "–" if share is None else f"{share:.0f} %"


def _address(base: str, **chosen: Any) -> str:
    query = {name: value for name, value in chosen.items() if value not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


def _row(base: str, label: str, cell: Cell, **chosen: Any) -> Row:
    return Row(label, cell, _address(base, **chosen),
               [(cell.counts[level], _address(base, level=level, **chosen))
                for level in LEVELS])


def chart(overview: Overview, base: str) -> dict[str, Any]:
    """A Plotly figure: per quarter (oldest first) a bar stacked by the highest step."""
    quarters = sorted(overview.by_quarter)
    data = [{"type": "bar", "name": label, "x": quarters,
             "y": [overview.by_quarter[q].counts[level] for q in quarters],
             "customdata": [_address(base, quarter=q, level=level) + "#selected"
                            for q in quarters],
             "marker": {"color": colour, "line": {"color": "#ffffff", "width": 1}},
             "hovertemplate": "%{x}: %{y} – " + label + "<extra></extra>"}
            for (level, label), colour in zip(level_labels(), COLOURS, strict=True)]
    layout = {"barmode": "stack", "height": 380, "margin": {"t": 20, "r": 10, "b": 40, "l": 50},
              "xaxis": {"type": "category"},
              "yaxis": {"title": {"text": _("Decided cases")}, "rangemode": "tozero",
                        **({"dtick": 1} if overview.total.decided <= 10 else {})},
              "legend": {"orientation": "h", "traceorder": "normal", "y": -0.15}}
    return {"data": data, "layout": layout}


def overview_context(overview: Overview, decided: list[Decided], bodies: dict[int, str],
                     base: str, data: Any, single_body: bool) -> dict[str, Any]:
    """The tables, the chart and the chosen bar's cases."""
    form = OverviewFilter(data or None, bodies=bodies)
    selected = None
    label = ""
    if form.chosen:
        chosen = form.cleaned_data
        ids = select(decided, quarter=chosen["quarter"], body_id=chosen["body"],
                     level=chosen["level"])
        selected = list(Case.objects.filter(pk__in=ids).order_by("-year", "-serial"))
        label = _describe(chosen, bodies)
    quarter_rows = [_row(base, q, cell, quarter=q) for q, cell in overview.by_quarter.items()]
    body_rows = ([] if single_body else
                 [_row(base, bodies.get(pk, "?"), cell, body=pk)
                  for pk, cell in sorted(overview.by_body.items(),
                                         key=lambda item: bodies.get(item[0], ""))])
    return {"overview": overview, "levels": level_labels(), "chart": chart(overview, base),
            "quarter_rows": quarter_rows, "body_rows": body_rows,
            "quarter_caption": _("By quarter of the decision"),
            "quarter_heading": _("Quarter"),
            "body_caption": _("By deciding body"), "body_heading": _("Body"),
            "filter_form": form, "selected": selected, "selected_label": label,
            "base_url": base}


def _describe(chosen: dict[str, Any], bodies: dict[int, str]) -> str:
    parts = []
    if chosen["quarter"]:
        parts.append(chosen["quarter"])
    if chosen["body"]:
        parts.append(bodies.get(chosen["body"], ""))
    if chosen["level"]:
        parts.append(dict(level_labels())[chosen["level"]])
    return ", ".join(parts)


def export_columns(bodies: dict[int, str]) -> tuple[Column, ...]:
    """The export's columns: one row per deciding body and quarter."""
    return (
        Column(gettext_lazy("Quarter"), lambda r: r[0][1], 10),
        Column(gettext_lazy("Body"), lambda r: bodies.get(r[0][0], ""), 30),
        Column(gettext_lazy("Decided"), lambda r: r[1].decided, 10),
        Column(gettext_lazy("With involvement"), lambda r: r[1].involved, 16),
        Column(gettext_lazy("Share with involvement (%)"),
               lambda r: None if r[1].share is None else round(r[1].share), 16),
        *(Column(label, _count_of(level), 14) for level, label in level_labels()),
    )


def _count_of(level: str) -> Callable[[tuple[Any, Cell]], int]:
    return lambda row: row[1].counts[level]


def owner_bodies(collaboration: Collaboration, decided: list[Decided]) -> dict[int, str]:
    """The names of the deciding bodies (one query)."""
    ids = {row.body_id for row in decided}
    return dict(Body.objects.filter(pk__in=ids).values_list("pk", "name"))
