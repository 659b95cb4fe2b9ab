"""Golden transcripts: scripted runs of the bundled scenarios must reproduce their committed
event logs byte for byte, through the real `salesim run` command."""

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CASES = sorted(HERE.glob("*.commands.jsonl"))


@pytest.mark.parametrize("commands", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_transcript_matches(commands, tmp_path):
    scenario = commands.name.split("-")[0]
    seed = commands.name.split("seed")[1].split(".")[0]
    out = tmp_path / "log.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "run",
            scenario,
            "--seed",
            seed,
            "--commands",
            str(commands),
            "--log",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    expected = commands.with_name(commands.name.replace(".commands.", ".log."))
    assert out.read_text() == expected.read_text(), (
        "the log differs from the golden transcript; if the change is intended, run "
        "tests/golden/regen.py and review the diff"
    )
    assert "game_over" in expected.read_text().splitlines()[-1]


def test_cases_exist():
    assert len(CASES) >= 4
    covered = {c.name.split("-")[0] for c in CASES}
    assert {
        "tutorial",
        "relationship_selling",
        "forecast_quarter",
        "busy_desk",
        "call_centre",
        "consultative_enterprise",
    } <= covered
