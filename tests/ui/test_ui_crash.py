"""Crash safety: `kill -9` at any moment loses no command that was shown as done. A playing
subprocess is killed at several points; the run resumed from the store equals the
uninterrupted run at the same point, and continues exactly where it was left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.commands import Command, parse_all, to_dict
from sim.engine.game import replay
from sim.scenario import load_scenario
from sim.store import RunStore
from sim.store.resume import open_stored_game

from .helpers import FIXTURE_SCENARIO

SEED = 4
CHILD = Path(__file__).with_name("crash_child.py")


@pytest.fixture(scope="module")
def reference():
    """The uninterrupted run: the expert bot's commands on the fixture scenario."""
    sc = load_scenario(FIXTURE_SCENARIO)
    return sc, play(Game(sc, SEED), make_bot("expert", SEED)).commands


def kill_after(tmp_path: Path, commands: list[Command], shown: int) -> None:
    script = tmp_path / "commands.json"
    script.write_text(json.dumps([to_dict(c) for c in commands]))
    env = dict(os.environ, SALESIM_HOME=str(tmp_path / "home"), TEXTUAL_ANIMATIONS="none")
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(FIXTURE_SCENARIO), str(SEED), str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == f"shown {shown}":
                break
        else:
            pytest.fail(f"the child ended early: {child.stderr.read() if child.stderr else ''}")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


@pytest.mark.parametrize("point", [1, 4, 9, 0.5, 0.9])
def test_kill_9_loses_nothing_that_was_shown(tmp_path, monkeypatch, reference, point):
    scenario, commands = reference
    shown = point if isinstance(point, int) else int(len(commands) * point)
    kill_after(tmp_path, commands, shown)

    monkeypatch.setenv("SALESIM_HOME", str(tmp_path / "home"))
    with RunStore() as store:
        (row,) = store.list_runs()
        saved = parse_all(store.commands(row.id))
        assert len(saved) >= shown  # every command shown as done is in the store
        assert saved == commands[: len(saved)]
        game, _, _ = open_stored_game(store, row.id)
    uninterrupted = replay(scenario, SEED, commands[: len(saved)])
    assert game.log == uninterrupted.log
    assert (game.day, game.hours_left, game.over) == (
        uninterrupted.day,
        uninterrupted.hours_left,
        uninterrupted.over,
    )
    # and the resumed run plays on to the same end as the uninterrupted one
    for cmd in commands[len(saved) :]:
        assert game.apply(cmd).ok
    assert game.log == replay(scenario, SEED, commands).log
