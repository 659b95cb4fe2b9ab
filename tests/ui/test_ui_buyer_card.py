"""The customer card tells the trainee what they have learned about the buyer: the buying
style once a conversation revealed it ('unknown' before), and every objection still open
with what answers it; the log says when one is raised, answered, or mishandled."""

from __future__ import annotations

from sim.engine.game import Game
from sim.scenario import load_scenario_text
from sim.ui.describe import event_text
from sim.ui.widgets.customer_card import card_lines
from tests.engine.test_objections import SCENARIO

LEARNING = SCENARIO.replace(
    'success: {feedback: "{contact} listens."}',
    'success: {reveal: [style], feedback: "{contact} listens."}',
).replace("- {id: clerk, label: Clerk,", "- {id: clerk, label: Clerk, style: consultative,")


def card(g: Game, i: int) -> list[str]:
    return card_lines(g, i, width=200)  # wide: each entry on one line


def test_card_shows_style_unknown_then_learned_and_the_open_objection():
    g = Game(load_scenario_text(LEARNING, "learning.yaml"), 2)
    before = card(g, 0)
    assert "Buying style: unknown — ask how they like to buy" in before
    assert not any("consultative" in line for line in before)  # the style is not given away
    assert not any(line.startswith("Objection open") for line in before)
    g.act(0, "call")
    after = card(g, 0)
    assert any(line.startswith("Buying style: Consultative buyer") for line in after)
    assert (
        "Objection open: “I need my boss to sign off” — blocks the gate · "
        "answer: Meet their decision maker (v)"
    ) in after
    g.act(0, "meet_boss")
    assert not any(line.startswith("Objection open") for line in card(g, 0))


def test_the_log_names_objections_as_they_happen():
    g = Game(load_scenario_text(LEARNING, "learning.yaml"), 2)
    lines = [event_text(g, e, with_customer=False).plain for e in g.act(0, "call").events]
    assert lines[0] == "objection: “I need my boss to sign off” " + g.text(
        "{contact} cannot sign alone.", 0
    )
    lines = [event_text(g, e, with_customer=False).plain for e in g.act(0, "close").events]
    assert any(x.startswith("objection handled the wrong way") for x in lines)
    assert "the deal cannot move on: “I need my boss to sign off” is still open" in lines


def test_scenarios_without_hidden_styles_show_the_style_as_before():
    g = Game(load_scenario_text(SCENARIO, "objecting.yaml"), 2)
    assert any(line.startswith("Clerk (relationship)") for line in card(g, 0))
    assert not any(line.startswith("Buying style") for line in card(g, 0))
