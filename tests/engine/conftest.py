import pytest

from sim.scenario import load_scenario


@pytest.fixture(scope="session")
def tutorial():
    return load_scenario("tutorial")
