from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from klynge.reference.models import Municipality

pytestmark = pytest.mark.django_db


def test_load_reference_prints_a_summary_and_is_idempotent() -> None:
    first = StringIO()
    call_command("load_reference", stdout=first)
    assert "municipalities: 116 created" in first.getvalue()
    second = StringIO()
    call_command("load_reference", stdout=second)
    assert "0 created, 0 updated" in second.getvalue()
    assert Municipality.objects.count() == 116


def test_load_reference_fails_clearly_on_bad_data(data_dir: Path) -> None:
    path = data_dir / "dk-collaborations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Samsø", "Samsöe", 1),
                    encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_reference", "--data-dir", str(data_dir), stdout=StringIO())
    message = str(error.value)
    assert "nothing was changed" in message
    assert "dk-collaborations.csv, line 2: unknown municipality 'Samsöe'" in message
    assert Municipality.objects.count() == 0
