import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.scenario import load_scenario


@pytest.fixture(scope="session")
def tutorial():
    return load_scenario("tutorial")


def played(scenario, policy, seed, max_days=None):
    return play(Game(scenario, seed), make_bot(policy, seed), max_days=max_days)


@pytest.fixture(scope="session")
def play_bot():
    """`play_bot(scenario, policy, seed, max_days=None)` -> a played Game."""
    return played


@pytest.fixture(scope="session")
def greedy_game(tutorial):
    """A finished tutorial run by the greedy bot: plenty of bad moments to report."""
    return played(tutorial, "greedy", 2)


@pytest.fixture(scope="session")
def expert_game(tutorial):
    return played(tutorial, "expert", 1)
