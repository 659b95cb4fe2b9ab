"""A territory's ghost is played in a child process: the same scorecard and log as in a thread
(the engine is deterministic), and a run that no longer wants it stops the child."""

from __future__ import annotations

from sim.scenario import load_scenario
from sim.ui.ghost import ghost_in_process, play_ghost, wants_process


def test_the_child_process_plays_the_same_ghost_as_a_thread():
    scenario = load_scenario("tutorial")
    card, log = play_ghost(scenario, 3)
    played = ghost_in_process(scenario, 3, lambda: False)
    assert played is not None
    assert played[0] == card
    assert played[1] == log


def test_a_cancelled_ghost_returns_nothing():
    assert ghost_in_process(load_scenario("tutorial"), 3, lambda: True) is None


def test_only_big_scenarios_from_files_go_to_a_process():
    assert wants_process(load_scenario("territory"))
    assert not wants_process(load_scenario("call_centre"))
