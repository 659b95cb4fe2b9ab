"""A newcomer lands on the tutorial: scenario lists run up the ladder, beginner first."""

from __future__ import annotations

import subprocess
import sys

import sim.ui.app
from sim.scenario import bundled_scenarios
from sim.ui.app import make_app


def test_home_lists_the_tutorial_first(monkeypatch):
    real = bundled_scenarios()
    assert len(real) >= 3
    monkeypatch.setattr(sim.ui.app, "bundled_scenarios", lambda: list(reversed(real)))
    entries = make_app(user_dir=None).scenario_entries()
    difficulties = [e.scenario.metadata.difficulty for e in entries]
    assert entries[0].scenario.id == "tutorial"
    assert difficulties == sorted(difficulties, key=["beginner", "intermediate", "advanced"].index)


def test_salesim_list_runs_up_the_ladder():
    out = subprocess.run(
        [sys.executable, "-m", "sim", "list"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0].startswith("tutorial ")
    assert [line.split()[1] for line in out] == sorted(
        (line.split()[1] for line in out), key=["beginner", "intermediate", "advanced"].index
    )
