"""Run a script in a fresh interpreter that builds the portal as a server does: the production
configuration, its settings read from the environment (a strong SECRET_KEY, a database URL)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_in_production(script: str, tmp_path: Path) -> Any:
    """What `script` printed last, read as JSON; it runs with its files under `tmp_path`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PORTAL_CONFIG", "TEST_DATABASE_URL", "WTF_CSRF_ENABLED"}
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(32),  # 43 characters: a key production accepts
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        UPLOAD_DIR=str(tmp_path / "uploads"),
        PDF_CACHE_DIR=str(tmp_path / "pdf-cache"),
        MAIL_BACKEND="file",
        MAIL_FILE_DIR=str(tmp_path / "mail"),
    )
    child = subprocess.run(  # noqa: S603 - this interpreter with a fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return json.loads(child.stdout.strip().splitlines()[-1])
