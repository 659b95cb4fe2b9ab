"""The desk's incremental views give exactly what a full recomputation gives: the sorted,
filtered list and the attention counts after every command, the name search with or without
its index, and the lazy expression view the same names and values as the copied dict."""

from __future__ import annotations

import random

import pytest

from sim.engine import Game
from sim.engine.customer import draw_customer
from sim.engine.listing import DeskSummary, ListQuery, ListView
from sim.scenario import load_scenario

SORTS = ("index", "value", "weighted", "probability", "idle", "stage", "due", "name")


@pytest.fixture(scope="module")
def busy():
    return load_scenario("busy_desk")


def _full(game: Game, q: ListQuery) -> list[int]:
    return [
        c.index
        for c in game.list_customers(
            stage=q.stage,
            sort=q.sort,
            descending=q.descending,
            include_closed=q.include_closed,
            rotting_only=q.rotting_only,
            bad_fits_only=q.bad_fits_only,
        )
    ]


def _counts(game: Game) -> tuple[int, int, int, int, dict[str, tuple[int, float, int]]]:
    openc = game.open_customers()
    stages = {
        st.id: (n, total, sum(1 for c in openc if c.stage == st.id and game.is_rotting(c)))
        for st, n, total, _ in game.pipeline()
    }
    return (
        len(game.due_reminders()),
        sum(1 for c in openc if c.inbound and c.answered_day is None),
        sum(1 for c in openc if game.is_rotting(c)),
        len(openc),
        stages,
    )


def _summary(s: DeskSummary) -> tuple[int, int, int, int, dict[str, tuple[int, float, int]]]:
    return (
        s.due,
        s.new,
        s.rotting,
        s.open,
        {k: (f.count, round(f.total, 2), f.rotting) for k, f in s.stages.items()},
    )


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_the_list_follows_every_command_as_a_full_sort_would(busy, sort, descending):
    game = Game(busy, seed=3)
    rnd = random.Random(sort)
    stage = rnd.choice([None, "lead", "qualified"])
    query = ListQuery(stage=stage, sort=sort, descending=descending)
    view = ListView()
    assert view.update(game, query) == _full(game, query)
    for _ in range(3):  # days
        for _ in range(12):
            c = rnd.choice(game.open_customers())
            opts = [o.action.id for o in game.options(c.index) if o.available]
            if opts:
                game.act(c.index, rnd.choice(opts))
            if rnd.random() < 0.2:
                game.schedule(c.index, game.day + rnd.randint(0, 2), "call back")
            assert view.update(game, query) == _full(game, query)
        game.end_day()
        assert view.update(game, query) == _full(game, query)


def test_the_attention_counts_follow_every_command(busy):
    game = Game(busy, seed=5)
    summary = DeskSummary()
    rnd = random.Random(5)
    for _ in range(4):
        for _ in range(15):
            c = rnd.choice(game.open_customers())
            opts = [o.action.id for o in game.options(c.index) if o.available]
            if opts:
                game.act(c.index, rnd.choice(opts))
            else:
                game.schedule(c.index, game.day, "today")
            expected = _counts(game)
            stages = {k: (n, round(t, 2), r) for k, (n, t, r) in expected[4].items()}
            assert _summary(summary.update(game)) == (*expected[:4], stages)
        game.end_day()
    assert summary.rotting > 0 and summary.open > 0  # the run exercised real counts


def test_search_with_and_without_the_name_index(busy):
    game = Game(busy, seed=2)
    company = game.identity(17).company
    q = company[:6].lower()
    everyone = [c.index for c in game.open_customers()]
    by_query = [c.index for c in game.list_customers(query=q)]
    assert 17 in by_query
    assert game.narrow(everyone, q) == by_query
    fresh = Game(busy, seed=2)
    # Nothing indexed yet: only the stage text can match (here: nothing, or stage names).
    assert 17 not in fresh.narrow(everyone, q, indexed_only=True)
    assert fresh.narrow(everyone, "prospecting", indexed_only=True) == [
        c.index for c in fresh.open_customers() if c.stage == "lead"
    ]
    while not fresh.names_indexed():
        fresh.index_names(50)
    assert fresh.narrow(everyone, q, indexed_only=True) == by_query


def test_the_live_view_reads_what_the_copied_environment_holds(busy):
    game = Game(busy, seed=4)
    for c in game.customers[:40]:
        env = c.env(busy, game.day)
        view = c.view(busy, game.day)
        assert {k: view[k] for k in env} == env


def test_a_reused_generator_draws_the_same_customers(busy):
    reused = random.Random()
    for i in range(50):
        a = draw_customer(busy, 9, i, 1, "lead", True)
        b = draw_customer(busy, 9, i, 1, "lead", True, rng=reused)
        assert a == b


def test_sorting_by_company_while_names_are_indexed_generates_none(busy):
    game = Game(busy, seed=6)
    game.index_names(30)
    rows = ListView().update(game, ListQuery(sort="name", names_pending=True))
    assert len(game._names) == 30  # no name was generated for the sort
    indexed = [i for i in rows if i in game._names]
    assert rows[: len(indexed)] == indexed  # indexed first, by company...
    assert [game._names[i][1] for i in indexed] == sorted(game._names[i][1] for i in indexed)
    assert rows[len(indexed) :] == sorted(rows[len(indexed) :])  # ...the rest by index
    while not game.names_indexed():
        game.index_names(100)
    done = ListView().update(game, ListQuery(sort="name"))
    assert done == _full(game, ListQuery(sort="name"))


def test_typing_and_backspacing_give_what_a_fresh_search_gives(busy):
    game = Game(busy, seed=2)
    view = ListView()
    view.update(game, ListQuery(sort="value"))
    calls: list[str] = []

    def narrow(rows: list[int], q: str) -> list[int]:
        calls.append(q)
        return game.narrow(rows, q)

    def fresh(text: str) -> list[int]:
        return [c.index for c in game.list_customers(query=text, sort="value")]

    company = game.identity(5).company.lower()
    texts = [company[:n] for n in range(1, 5)] + [company[:n] for n in range(3, 0, -1)]
    for text in texts:
        assert view.rows(game, text, narrow) == fresh(text)
    assert calls == texts[:4]  # a backspace finds its answer kept: nothing searched again
    game.act(5, "call")  # the list changed: answers are searched afresh
    view.update(game, ListQuery(sort="value"))
    assert view.rows(game, company[:1], narrow) == fresh(company[:1])
    assert calls[-1] == company[:1]
