"""Production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = os.environ | {
        "KLYNGE_PRODUCTION": "1",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "klynge.example.org",
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
        "KLYNGE_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests set it for themselves
    result = subprocess.run(
        [sys.executable, "-m", "klynge.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    env = os.environ | {
        "KLYNGE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "klynge.settings",
    }
    env.pop("SECRET_KEY", None)
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
