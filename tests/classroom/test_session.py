"""A served session's app (Pilot, no browser): the name first, the trainer's scenarios and
seed, no files opened on the server, and runs saved under the trainee's name."""

from __future__ import annotations

import os

import pytest

from sim.scenario import load_scenario
from sim.ui.app import make_app
from sim.ui.classroom import Classroom, TraineeDialog, clean_name, trainee_seed
from sim.ui.screens.briefing import BriefingScreen
from sim.ui.screens.desk import DeskScreen
from sim.ui.screens.home import HomeScreen

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


def test_trainee_seeds_are_stable_and_differ():
    assert trainee_seed(7, "Ada Lovelace") == trainee_seed(7, "  ada   LOVELACE ")
    assert trainee_seed(7, "Ada Lovelace") != trainee_seed(7, "Chen Wei")
    assert trainee_seed(7, "Ada Lovelace") != trainee_seed(8, "Ada Lovelace")
    assert 1 <= trainee_seed(7, "x") <= 99_999
    assert Classroom(seed=5).seed_for("anyone") == 5
    assert Classroom().seed_for("anyone") is None
    assert clean_name("a\x1b[31mb\n c") == "a [31mb c"


@pytest.mark.parametrize("per_trainee", [False, True])
async def test_a_session_asks_the_name_and_plays_the_pinned_seed(
    tmp_path, monkeypatch, per_trainee
):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    monkeypatch.delenv("SALESIM_DB", raising=False)
    sc = load_scenario("busy_desk")
    room = Classroom(scenarios=(sc,), seed=42, per_trainee=per_trainee)
    app = make_app(seed=1, user_dir=None, save_runs=True, classroom=room)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TraineeDialog)
        await pilot.press("enter")  # an empty name is refused
        await pilot.pause()
        assert isinstance(app.screen, TraineeDialog)
        await pilot.press(*"Ada", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.player == "Ada"
        assert [e.scenario.id for e in app.scenario_entries()] == ["busy_desk"]
        assert app.screen.query_one("#open-path").disabled
        assert app.screen.query_one("#player").disabled
        assert app.screen.query_one("#player").value == "Ada"
        assert app.screen.query_one("#seed").disabled
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        expected = trainee_seed(42, "Ada") if per_trainee else 42
        assert app.game.seed == expected
        app.autosave()
    from sim.store import RunStore

    with RunStore() as store:
        rows = store.list_runs()
    assert [(r.player, r.scenario, r.seed) for r in rows] == [("Ada", "busy_desk", expected)]


async def test_an_export_goes_to_the_browser_not_the_servers_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SALESIM_DB", raising=False)
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.ui.dialogs.export import ExportDialog
    from sim.ui.screens.debrief import DebriefScreen

    sc = load_scenario("tutorial")
    app = make_app(seed=1, user_dir=None, classroom=Classroom(scenarios=(sc,), seed=2), ghost=False)
    delivered: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app,
        "deliver_text",
        lambda f, save_filename=None, **kw: delivered.append((save_filename, f.read())),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Ada", "enter")
        await pilot.pause()
        app.game = play(Game(sc, 2), make_bot("expert", 2))
        app.show_debrief()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        target = tmp_path / "server" / "evil.html"
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not target.exists() and not target.parent.exists()
    assert [name for name, _ in delivered] == ["evil.html"]
    assert delivered[0][1].lstrip().lower().startswith("<!doctype html")


async def test_a_trainee_continues_only_their_own_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path))
    monkeypatch.delenv("SALESIM_DB", raising=False)
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.store import RunStore, save_game

    sc = load_scenario("tutorial")
    with RunStore() as store:
        bob = save_game(
            play(Game(sc, 5), make_bot("greedy", 5), max_days=1), player="Bob", store=store
        )
        store.set_setting("player", "Bob")  # a terminal player's saved name on this machine
    for name, expected in (("Ada", []), ("Bob", [bob])):
        app = make_app(
            seed=1, user_dir=None, save_runs=True, classroom=Classroom(scenarios=(sc,), seed=5)
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert app.player is None  # not the machine's saved name
            await pilot.press(*name, "enter")
            await pilot.pause()
            assert [r.id for r in app.unfinished_runs()] == expected
            assert [r.id for r in app.screen.unfinished] == expected
