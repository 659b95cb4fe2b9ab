"""A run of a bundled scenario names it by id, so its report works from any folder."""

import json
import subprocess
import sys


def test_run_saved_and_reported_from_another_folder(tmp_path):
    run = tmp_path / "run.json"
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "run",
            "tutorial",
            "--seed",
            "4",
            "--policy",
            "expert",
            "--save",
            str(run),
            "--quiet",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    ref = json.loads(run.read_text())["scenario"]
    assert ref["source"] == "tutorial" and len(ref["sha256"]) == 64
    p = subprocess.run(
        [sys.executable, "-m", "sim", "report", str(run), "-f", "md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0 and "# Debrief" in p.stdout
    assert "warning" not in p.stderr
