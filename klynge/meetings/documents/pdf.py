"""Rendering a template to a tagged PDF (PDF/UA-1) with WeasyPrint, without the network.

The HTML gives the PDF its language (``<html lang>``), its title (``<title>``), its
headings and its tables, which WeasyPrint turns into the tagged structure a screen reader
reads. Fonts are DejaVu, found on the machine by fontconfig. The only URLs WeasyPrint may
fetch are the project's static files, read from disk: anything else is refused, so a
document never reaches out to the network, whatever a user typed into it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

# The base URL relative links in a document resolve against. Nothing is ever fetched from
# it: the fetcher below reads what lies under its static path from disk.
BASE_URL = "https://klynge.invalid/"
PDF_VARIANT = "pdf/ua-1"
CONTENT_TYPE = "application/pdf"


def static_file(url: str) -> Path | None:
    """The file on disk behind ``url``, if it is one of the project's static files."""
    prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        return None
    relative = url[len(prefix):].split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in relative.split("/"):
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


class StaticFilesOnly(URLFetcher):  # type: ignore[misc]
    """Fetches the project's static files from disk and refuses every other URL."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_file(url)
        if path is None:
            raise ValueError(f"Klynge documents fetch nothing outside the static files: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(),
                                  headers={"Content-Type": content_type})


def html_to_pdf(html: str, *, uncompressed: bool = False) -> bytes:
    """``html`` as a tagged PDF/UA-1 document."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly())
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=uncompressed)
    return pdf


def render_pdf(template_name: str, context: dict[str, Any], language: str, *,
               uncompressed: bool = False) -> bytes:
    """Render ``template_name`` in ``language`` and make a tagged PDF of it."""
    with translation.override(language):
        html = render_to_string(template_name, context | {"language": language})
    return html_to_pdf(html, uncompressed=uncompressed)
