"""Stage- and style-specific outcomes: one action, different odds, effects and feedback by
the deal's stage and by the buyer's (hidden, learnable) buying style."""

from __future__ import annotations

from sim.engine.events import to_dict
from sim.engine.game import Game
from sim.engine.outcomes import description
from sim.scenario import load_scenario_text

SCENARIO = """
apiVersion: salesim/v1
kind: Scenario
metadata: {id: variants, title: Variants}
calendar: {days: 3}
meters:
  - {id: interest, label: Interest, default: 50}
stages:
  - {id: lead, label: Prospecting, probability: 10, forecast: pipeline, rotDays: 5}
  - {id: qualified, label: Qualification, probability: 30, forecast: pipeline, rotDays: 5}
  - {id: won, label: Closed won, probability: 100, forecast: closed, terminal: won}
  - {id: lost, label: Closed lost, probability: 0, forecast: omitted, terminal: lost}
personas:
  - {id: friend, label: Friend, style: relationship, dealValue: [1000, 1000], weight: 1}
  - {id: analyst, label: Analyst, style: consultative, dealValue: [1000, 1000], weight: 1}
actions:
  - id: ask
    label: Ask how they decide
    key: a
    hours: 0.5
    stages: [lead, qualified]
    success: {reveal: [style], feedback: "{contact} tells you how they buy."}
  - id: demo
    label: Product demo
    key: m
    hours: 1
    stages: [lead, qualified]
    chance: 1
    description: Show the product.
    success:
      effects: [interest += 10]
      feedback: The demo lands.
    variants:
      - stages: [lead]
        chance: 0
        description: Too early for a demo.
        failure:
          effects: [interest -= 8]
          feedback: Too early; they do not know what they need yet.
      - stages: [qualified]
        styles: [relationship]
        description: A relationship buyer wants to hear about people, not features.
        success:
          effects: [interest += 2]
          feedback: They would rather hear about your other customers.
inbound:
  initial: 16
  initialStages: [lead, qualified]
dynamics: {largeDeal: 100000}
scoring:
  quota: 1000
  dimensions: [{id: results, label: Results, weight: 100}]
  grades: [{min: 0, grade: F}]
"""


def game() -> Game:
    return Game(load_scenario_text(SCENARIO, "variants.yaml"), 5)


def of(g: Game, stage: str, style: str):
    return next(c for c in g.customers if c.stage == stage and c.style == style)


def test_the_same_demo_fails_in_prospecting_and_lands_in_qualification():
    g = game()
    lead, qual = of(g, "lead", "consultative"), of(g, "qualified", "consultative")
    early = g.act(lead.index, "demo")
    later = g.act(qual.index, "demo")
    assert early.events[0].chance == 0 and early.events[0].success is False
    assert early.feedback == "Too early; they do not know what they need yet."
    assert lead.meters["interest"] == 42
    assert later.events[0].chance == 1 and later.feedback == "The demo lands."
    assert qual.meters["interest"] == 60


def test_the_same_demo_lands_differently_by_buying_style():
    g = game()
    analyst, friend = of(g, "qualified", "consultative"), of(g, "qualified", "relationship")
    g.act(analyst.index, "demo")
    r = g.act(friend.index, "demo")
    assert analyst.meters["interest"] == 60
    assert friend.meters["interest"] == 52
    assert r.feedback == "They would rather hear about your other customers."
    assert r.events[0].variant == 1


def test_the_picker_describes_the_stage_and_only_a_learned_style():
    g = game()
    demo = g.scenario.action("demo")
    lead, friend = of(g, "lead", "relationship"), of(g, "qualified", "relationship")
    assert description(demo, lead) == "Too early for a demo."
    assert description(demo, friend) == "Show the product."  # style not learned yet
    g.act(friend.index, "ask")
    assert "style" in friend.known
    assert description(demo, friend).startswith("A relationship buyer")


def test_a_scenario_without_variants_logs_no_variant():
    plain = SCENARIO.split("    variants:")[0] + "inbound:" + SCENARIO.split("inbound:")[1]
    g = Game(load_scenario_text(plain, "plain.yaml"), 5)
    r = g.act(0, "demo")
    assert r.ok and r.events[0].variant is None and "variant" not in to_dict(r.events[0])
