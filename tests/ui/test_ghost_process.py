"""A territory's ghost is played in a child process: the same scorecard and log as in a thread
(the engine is deterministic), and a run that no longer wants it stops the child."""

from __future__ import annotations

from sim.scenario import load_scenario
from sim.ui.ghost import ghost_in_process, play_ghost, wants_process


def test_the_child_process_plays_the_same_ghost_as_a_thread():
    scenario = load_scenario("tutorial")
    ghost = play_ghost(scenario, 3)
    played = ghost_in_process(scenario, 3, None, lambda: False)
    assert played is not None
    assert played.card == ghost.card
    assert played.log == ghost.log
    assert ghost_in_process(scenario, 3, 2, lambda: False) == play_ghost(scenario, 3, 2)


def test_a_cancelled_ghost_returns_nothing():
    assert ghost_in_process(load_scenario("tutorial"), 3, None, lambda: True) is None


def test_only_big_scenarios_from_files_go_to_a_process():
    assert wants_process(load_scenario("territory"))
    assert not wants_process(load_scenario("call_centre"))


async def test_the_app_gets_a_ghost_played_in_a_child_process(monkeypatch):
    import sim.ui.ghost as ghost_module
    from sim.ui.app import make_app

    monkeypatch.setattr(ghost_module, "IN_PROCESS", 0)  # the tutorial counts as big here
    scenario = load_scenario("tutorial")
    app = make_app(scenario=scenario, seed=3, screen="desk", user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ghosts[app._ghost_key(scenario, 3)] == play_ghost(scenario, 3)


def test_the_child_stops_when_the_app_is_gone(tmp_path):
    """A territory's ghost takes minutes: when nobody waits for it any more (the app's end of
    its stdin closed, as when the app quits or crashes) it stops at once."""
    import subprocess
    import sys

    from sim.scenario.bundled import resolve_scenario

    out = tmp_path / "ghost.pickle"
    child = subprocess.Popen(
        [sys.executable, "-m", "sim.ui.ghost", str(resolve_scenario("territory")), "1", str(out)],
        stdin=subprocess.PIPE,
    )
    assert child.stdin is not None
    child.stdin.close()
    assert child.wait(timeout=60) == 1
    assert not out.exists()
