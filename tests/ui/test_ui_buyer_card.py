"""The customer card tells the trainee what they have learned about the buyer: the buying
style once a conversation revealed it ('unknown' before), and every objection still open
with what answers it; the log says when one is raised, answered, or mishandled."""

from __future__ import annotations

from sim.engine.game import Game
from sim.scenario import load_scenario, load_scenario_text
from sim.scenario.bundled import bundled_scenarios
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


def moves_on(g: Game, i: int) -> str:
    return next(line for line in card(g, i) if line.startswith("▶ Moves on:"))


def test_moves_on_says_the_gate_waits_for_an_open_objection_on_busy_desk():
    g = Game(load_scenario("busy_desk"), 1)
    assert "blocked" not in moves_on(g, 3)  # nothing raised before the first contact
    g.act(3, "email")  # at the proposal stage the buyer says they need their boss
    assert moves_on(g, 3).endswith(
        "— blocked until you answer: “I need my boss to sign off” (Meet their decision maker (v))"
    )
    g.act(11, "email")  # interest 50 / 55: the answer that does not push the deal on
    assert "blocked until you answer: “Not this quarter” (Take them to lunch (l))" in (
        moves_on(g, 11)
    )
    g.act(5, "email")  # no objection raised: the line is as before
    assert "blocked" not in moves_on(g, 5)
    for _ in range(8):  # the sponsor meeting answers it once it succeeds
        if g.customers[3].objections.get("need_boss") != "open":
            break
        if not g.act(3, "sponsor").ok:
            g.end_day()
    assert g.customers[3].objections["need_boss"] == "handled"
    assert "blocked" not in moves_on(g, 3)


def objection_line(g: Game, i: int) -> str:
    return next(line for line in card(g, i) if line.startswith("Objection open:"))


def test_an_answer_that_would_push_through_the_unmet_gate_is_not_the_one_offered():
    """busy_desk: a negotiation meeting answers “Not this quarter” but also moves a deal on
    whose buyer is not engaged yet (interest below 55), which the coach rates harmful. The
    card offers lunch, which answers it and leaves the deal where it is; once the gate is
    met, the meeting that answers it and moves the deal on."""
    g = Game(load_scenario("busy_desk"), 1)
    g.act(11, "email")  # they say “Not this quarter”; interest 50 / 55
    c = g.customers[11]
    assert c.objections["not_now"] == "open" and c.meters["interest"] < 55
    assert objection_line(g, 11).endswith("answer: Take them to lunch (l)")
    r = g.act(11, "lunch")
    assert r.ok and c.objections["not_now"] == "handled" and c.stage == "proposal"
    assert r.rating != "harmful"
    g2 = Game(load_scenario("busy_desk"), 1)
    g2.act(11, "email")
    g2.customers[11].meters["interest"] = 60  # engaged: the gate is met
    assert moves_on(g2, 11).endswith("(Negotiation meeting (n))")
    assert objection_line(g2, 11).endswith("answer: Negotiation meeting (n)")


def test_when_every_answer_would_push_the_card_says_what_to_do_first():
    path = next(p for i, p in bundled_scenarios() if i == "busy_desk")
    text = path.read_text().replace("handledBy: [negotiate, lunch]", "handledBy: [negotiate]")
    g = Game(load_scenario_text(text, "busy_desk.yaml"), 1)
    g.act(11, "email")
    first = "first Arrange a reference visit (r): interest +8 to +12, then Negotiation meeting (n)"
    wide = card_lines(g, 11, width=400)  # the whole line, unwrapped
    line = next(x for x in wide if x.startswith("▶ Moves on:"))
    assert line.endswith(f"blocked until you answer: “Not this quarter” ({first})")
    assert objection_line(g, 11).endswith(f"answer: {first}")


def test_the_coach_names_the_answer_that_would_not_have_pushed():
    """Pressing the meeting anyway: harmful (the gate), and the coach says what answers the
    objection without moving the deal on."""
    g = Game(load_scenario("busy_desk"), 1)
    g.act(11, "email")
    r = g.act(11, "negotiate")
    assert r.rating == "harmful"
    assert r.advice.startswith("The gate is not met (The customer is engaged with the proposal)")
    assert r.advice.endswith(
        "To answer “Not this quarter” without moving the deal on: Take them to lunch (l)."
    )
