"""Buying committees: a large deal with several people, actions aimed at one of them, and
criteria that read who is engaged."""

from __future__ import annotations

import json

import pytest

from sim.engine.commands import from_dict, to_dict
from sim.engine.committee import people
from sim.engine.events import ActionTaken, Overcontact
from sim.engine.game import Game, replay
from sim.scenario import load_scenario_text

DESK = """\
apiVersion: salesim/v1
kind: Scenario
metadata: {id: committee_desk, title: Committee desk}
calendar: {days: 10}
meters:
  - {id: interest, label: Interest}
  - {id: trust, label: Trust, default: 30}
stages:
  - {id: lead, label: Lead, probability: 20, forecast: pipeline, rotDays: 5}
  - {id: won, label: Won, probability: 100, forecast: closed, terminal: won}
  - {id: lost, label: Lost, probability: 0, forecast: omitted, terminal: lost}
personas:
  - id: plant
    label: Manufacturer
    dealValue: [90000, 90000]
    meters: {trust: [40, 40]}
    committee:
      meters: [trust]
      engagedWhen: trust >= 60
      members:
        - {role: champion, label: Operations manager}
        - {role: economic_buyer, label: Chief financial officer, meters: {trust: [10, 10]}}
        - {role: procurement, label: Purchasing lead}
actions:
  - id: meet
    label: Meeting
    key: m
    hours: 1
    stages: [lead]
    success:
      effects: [trust += 25, interest += 5]
      feedback: "{contact} ({title}) of {company} listens."
  - id: close
    label: Ask for the order
    key: c
    hours: 1
    stages: [lead]
    requires: engaged.economic_buyer and engaged.champion
    requiresText: The economic buyer and a champion must be on board.
    success:
      moveTo: won
inbound: {initial: 1}
dynamics: {largeDeal: 50000, contactsPerDay: 9}
scoring:
  quota: 90000
  dimensions: [{id: results, label: Results, weight: 100}]
  grades: [{min: 0, grade: F}]
"""


@pytest.fixture
def game() -> Game:
    return Game(load_scenario_text(DESK, "desk.yaml"), seed=3)


def test_a_committee_deal_cannot_close_without_its_economic_buyer(game):
    assert not game.act(0, "close").ok  # neither is engaged yet
    assert game.act(0, "meet").ok  # the card's contact, the champion: 40 -> 65
    refused = game.act(0, "close")
    assert not refused.ok and "economic buyer" in refused.message
    assert game.act(0, "meet", contact=1).ok  # the CFO: 10 -> 35
    assert not game.act(0, "close").ok
    assert game.act(0, "meet", contact=1).ok  # 35 -> 60: engaged
    assert game.act(0, "close").ok
    assert game.customer(0).close_reason == "won"


def test_an_action_changes_only_the_chosen_contacts_personal_meters(game):
    game.act(0, "meet", contact=2)
    c = game.customer(0)
    assert c.meters["trust"] == 40, "the card's contact is untouched"
    assert c.members == [{"trust": 10.0}, {"trust": 55.0}]
    assert c.meters["interest"] == 55, "interest is the deal's: not personal in this committee"
    ev = game.log[-1]
    assert isinstance(ev, ActionTaken) and ev.contact == 2 and ev.deltas["trust"] == 25


def test_the_feedback_names_the_contact_spoken_to(game):
    game.act(0, "meet", contact=1)
    who = people(game, 0)[1]
    assert who["title"] == "Chief financial officer"
    feedback = game.log[-1].feedback
    assert feedback.startswith(f"{who['name']} (Chief financial officer) of {{company}}")
    assert who["name"] != people(game, 0)[0]["name"]


def test_people_lists_the_committee_with_who_is_engaged(game):
    before = people(game, 0)
    assert [(p["role"], p["engaged"]) for p in before] == [
        ("champion", False),
        ("economic_buyer", False),
        ("procurement", False),
    ]
    game.act(0, "meet")
    assert people(game, 0)[0]["engaged"] and people(game, 0)[0]["meters"] == {"trust": 65}


def test_a_bad_target_is_refused_without_changing_anything(game):
    before = len(game.log)
    assert not game.act(0, "meet", contact=7).ok
    assert not game.apply(
        from_dict({"cmd": "act", "customer": 0, "action": "meet", "contact": 7})
    ).ok
    assert len(game.log) == before and game.commands == []


def test_aimed_commands_replay_to_the_same_log(game):
    game.act(0, "meet", contact=1)
    game.act(0, "meet")
    game.end_day()
    written = [to_dict(c) for c in game.commands]
    assert written[0] == {"cmd": "act", "customer": 0, "action": "meet", "contact": 1}
    assert "contact" not in written[1], "the default contact keeps old commands as they were"
    again = replay(
        game.scenario, game.seed, [from_dict(d) for d in json.loads(json.dumps(written))]
    )
    assert again.log_jsonl() == game.log_jsonl()


def test_members_are_the_same_whoever_asks(game):
    other = Game(game.scenario, seed=3)
    assert [p["name"] for p in people(game, 0)] == [p["name"] for p in people(other, 0)]
    assert [p["name"] for p in people(Game(game.scenario, seed=4), 0)] != [
        p["name"] for p in people(game, 0)
    ]


def test_committee_names_are_checked_like_any_name():
    from sim.scenario import check_text

    bad = DESK.replace("engaged.economic_buyer and", "engaged.economic_buyr and")
    _, found = check_text(bad, "desk.yaml")
    assert [d.code for d in found] == ["E202"] and "engaged.economic_buyer" in found[0].message
    # Without any committee the names do not exist.
    plain = DESK.split("    committee:")[0] + "actions:" + DESK.split("\nactions:")[1]
    _, found = check_text(plain, "desk.yaml")
    assert [d.code for d in found] == ["E202"] and "engaged.economic_buyer" in found[0].source_line


def test_engagement_cannot_depend_on_engagement():
    from sim.scenario import check_text

    _, found = check_text(DESK.replace("trust >= 60", "engaged.champion"), "desk.yaml")
    assert [d.code for d in found] == ["S132"]


def test_each_member_counts_their_own_contacts():
    sc = load_scenario_text(DESK.replace("contactsPerDay: 9", "contactsPerDay: 1"), "desk.yaml")
    game = Game(sc, seed=3)
    for k in (0, 1, 2):  # one meeting with each of three people: nobody is over-contacted
        assert game.act(0, "meet", contact=k).ok
    assert not any(isinstance(e, Overcontact) for e in game.log)
    game.act(0, "meet", contact=1)  # a second meeting with the CFO the same day
    annoyed = [e for e in game.log if isinstance(e, Overcontact)]
    assert len(annoyed) == 1 and annoyed[0].contacts == 2
