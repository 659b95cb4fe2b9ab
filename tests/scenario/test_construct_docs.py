"""The examples of docs/scenario-format.md's "Selling by stage and by buyer" section are
real: each, merged into the smallest scenario of the tutorial, validates clean and plays."""

from __future__ import annotations

import re

import pytest

from sim.engine.bots import make_bot, play
from sim.engine.game import Game
from sim.scenario import load_scenario_text

from .helpers import DOCS, diagnose, merge_sections

DOC = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
MINI = next(b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S) if "apiVersion" in b)
EXAMPLES = re.findall(r"<!-- construct example -->\n```yaml\n(.*?)```", DOC, re.S)


def test_the_section_has_its_examples():
    assert len(EXAMPLES) >= 3, "variants, styles and objections each show an example"


@pytest.mark.parametrize("body", EXAMPLES, ids=[f"example{i}" for i in range(len(EXAMPLES))])
def test_construct_example_validates_and_plays(body: str):
    text = merge_sections(MINI, body)
    assert diagnose(text) == [], body[:300]
    sc = load_scenario_text(text, "example.yaml")
    for policy in ("expert", "random"):
        game = play(Game(sc, 3), make_bot(policy, 3))
        assert game.over
