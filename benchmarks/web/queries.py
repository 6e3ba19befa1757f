"""How many queries each page makes at the benchmark's scale, for one of its users.

    DATABASE_URL=... python benchmarks/web/queries.py --manifest var/bench/web/manifest.json

Prints JSON: ``{page: queries}``. Run by ``run.py`` against the filled database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klynge.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    manifest = json.loads(Path(parser.parse_args().manifest).read_text())
    me = manifest["users"][0]
    client = Client()
    client.force_login(get_user_model().objects.get(username=me["username"]))
    counts: dict[str, int] = {}
    pages = {"bare": "/health/"} | me["pages"]
    for page, url in pages.items():
        url = url[0] if isinstance(url, list) else url
        client.get(url)  # warm caches (the findings, the session)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{page} {url} answered {response.status_code}")
        counts[page] = len(queries.captured_queries)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
