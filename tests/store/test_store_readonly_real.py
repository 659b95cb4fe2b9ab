"""A store that really cannot be written (read-only file in a read-only folder, opened by
an unprivileged user) is listed, reported, exported and refuses to store with a clear
message — without a traceback and without changing a byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sim.store import RunStore, save_game

NOBODY = 65534
pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run salesim as an unprivileged user",
)


def as_nobody(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SALESIM_HOME=str(home), HOME=str(home.parent))
    return subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            sys.executable,
            "-m",
            "sim",
            *argv,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
        timeout=120,
    )


def test_a_read_only_store_is_listed_and_reported_and_left_untouched(games, tmp_path):
    top = Path(tempfile.mkdtemp(dir="/tmp"))  # pytest's tmp_path is private to root
    try:
        top.chmod(0o755)
        home = top / "home"
        with RunStore(home / "runs.db") as s:
            run_id = save_game(games["expert"], store=s, player="Ann")
        runfile = top / "run.json"
        from sim.store.runfile import save_runfile

        g = games["greedy"]
        save_runfile(runfile, scenario=g.scenario, seed=g.seed, commands=g.commands, log=g.log)
        runfile.chmod(0o644)
        for f in home.iterdir():
            f.chmod(0o444)
        home.chmod(0o555)
        before = {f.name: f.read_bytes() for f in home.iterdir()}

        listed = as_nobody(home, "runs")
        assert listed.returncode == 0, listed.stderr
        assert "Ann" in listed.stdout and "Traceback" not in listed.stderr
        report = as_nobody(home, "report", str(run_id), "--no-ghost")
        assert report.returncode == 0 and "# Debrief" in report.stdout, report.stderr
        assert as_nobody(home, "export").stdout.count("\n") == 2
        add = as_nobody(home, "runs", "--add", str(runfile))
        assert add.returncode == 2 and "read-only" in add.stderr and "Traceback" not in add.stderr
        assert {f.name: f.read_bytes() for f in home.iterdir()} == before
    finally:
        for root, dirs, _ in os.walk(top):
            for d in dirs:
                Path(root, d).chmod(0o755)
        shutil.rmtree(top, ignore_errors=True)
