"""The server time of every response, in a ``Server-Timing`` header.

First in the middleware chain, so it measures what the server spends on a request from the
first middleware to the response: the same measure for every page and for the bare
``/health/`` view, which the web benchmark compares them with. Browsers show it in their
developer tools; it tells nothing about the data.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed:.2f}"
        return response
