"""consultative_enterprise: a large deal is won through its buying committee. The expert
engages the economic buyer and builds a champion; without the economic buyer the board
says no, and a signature asked for before Procurement is a premature close that cannot land."""

from __future__ import annotations

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.committee import engaged
from sim.engine.events import ActionTaken, DealClosed, ObjectionHandled
from sim.scenario import load_scenario


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("consultative_enterprise")


def test_it_uses_meddpicc_committees_and_objections(scenario):
    assert scenario.uses == ("meddpicc",)
    assert scenario.has_committees
    assert {o.id for o in scenario.objections} == {"rival_offer", "no_numbers"}
    gates = " ".join(c.text for s in scenario.stages for c in s.exit)
    for word in ("economic buyer", "champion", "paper process", "diagnosis"):
        assert word in gates.lower()


def test_the_expert_works_the_committee_and_wins_with_it(scenario):
    aimed = won_with_committee = handled = 0
    for seed in range(1, 6):
        g = play(Game(scenario, seed), make_bot("expert", seed))
        aimed += sum(1 for e in g.log if isinstance(e, ActionTaken) and e.contact)
        handled += sum(1 for e in g.log if isinstance(e, ObjectionHandled))
        for e in g.log:
            if isinstance(e, DealClosed) and e.result == "won":
                c = g.customer(e.customer)
                if c.members is not None:
                    won_with_committee += 1
                    roles = [m.role for m in scenario.persona(c.persona).committee.members]
                    flags = engaged(scenario, c, c.env(scenario, g.day))
                    assert flags[roles.index("economic_buyer")], "signed without the CFO"
    assert aimed >= 10, "the expert talks to the committee, not only to the card's contact"
    assert won_with_committee >= 3
    assert handled >= 3, "objections are met with the action that answers them"


def _committee_deal_at(scenario, stage):
    g = Game(scenario, 1)
    c = next(c for c in g.customers if c.members is not None)
    roles = [m.role for m in scenario.persona(c.persona).committee.members]
    c.stage = stage
    c.meters.update(depth=80.0, interest=60.0, trust=60.0)
    return g, c, roles.index("economic_buyer") - 1  # members[] excludes the card's contact


def _odds(g, c, action_id):
    a = g.scenario.action(action_id)
    return max(0.0, min(1.0, float(a.chance.evaluate(c.env(g.scenario, g.day)))))


def test_without_its_economic_buyer_a_committee_deal_does_not_get_past_the_board(scenario):
    # The only way into Procurement is the board, and the board needs the economic buyer.
    g, c, eb = _committee_deal_at(scenario, "proposal")
    c.members[eb]["trust"] = 10.0
    gate = dict(g.exit_status(c.index))
    assert gate["The economic buyer still backs the case in the boardroom."] is False
    cold = _odds(g, c, "board")
    c.members[eb]["trust"] = 80.0
    assert dict(g.exit_status(c.index))["The economic buyer still backs the case in the boardroom."]
    assert cold < 0.35 < 0.85 < _odds(g, c, "board"), "prepared, the board says yes"


def test_a_premature_close_is_offered_rated_harmful_and_cannot_land(scenario):
    g, c, eb = _committee_deal_at(scenario, "discovery")
    c.members[eb]["trust"] = 80.0  # even with the economic buyer on side
    close = next(o for o in g.options(c.index) if o.action.id == "close")
    assert close.available
    env = c.env(scenario, g.day)
    assert close.action.advice_for("discovery", env).rating == "harmful"
    assert _odds(g, c, "close") == 0.0


def test_the_card_names_the_committee_member_a_gate_waits_for(scenario):
    # Not "engaged.economic_buyer: no" (or nothing at all): the person, and whom to visit.
    from sim.engine.coach import criteria

    g, c, eb = _committee_deal_at(scenario, "proposal")
    c.members[eb]["trust"] = 10.0
    board = next(v for v in criteria(g, c) if "boardroom" in v.text)
    assert [(str(p.label), str(p.value)) for p in board.parts] == [
        ("Chief financial officer", "not engaged")
    ]
    assert str(board.better).startswith("Visit / business lunch (v), aimed at the Chief financial")


def test_the_debrief_says_which_objections_were_answered_and_who_on_the_committee_was_worked(
    scenario,
):
    from sim.report.debrief import build_debrief
    from sim.report.html import render_html
    from sim.report.markdown import render_markdown

    g = play(Game(scenario, 7), make_bot("expert", 7))
    d = build_debrief(scenario, 7, g.log, ghost=False)
    answered = [e for e in g.log if isinstance(e, ObjectionHandled)]
    assert len(d.objections_answered) == len(answered) > 0
    assert any("with Bring in the consultant" in line for line in d.objections_answered)
    won = [line for line in d.committee_work if ", won: " in line]
    assert won and all("Chief financial officer" in x or "Owner" in x for x in won)
    md = render_markdown(d)
    assert "## Objections answered" in md and "## Buying committees: who you worked" in md
    assert d.committee_work[0] in render_html(d)
    assert build_debrief(load_scenario("tutorial"), 1, [], ghost=False).committee_work == ()


def test_committee_work_reads_in_the_trainees_language_live_and_saved(scenario):
    """Played with --lang zh_CN: every member of the committee-work lines is phrased in
    Chinese, the contact on the card included, in the live debrief and in the report of the
    saved run (whose log keeps only English words)."""
    import json

    from sim import i18n
    from sim.engine import events as E
    from sim.report.debrief import build_debrief
    from sim.report.markdown import render_markdown

    g = play(Game(scenario, 7), make_bot("expert", 7))
    saved = [E.from_dict(json.loads(line)) for line in g.log_jsonl().splitlines()]
    before = i18n.language()
    i18n.set_language("zh_CN")
    try:
        for log in (g.log, saved):
            md = render_markdown(build_debrief(scenario, 7, log, ghost=False))
            lines = [x for x in md.splitlines() if "×" in x and "（名片上的联系人）" in x]
            assert lines, md[-1500:]
            assert "(on the card)" not in md
            assert all(x.rstrip().endswith("×") for x in lines)
    finally:
        i18n.set_language(before)


def _no_champion_in_diagnosis(scenario, depth):
    """A committee deal in Diagnosis whose champion was tested and said no, with the
    champion's role engaged (trust 60) and the consultant's depth at `depth`."""
    g = Game(scenario, 1)
    c = next(c for c in g.customers if c.members is not None)
    c.stage = "discovery"
    c.meters.update(depth=float(depth), interest=60.0, trust=60.0)
    c.known.add("champion")
    c.facts["champion"] = False
    return g, c


def _champion_view(g, c):
    from sim.engine.coach import criteria

    return next(v for v in criteria(g, c) if "champion" in v.text)


def test_a_contact_who_will_not_champion_leaves_the_gate_unmet_and_the_card_says_what_makes_one(
    scenario,
):
    # Engaged but "will not stick their neck out": no ✓, and the card names the workshop.
    g, c = _no_champion_in_diagnosis(scenario, depth=40)
    v = _champion_view(g, c)
    assert not v.met
    assert ("Champion", "no champion", False) in [(p.label, p.value, p.met) for p in v.parts]
    assert "Process workshop (w) can change that" in v.better
    assert "Bring in the consultant" in v.better, "the diagnosis comes first"
    assert "nothing changes that" not in v.better
    c.meters["depth"] = 70.0
    assert str(_champion_view(g, c).better).endswith(
        "Process workshop (w) can change that if it succeeds"
    )


def test_after_the_diagnosis_a_workshop_makes_the_champion_and_the_gate_is_met(scenario):
    g, c = _no_champion_in_diagnosis(scenario, depth=70)
    for _ in range(8):  # 60 % a try: the dice of the first attempts decide when, not whether
        r = g.act(c.index, "workshop")
        assert r.ok, r.message
        ev = next(e for e in reversed(g.log) if isinstance(e, ActionTaken))
        assert ev.variant == 0 and ev.rating == "good"
        if ev.success:
            assert "you have a champion" in ev.feedback
            break
        assert c.facts["champion"] is False and not _champion_view(g, c).met
        g.end_day()
    assert c.facts["champion"] is True
    assert _champion_view(g, c).met


def test_before_the_diagnosis_a_workshop_makes_no_champion(scenario):
    g, c = _no_champion_in_diagnosis(scenario, depth=20)
    for _ in range(4):
        g.act(c.index, "workshop")
        ev = next(e for e in reversed(g.log) if isinstance(e, ActionTaken))
        assert ev.variant is None
        g.end_day()
    assert c.facts["champion"] is False


def test_the_expert_builds_the_champions_it_lacks_and_never_proposes_without_one(scenario):
    from sim.engine.events import StageChanged

    built = 0
    for seed in range(1, 9):
        g = play(Game(scenario, seed), make_bot("expert", seed))
        for e in g.log:  # a champion, once made, stays one: the end tells how it was then
            if isinstance(e, StageChanged) and (e.from_, e.to) == ("discovery", "proposal"):
                c = g.customer(e.customer)
                assert c.members is None or c.facts["champion"], (seed, e.customer)
            if isinstance(e, ActionTaken) and e.action == "workshop" and e.variant == 0:
                built += bool(e.success)
    assert built >= 3, "a contact who will not champion the deal is made one, not pushed past"
