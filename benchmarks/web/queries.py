"""How many queries each page makes at the benchmark's scale, for some of its users.

    DATABASE_URL=... python benchmarks/web/queries.py --manifest MANIFEST

Opens each page in-process (Django's test client, the same middleware) as each of the
first ``--users`` users of the manifest, and each of the first three addresses of the pages
with several (cases, meetings, searches), once to warm the caches and once counted. Prints
JSON: ``{page: [fewest, most]}``. Run by ``run.py`` against each filled database: the same
page at a small and at the national scale shows whether its count grows with the data.
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def count(client: Client, page: str, url: str) -> int:
    client.get(url)  # warm the caches (the rule findings, the session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{page} {url} answered {response.status_code}")
    return len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--users", type=int, default=5)
    args = parser.parse_args()
    manifest = json.loads(Path(args.manifest).read_text())
    counts: dict[str, list[int]] = {}
    for me in manifest["users"][:args.users]:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = me["session"]
        for page, urls in ({"bare": "/health/"} | me["pages"]).items():
            for url in (urls[:3] if isinstance(urls, list) else [urls]):
                counts.setdefault(page, []).append(count(client, page, url))
    print(json.dumps({page: [min(found), max(found)] for page, found in counts.items()}))


if __name__ == "__main__":
    main()
