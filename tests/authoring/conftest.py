"""Run `salesim` as an author does: in a subprocess, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_salesim(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "sim", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


@pytest.fixture
def salesim():
    return run_salesim


@pytest.fixture
def desk(tmp_path, salesim):
    """A scenario made by `salesim new` in a temporary folder: (folder, scenario path)."""
    proc = salesim("new", "my_desk.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return tmp_path, tmp_path / "my_desk.yaml"
