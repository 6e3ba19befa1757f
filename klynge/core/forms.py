"""The form renderer: Django's, with the select box drawn in Python.

Django draws a ``<select>`` through a template that includes a second template per option;
a filter with a few dozen options cost several milliseconds a page (the start page's and
the case list's filters, docs/benchmarks.md). This renderer draws the same markup, escaped
the same way, without the includes. Widgets that name their own templates are drawn by
Django as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def attributes(attrs: dict[str, Any]) -> str:
    """As ``django/forms/widgets/attrs.html``: ``False`` left out, ``True`` a bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def select(widget: dict[str, Any]) -> SafeString:
    """As ``django/forms/widgets/select.html`` with its options, stripped like a template."""
    out = [format_html('<select name="{}"', widget["name"]), attributes(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            out.append(format_html('\n  <option value="{}"', str(option["value"])))
            out.append(attributes(option["attrs"]))
            out.append(format_html(">{}</option>\n", option["label"]))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 (every part escaped above)


def _plain(widget: dict[str, Any]) -> bool:
    return all(option.get("template_name") == OPTION
               for _name, options, _index in widget["optgroups"] for option in options)


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name == SELECT and widget is not None and _plain(widget):
            return select(widget)
        return super().render(template_name, context, request=request)
