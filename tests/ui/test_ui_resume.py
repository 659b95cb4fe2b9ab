"""Runs are never lost in the app: quitting mid-run asks once and says the run is saved;
a saved run continues exactly where it was left; a what-if branch is stored as practice."""

from __future__ import annotations

from sim.engine.commands import parse_all
from sim.engine.game import replay
from sim.store import RunStore
from sim.ui.app import make_app
from sim.ui.dialogs.confirm import ConfirmDialog
from sim.ui.screens.desk import DeskScreen

from .helpers import FIXTURE_SCENARIO, screen_text


async def play_a_little(app, pilot) -> None:
    await pilot.pause()
    assert isinstance(app.screen, DeskScreen)
    app.screen.do_action(0, "call")
    app.screen.do_action(1, "call")
    await pilot.pause()


async def test_quit_mid_run_asks_once_and_loses_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    app = make_app(
        FIXTURE_SCENARIO, seed=5, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await play_a_little(app, pilot)
        commands = list(app.game.commands)
        assert commands
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = " ".join(screen_text(app).split())
        assert "Your run is saved" in text, text[-800:]
        assert "continue later from the home" in text
        await pilot.press("escape")  # keep playing
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
    with RunStore() as s:
        (row,) = s.list_runs()
        assert not row.finished and row.grade is None
        assert parse_all(s.commands(row.id)) == commands


async def test_without_a_store_quit_offers_a_run_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    monkeypatch.setenv("SALESIM_HOME", str(blocked))
    app = make_app(
        FIXTURE_SCENARIO, seed=5, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await play_a_little(app, pilot)  # no crash: the game goes on without saving
        assert app.unsaved and app.run_id is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "not being saved" in " ".join(screen_text(app).split())
        await pilot.press("s")
        await pilot.pause()
    (saved,) = tmp_path.glob("salesim-*.run.json")
    from sim.store.runfile import read_run

    assert read_run(saved).command_list() == app.game.commands


async def test_continue_lands_on_the_state_that_was_left(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    first = make_app(
        FIXTURE_SCENARIO, seed=6, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with first.run_test(size=(120, 40)) as pilot:
        await play_a_little(first, pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        first.screen.do_action(2, "call")
        await pilot.pause()
        left = first.game
    with RunStore() as s:
        (row,) = s.list_runs()
    again = make_app(resume=row.id, ghost=False, user_dir=None, save_runs=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, DeskScreen)
        assert again.game.log == left.log and again.game.commands == left.commands
        assert (again.game.day, again.game.hours_left) == (left.day, left.hours_left)
        assert f"Day {left.day} of" in screen_text(again)


async def test_continue_from_the_home_screen(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    first = make_app(
        FIXTURE_SCENARIO, seed=7, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with first.run_test(size=(120, 40)) as pilot:
        await play_a_little(first, pilot)
        left = list(first.game.commands)
    home = make_app(ghost=False, user_dir=None, save_runs=True)
    async with home.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(home).split())
        assert "Continue" in text and "seed 7" in text and "day 1" in text
        await pilot.press("c")  # continue the latest run
        await pilot.pause()
        assert isinstance(home.screen, DeskScreen) and home.game.commands == left


async def test_a_what_if_branch_is_stored_as_practice(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    app = make_app(
        FIXTURE_SCENARIO, seed=8, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await play_a_little(app, pilot)
        original = app.run_id
        app.branch(1)
        await pilot.pause()
        app.screen.do_action(3, "call")
        await pilot.pause()
    with RunStore() as s:
        rows = {r.id: r for r in s.list_runs()}
        practice = next(r for r in rows.values() if r.parent == original)
        assert practice.practice
        assert len(s.commands(practice.id)) == 2 and len(s.commands(original)) == 2
        g = replay(app.game.scenario, 8, parse_all(s.commands(practice.id)))
        assert g.log == app.game.log


async def test_a_run_branched_before_its_end_is_practice_when_resumed(
    tmp_path, monkeypatch, capsys
):
    """The what-if peek: branch from an unfinished run, play the branch ahead to see how the
    dice fall, then continue the original knowing them. The original counts for nothing."""
    from sim.classroom.cohort import gather
    from sim.cli import main

    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    app = make_app(
        FIXTURE_SCENARIO, seed=8, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await play_a_little(app, pilot)
        original = app.run_id
        app.branch(1)
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
        assert f"Run {original} was not over" in said and "practice now too" in said
        branch = app.run_id
    again = make_app(ghost=False, user_dir=None, save_runs=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.resume(original)
        await pilot.pause()
        while not again.game.over:  # play the original to its end
            again.game.end_day()
            again.journal()
        again.show_debrief()
        await pilot.pause()
        head = " ".join(screen_text(again).split())
        assert "Practice: a what-if was branched from this run before it ended" in head
    with RunStore() as s:
        row = s.get(original)
        assert row.finished and row.total is not None and row.practice
        assert s.best_score(row.scenario) is None  # no best score on the home screen
        assert gather(s).scenarios == []  # nothing in the trainer's cohort page
    capsys.readouterr()
    assert main(["runs"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.split()[0] == str(original))
    assert f"practice: what-if run {branch} was branched from it before it ended" in line


async def test_a_what_if_from_a_finished_run_leaves_it_counted(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    app = make_app(
        FIXTURE_SCENARIO, seed=8, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await play_a_little(app, pilot)
        while not app.game.over:
            app.game.end_day()
            app.journal()
        app.show_debrief()
        await pilot.pause()
        original = app.run_id
        app.branch(1)  # what if, after the debrief: the run's future was already played
        await pilot.pause()
        assert "was not over" not in " ".join(n.message for n in app._notifications)
    with RunStore() as s:
        row = s.get(original)
        assert row.finished and not row.practice
        best = s.best_score(row.scenario)
        assert best is not None and best.id == original


async def test_a_second_run_on_the_same_seed_is_a_replay(tmp_path, monkeypatch, capsys):
    """Finish seed 8, then start a new run on seed 8 knowing how its dice fall: the new run
    is practice, its debrief says whose replay it is, and the first one stays the best."""
    from sim.cli import main

    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    runs = []
    for _ in range(2):
        app = make_app(
            FIXTURE_SCENARIO, seed=8, screen="desk", ghost=False, user_dir=None, save_runs=True
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await play_a_little(app, pilot)
            while not app.game.over:
                app.game.end_day()
                app.journal()
            app.show_debrief()
            await pilot.pause()
            runs.append((app.run_id, " ".join(screen_text(app).split())))
    (first, first_text), (second, second_text) = runs
    assert "Practice" not in first_text
    assert f"Practice: a replay of seed 8, first played in run {first}" in second_text
    with RunStore() as s:
        assert s.get(second).practice and s.get(second).finished
        assert s.best_score(s.get(first).scenario).id == first
    capsys.readouterr()
    assert main(["runs"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.split()[0] == str(second))
    assert f"practice: a replay of seed 8, first played in run {first}" in line


async def test_the_briefing_warns_before_a_replay(tmp_path, monkeypatch):
    """Before the trainee starts a run on a seed they already played, the briefing says it
    will be practice (and which run counts); on a fresh seed it says nothing of the kind."""
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    app = make_app(
        FIXTURE_SCENARIO, seed=8, screen="desk", ghost=False, user_dir=None, save_runs=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await play_a_little(app, pilot)
        first = app.run_id
    for seed, warned in ((8, True), (9, False)):
        again = make_app(
            FIXTURE_SCENARIO,
            seed=seed,
            screen="briefing",
            ghost=False,
            user_dir=None,
            save_runs=True,
        )
        async with again.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            text = " ".join(screen_text(again).split())
            said = f"You played seed 8 before (run {first})" in text and "practice" in text
            assert said is warned, text[:1500]
