"""The typed log: every event and command survives its JSON round trip unchanged, an old or
newer log still reads, and a malformed one is refused in words."""

import json

import pytest

from sim.engine import Game
from sim.engine import commands as C
from sim.engine import events as E
from sim.engine.bots import make_bot, play
from sim.engine.codec import CodecError


def test_every_event_of_a_run_round_trips_through_json(tutorial):
    game = play(Game(tutorial, 2), make_bot("greedy", 2))
    assert {type(e) for e in game.log} >= {E.ActionTaken, E.StageChanged, E.DealClosed, E.GameOver}
    for ev in game.log:
        data = json.loads(E.to_json(ev))
        assert E.from_dict(data) == ev
        assert E.to_json(E.from_dict(data)) == E.to_json(ev)  # byte for byte


def test_the_dict_keeps_seq_day_type_first_then_the_declared_fields():
    ev = E.StageChanged(
        customer=3, from_="lead", to="qualified", cause="call", unmet=(), skipped=()
    )
    assert list(E.to_dict(ev)) == [
        "seq",
        "day",
        "type",
        "customer",
        "from",
        "to",
        "cause",
        "unmet",
        "skipped",
    ]


def test_optional_fields_are_left_out_until_set():
    ev = E.LeadArrived(
        customer=1, persona="p", value=10.0, stage="lead", inbound=True, bad_fit=None
    )
    assert "referred_by" not in E.to_dict(ev) and E.to_dict(ev)["bad_fit"] is None


def test_an_unknown_event_type_is_kept_as_it_was():
    data = {"seq": 4, "day": 2, "type": "committee_met", "customer": 1, "members": ["cfo"]}
    ev = E.from_dict(data)
    assert isinstance(ev, E.UnknownEvent) and E.to_dict(ev) == data


@pytest.mark.parametrize(
    "data, message",
    [
        ({"seq": 1, "day": 1, "type": "note", "customer": "x", "text": "hi"}, "'customer'"),
        ({"seq": 1, "day": 1, "type": "note", "customer": 2}, "no 'text'"),
        ({"seq": "1", "day": 1, "type": "note"}, "'seq'"),
        (
            {
                "seq": 1,
                "day": 1,
                "type": "rotting",
                "customer": 1,
                "stage": "a",
                "idle": 2,
                "deltas": [],
            },
            "'deltas'",
        ),
    ],
)
def test_a_malformed_event_is_refused_with_the_field_named(data, message):
    with pytest.raises(CodecError, match=message):
        E.from_dict(data)


def test_every_event_type_is_registered_once_by_its_name():
    types = E.event_types()
    assert {"action", "outcome", "stage_changed", "deal_closed", "game_over"} <= set(types)
    assert all(cls.type == name for name, cls in types.items())


def test_commands_round_trip_and_old_command_files_still_read():
    cmds = [
        C.Act(0, "call"),
        C.EndDay(),
        C.CommitForecast((1, 2), {1: 0.5}),
        C.CommitForecast(()),
        C.AddNote(3, "call back"),
        C.Schedule(3, 4, "demo"),
    ]
    for cmd in cmds:
        assert C.from_dict(json.loads(json.dumps(C.to_dict(cmd)))) == cmd
    assert C.to_dict(C.Act(0, "call")) == {"cmd": "act", "customer": 0, "action": "call"}
    assert C.from_dict({"cmd": "act", "customer": "2", "action": "call"}) == C.Act(2, "call")
    with pytest.raises(C.CommandError, match="unknown command 'teleport'"):
        C.from_dict({"cmd": "teleport"})
