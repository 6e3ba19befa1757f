"""Plotly.js, served from the installed ``plotly`` package: the charts' library comes with
Klynge, never from a CDN, and only the one file is published (not the package's data sets).

``STATICFILES_FINDERS`` names :class:`PlotlyFinder`; pages load ``{% static
'plotly/plotly.min.js' %}``, which ``collectstatic`` copies like any other static file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PATH = "plotly/plotly.min.js"


def _folder() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data"


class PlotlyFinder(BaseFinder):
    def check(self, **kwargs: Any) -> list[Any]:
        return []

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...

    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...

    def find(self, path: str, find_all: bool = False) -> str | list[str] | None:
        if path != PATH:
            # An empty list either way, as Django's own finders answer: ``finders.find``
            # would add a None to the matches of the others.
            return []
        found = str(_folder() / "plotly.min.js")
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        storage = FileSystemStorage(location=_folder())
        storage.prefix = "plotly"  # type: ignore[attr-defined]
        yield "plotly.min.js", storage
