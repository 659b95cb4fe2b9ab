import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.scenario import load_scenario


@pytest.fixture(scope="session")
def tutorial():
    return load_scenario("tutorial")


@pytest.fixture(scope="session")
def games(tutorial):
    """Finished tutorial runs: greedy seed 2, expert seed 1, and an unfinished expert run."""
    return {
        "greedy": play(Game(tutorial, 2), make_bot("greedy", 2)),
        "expert": play(Game(tutorial, 1), make_bot("expert", 1)),
        "unfinished": play(Game(tutorial, 3), make_bot("expert", 3), max_days=2),
    }


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An empty SALESIM_HOME for the default store."""
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path / "home"))
    return tmp_path / "home"
