"""engines.connect: the session settings it gives each engine."""

from __future__ import annotations

import pytest

from klynge.population.engines import (
    POSTGRES_SETTINGS,
    EngineError,
    connect,
    postgres_settings,
)

from .conftest import POSTGRES_URL


def test_postgres_settings_default_and_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KLYNGE_POSTGRES_SETTINGS", raising=False)
    assert postgres_settings() == POSTGRES_SETTINGS
    monkeypatch.setenv(
        "KLYNGE_POSTGRES_SETTINGS", "work_mem=1GB; max_parallel_workers_per_gather=4,temp_buffers="
    )
    assert postgres_settings() == {"work_mem": "1GB", "max_parallel_workers_per_gather": "4"}
    monkeypatch.setenv("KLYNGE_POSTGRES_SETTINGS", "work_mem")
    with pytest.raises(EngineError, match="name=value"):
        postgres_settings()


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="KLYNGE_TEST_POSTGRES_URL is not set")
def test_postgres_session_is_set_up_for_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLYNGE_POSTGRES_SETTINGS", "work_mem=64MB,temp_buffers=16MB")
    con = connect("postgres", postgres_url=POSTGRES_URL)
    try:
        with con.con.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute("SHOW work_mem")
            assert cursor.fetchone()[0] == "64MB"
            cursor.execute("SHOW temp_buffers")
            assert cursor.fetchone()[0] == "16MB"
        assert con.sql("SELECT 1 AS one").execute()["one"].tolist() == [1]
        with con.con.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute("SHOW work_mem")  # still set after a query
            assert cursor.fetchone()[0] == "64MB"
    finally:
        con.disconnect()
