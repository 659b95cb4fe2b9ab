"""Objections from hidden facts: raised at a contact from the customer's truth, shown on the
card and in the log, blocking the gate until the right action answers them, costly when
answered the wrong way, and named in the debrief when left open."""

from __future__ import annotations

from sim.engine.game import Game
from sim.engine.objections import left_open, open_objections
from sim.scenario import load_scenario_text

SCENARIO = """
apiVersion: salesim/v1
kind: Scenario
metadata: {id: objecting, title: Objections}
calendar: {days: 3}
meters:
  - {id: trust, label: Trust, default: 50}
  - {id: experience, label: Experience, default: 70}
facts:
  - {id: authority, label: Decision maker}
stages:
  - {id: proposal, label: Proposal, probability: 50, forecast: pipeline, rotDays: 5}
  - {id: won, label: Closed won, probability: 100, forecast: closed, terminal: won}
  - {id: lost, label: Closed lost, probability: 0, forecast: omitted, terminal: lost}
personas:
  - {id: clerk, label: Clerk, dealValue: [1000, 1000], facts: {authority: false}}
actions:
  - id: call
    label: Call
    key: c
    hours: 0.5
    stages: [proposal]
    success: {feedback: "{contact} listens."}
  - id: meet_boss
    label: Meet their decision maker
    key: v
    hours: 1
    stages: [proposal]
    tags: [escalate]
    success: {feedback: The boss is on board.}
  - id: close
    label: Ask for the signature
    key: s
    hours: 1
    stages: [proposal]
    tags: [close]
    success: {moveTo: won, feedback: "{contact} signs."}
objections:
  - id: need_boss
    label: I need my boss to sign off
    when: not authority
    stages: [proposal]
    handledBy: [escalate]
    mishandledBy: [close]
    mishandled: [trust -= 10, experience -= 6]
    blocks: gate
    text: "{contact} cannot sign alone."
    handledText: The boss backs the deal.
inbound:
  initial: 2
dynamics: {largeDeal: 100000}
scoring:
  quota: 1000
  dimensions: [{id: results, label: Results, weight: 100}]
  grades: [{min: 0, grade: F}]
"""


def game(text: str = SCENARIO) -> Game:
    return Game(load_scenario_text(text, "objecting.yaml"), 2)


def types(result) -> list[str]:
    return [e.type for e in result.events]


def test_a_buyer_without_authority_raises_the_objection_at_the_first_contact():
    g = game()
    assert open_objections(g.scenario, g.customers[0]) == []  # nothing said before a contact
    r = g.act(0, "call")
    assert types(r)[:2] == ["objection_raised", "action"]
    assert r.events[0].objection == "need_boss"
    assert [o.id for o in open_objections(g.scenario, g.customers[0])] == ["need_boss"]
    assert "objection_raised" not in types(g.act(0, "call"))  # raised once per deal


def test_a_buyer_with_authority_never_raises_it():
    g = game(SCENARIO.replace("facts: {authority: false}", "facts: {authority: true}"))
    assert "objection_raised" not in types(g.act(0, "call"))


def test_the_open_objection_blocks_the_gate_until_the_right_action_answers_it():
    g = game()
    g.act(0, "call")
    blocked = g.act(0, "close")
    assert blocked.events[0].success is True  # the dice said yes, the buyer still cannot
    assert "objection_blocked" in types(blocked)
    assert g.customers[0].stage == "proposal"
    handled = g.act(1, "call"), g.act(1, "meet_boss")
    assert "objection_handled" in types(handled[1])
    assert open_objections(g.scenario, g.customers[1]) == []
    r = g.act(1, "close")
    assert "objection_blocked" not in types(r) and g.customers[1].stage == "won"


def test_answering_it_the_wrong_way_costs_trust_and_experience_and_the_coach_says_so():
    g = game()
    g.act(0, "call")
    c = g.customers[0]
    trust, exp = c.meters["trust"], c.meters["experience"]
    r = g.act(0, "close")
    wrong = next(e for e in r.events if e.type == "objection_mishandled")
    assert wrong.deltas == {"trust": -10.0, "experience": -6.0}
    assert (c.meters["trust"], c.meters["experience"]) == (trust - 10, exp - 6)
    assert r.rating == "harmful"
    assert "I need my boss" in r.advice and "Meet their decision maker (v)" in r.advice


def test_an_objection_left_open_is_named_from_the_log():
    g = game()
    g.act(0, "call")
    g.act(1, "call")
    g.act(1, "meet_boss")
    assert [(x.customer, x.label) for x in left_open(g.log)] == [(0, "I need my boss to sign off")]


def test_a_closing_cut_lowers_the_odds_instead_of_blocking():
    g = game(SCENARIO.replace("blocks: gate", "blocks: close\n    closeCut: 0.4"))
    g.act(0, "call")
    r = g.act(0, "close")
    assert r.events[0].chance == 0.6
    assert "objection_blocked" not in types(r)


def test_lint_counts_what_objections_read():
    from sim.scenario.diagnostics import Reporter
    from sim.scenario.lint import lint

    revealing = SCENARIO.replace(
        'success: {feedback: "{contact} listens."}',
        'success: {reveal: [authority], feedback: "{contact} listens."}',
    )
    rep = Reporter("objecting.yaml")
    lint(game(revealing).scenario, rep)
    found = [d.message for d in rep.diagnostics]
    assert not any("'authority' is revealed but nothing reads it" in m for m in found)


def test_the_debrief_names_the_objections_left_open():
    from sim.report.debrief import build_debrief
    from sim.report.html import render_html
    from sim.report.markdown import render_markdown

    g = game()
    g.act(0, "call")
    while not g.over:
        g.end_day()
    d = build_debrief(g.scenario, g.seed, g.log, ghost=False)
    company = g.identity(0).company
    assert d.objections_left == (f"{company} (#0): “I need my boss to sign off”, raised day 1",)
    assert "## Objections left open" in render_markdown(d)
    assert "I need my boss to sign off" in render_html(d)
