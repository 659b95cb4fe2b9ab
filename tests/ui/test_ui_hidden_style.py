"""Where buying styles are hidden (`reveal: [style]`), nothing on the card or in the coach's
word gives a buyer's style away before the trainee learned it: a gate that depends on the
style shows '?' and what to work toward, not ✓/✗; a coach verdict that depends on the style
is replaced by a neutral word. Once the style is learned both tell the truth again."""

from __future__ import annotations

import re

from sim.engine.game import Game
from sim.scenario import load_scenario
from sim.ui.widgets.customer_card import card_lines

RELATIONSHIP, CONSULTATIVE = 0, 11
"""management_software_zh, seed 1: two buyers at 接洽 (contact), style not yet learned."""


def game() -> Game:
    g = Game(load_scenario("management_software_zh"), 1)
    assert g.customers[RELATIONSHIP].style == "relationship"
    assert g.customers[CONSULTATIVE].style == "consultative"
    for i in (RELATIONSHIP, CONSULTATIVE):
        assert g.customers[i].stage == "contact" and "style" not in g.customers[i].known
    return g


def gate_marks(g: Game, i: int) -> list[str]:
    """The criteria lines of the card, with their mark and text (numbers left out)."""
    return [
        re.sub(r"\d+", "N", line)
        for line in card_lines(g, i, width=200)
        if line[:2] in ("✓ ", "✗ ", "? ")
    ]


def test_style_gates_look_the_same_for_both_styles_until_learned():
    g = game()
    rel, con = gate_marks(g, RELATIONSHIP), gate_marks(g, CONSULTATIVE)
    assert rel == con  # nothing tells the two buyers apart
    assert "? 关系型客户：他们信任你了。" in rel and "? 顾问式客户：需求诊断做完了。" in rel
    card = "\n".join(card_lines(g, CONSULTATIVE, width=200))
    assert "depends on the buyer's style, not learned yet — 电话沟通 (c) reveals it" in card
    assert "(gate not met yet)" in card  # the budget gate is plainly unmet


def test_once_learned_the_style_gates_tell_the_truth():
    g = game()
    g.customers[CONSULTATIVE].known.add("style")  # as a successful call reveals it
    marks = gate_marks(g, CONSULTATIVE)
    assert "✓ 关系型客户：他们信任你了。" in marks  # a consultative buyer needs no lunch trust
    assert "✗ 顾问式客户：需求诊断做完了。" in marks
    assert not any(m.startswith("? ") for m in marks)


def test_the_coach_keeps_a_style_dependent_verdict_to_itself_until_learned():
    g = game()
    lunch = [g.act(i, "dinner") for i in (RELATIONSHIP, CONSULTATIVE)]
    assert {r.rating for r in lunch} == {"good", "neutral"}  # scored for the real style ...
    assert all(r.unsure for r in lunch)  # ... but not shown while the style is hidden
    g.customers[CONSULTATIVE].known.add("style")
    assert not g.act(CONSULTATIVE, "diagnose").unsure


def test_scenarios_with_open_styles_are_unchanged():
    g = Game(load_scenario("tutorial"), 1)
    assert not any(line.startswith("? ") for i in range(4) for line in card_lines(g, i, 200))
    assert not any(g.act(i, "call").unsure for i in range(4))
