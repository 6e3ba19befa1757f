from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from klynge.collaborations.actions import do_load_reference
from klynge.collaborations.sources import PACKAGED_DIR
from klynge.reference.loader import LoadSummary
from klynge.reference.sources import PACKAGED_DIR as GEOGRAPHY_DIR


@pytest.fixture
def loaded(db: None) -> LoadSummary:
    """The packaged reference data, loaded by the system (no actor)."""
    return do_load_reference(None)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the packaged files, for a test to spoil."""
    target = tmp_path / "data"
    shutil.copytree(GEOGRAPHY_DIR, target)
    shutil.copytree(PACKAGED_DIR, target, dirs_exist_ok=True)
    return target
