"""Fixtures for the hardening tests: a small finished tutorial run saved as a run file, and
a way to run `python -m sim` in a fresh interpreter with a time limit (a hang fails)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.scenario import load_scenario
from sim.store.runfile import save_runfile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def tutorial():
    return load_scenario("tutorial")


@pytest.fixture(scope="session")
def game(tutorial):
    return play(Game(tutorial, 2), make_bot("greedy", 2))


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def runfile(tmp_path, tutorial, game):
    path = tmp_path / "run.json"
    save_runfile(
        path, scenario=tutorial, seed=game.seed, commands=game.commands, log=game.log, player="Ada"
    )
    return path


def sim(
    *args: object, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m sim ARGS` in a fresh interpreter; a hang raises TimeoutExpired."""
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
