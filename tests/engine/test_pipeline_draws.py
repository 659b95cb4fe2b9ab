"""Draw scheme 2: a big initial pipeline drawn in blocks of customers (sim/engine/pipeline.py).

What a user would notice: a territory is made quickly and is the same territory on every
start with the same seed, in any process; runs saved before the scheme existed still replay
to exactly their own log; the deals start as they always did (stage, what is known, day 0
contact), only the dice that drew them differ.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
import sys
from collections import Counter

import pytest

from sim.engine import Game, replay
from sim.engine import events as E
from sim.engine.bots import make_bot, play
from sim.engine.game import GameError, draws_of
from sim.engine.pipeline import BLOCK_DRAWS_FROM, PIPELINE_BLOCK
from sim.scenario import load_scenario
from sim.store.runfile import from_document, run_document, verify_run


def sized(sc, n):
    """`sc` with an initial pipeline of `n` customers."""
    return dataclasses.replace(sc, inbound=dataclasses.replace(sc.inbound, initial=n))


@pytest.fixture(scope="module")
def call_centre():
    return load_scenario("call_centre")


def test_big_pipelines_use_blocks_and_say_so_small_ones_keep_their_logs(call_centre):
    small = Game(call_centre, 3)
    assert small.draws == 1 and "draws" not in E.to_dict(small.log[0])
    big = Game(sized(call_centre, BLOCK_DRAWS_FROM), 3)
    assert big.draws == 2 and E.to_dict(big.log[0])["draws"] == 2
    assert draws_of([E.to_dict(big.log[0])]) == 2
    assert draws_of([E.to_dict(small.log[0])]) == 1
    with pytest.raises(GameError, match="draw scheme 3"):
        Game(call_centre, 1, draws=3)


def test_deals_start_as_under_scheme_1_only_the_draws_differ(call_centre):
    sc = sized(call_centre, 3 * PIPELINE_BLOCK + 5)
    one, two = Game(sc, 4, draws=1), Game(sc, 4, draws=2)
    drawn = {"persona", "style", "value", "initial_value", "meters", "facts"}
    for a, b in zip(one.customers, two.customers, strict=True):
        for f in dataclasses.fields(a):
            if f.name not in drawn:
                assert getattr(a, f.name) == getattr(b, f.name), (a.index, f.name)
    # Every entry but the drawn fields of `lead_arrived` is the same, in the same order.
    assert [type(e) for e in one.log] == [type(e) for e in two.log]
    assert [c.persona for c in one.customers] != [c.persona for c in two.customers]


def test_lead_arrived_entries_are_what_the_constructor_makes(call_centre):
    g = Game(sized(call_centre, 2 * PIPELINE_BLOCK), 2, draws=2)
    leads = [e for e in g.log if isinstance(e, E.LeadArrived)]
    assert len(leads) == 2 * PIPELINE_BLOCK
    for e in leads:
        made = E.LeadArrived(**{f.name: getattr(e, f.name) for f in dataclasses.fields(e)})
        assert e == made and E.to_json(e) == E.to_json(made)
        c = g.customers[e.customer]
        assert (e.persona, e.value, e.stage) == (c.persona, c.value, c.stage)
        assert c.history[0] == e.seq and g.log[e.seq] is e


def test_a_customer_does_not_depend_on_how_big_the_pipeline_is(call_centre):
    small = Game(sized(call_centre, PIPELINE_BLOCK + 7), 9, draws=2)
    big = Game(sized(call_centre, 5 * PIPELINE_BLOCK), 9, draws=2)
    for a in small.customers:
        b = big.customers[a.index]
        assert (a.persona, a.value, a.meters, a.facts) == (b.persona, b.value, b.meters, b.facts)


def test_draws_follow_the_personas(call_centre):
    g = Game(sized(call_centre, BLOCK_DRAWS_FROM), 1)
    sc = g.scenario
    shares = Counter(c.persona for c in g.customers)
    total = sum(p.weight for p in sc.personas)
    for p in sc.personas:
        assert abs(shares[p.id] / len(g.customers) - p.weight / total) < 0.03, p.id
    for c in g.customers:
        p = sc.persona(c.persona)
        assert p.deal_min <= c.value <= p.deal_max and c.value % 100 == 0
        for meter_id, low, high in p.meters:
            assert low <= c.meters[meter_id] <= high


SCRIPT = """
import dataclasses, hashlib
from sim.scenario import load_scenario
from sim.engine import Game
from sim.engine.bots import make_bot, play
sc = load_scenario("call_centre")
sc = dataclasses.replace(sc, inbound=dataclasses.replace(sc.inbound, initial=5000))
g = play(Game(sc, 5), make_bot("greedy", 5), max_days=2)
print(g.draws, hashlib.sha256(g.log_jsonl().encode()).hexdigest())
"""


def test_a_big_pipeline_is_byte_identical_across_processes_and_hash_seeds():
    outs = {
        subprocess.run(
            [sys.executable, "-c", SCRIPT],
            env=dict(os.environ, PYTHONHASHSEED=h),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for h in ("0", "77")
    }
    assert len(outs) == 1 and outs.pop().startswith("2 ")


def test_runs_saved_before_scheme_2_replay_exactly(call_centre):
    sc = sized(call_centre, BLOCK_DRAWS_FROM)
    old = play(Game(sc, 6, draws=1), make_bot("greedy", 6), max_days=1)  # as saved before
    loaded = from_document(run_document(sc, 6, old.commands, old.log), "old.json")
    assert loaded.draws == 1
    assert verify_run(loaded, sc).ok
    new = play(Game(sc, 6), make_bot("greedy", 6), max_days=1)
    loaded = from_document(run_document(sc, 6, new.commands, new.log), "new.json")
    assert loaded.draws == 2 and verify_run(loaded, sc).ok
    digest = hashlib.sha256(new.log_jsonl().encode()).hexdigest()
    assert hashlib.sha256(old.log_jsonl().encode()).hexdigest() != digest
    # A what-if keeps the run's scheme.
    assert old.fork(len(old.commands)).log_jsonl() == old.log_jsonl()
    assert replay(sc, 6, new.commands).log_jsonl() == new.log_jsonl()


def test_a_run_file_with_an_unknown_draw_scheme_is_refused_in_words(call_centre):
    from sim.store.runfile import RunFileError

    g = Game(call_centre, 1)
    doc = run_document(call_centre, 1, g.commands, g.log)
    doc["log"][0]["draws"] = 3
    with pytest.raises(RunFileError, match="bad.json: .* draws 3; this salesim knows"):
        from_document(doc, "bad.json")
