"""Plotly.js is served from the installed package, as one static file."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders

from klynge.core.staticfiles import PATH, PlotlyFinder


def test_plotly_is_found_and_collected_under_its_prefix() -> None:
    found = finders.find(PATH)
    assert found and Path(found).name == "plotly.min.js" and Path(found).stat().st_size > 1e6
    assert finders.find("plotly/datasets/iris.csv.gz") is None  # only the one file
    [(path, storage)] = list(PlotlyFinder().list(None))
    assert (storage.prefix, path) == ("plotly", "plotly.min.js")
    assert Path(storage.path(path)) == Path(found)
