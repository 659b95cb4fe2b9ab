"""Incremental views of a game for the desk: counts that need attention and the list query.

Both follow the game's log: every change to a customer appends an event that names it, so
after a command only the customers named by the new events are looked at again; a new day
(which moves every idle counter) or another game rebuilds them once. A 100,000-customer desk
then pays for one customer, not for the territory, when the trainee acts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine.events import CustomerEvent, LeadArrived

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer
    from sim.engine.game import Game


def touched_since(game: Game, seq: int) -> set[int]:
    """Customers named by the log entries from `seq` on."""
    out: set[int] = set()
    for ev in game.log[seq:]:
        if isinstance(ev, CustomerEvent):
            out.add(ev.customer)
        if isinstance(ev, LeadArrived) and ev.referred_by is not None:
            out.add(ev.referred_by)
    return out


class _Follower:
    """What both views share: knowing whether to rebuild or to update a few customers."""

    def __init__(self) -> None:
        self._game_id = 0
        self._day = -1
        self._seen = -1

    def _changes(self, game: Game) -> set[int] | None:
        """None: rebuild everything; else the customers to look at again."""
        n = len(game.log)
        if id(game) != self._game_id or game.day != self._day or n < self._seen:
            self._game_id, self._day, self._seen = id(game), game.day, n
            return None
        touched = touched_since(game, self._seen) if n > self._seen else set()
        self._seen = n
        return touched


@dataclass
class StageFigures:
    """One stage of the pipeline board: deals, their value, rotting deals."""

    count: int = 0
    total: float = 0.0
    rotting: int = 0


_Fig = tuple[str, float, bool, bool, bool, bool]
"""What a customer adds to the counts: stage, value, open, rotting, due, new."""


def _figures(c: Customer, day: int, rot_days: dict[str, int | None]) -> _Fig:
    """Customer `c`'s part of the counts on `day` (rotting as `Game.is_rotting` says)."""
    if c.closed_day is not None:
        return (c.stage, c.value, False, False, False, False)
    limit = rot_days[c.stage]
    return (
        c.stage,
        c.value,
        True,
        limit is not None and max(0, day - c.last_contact_day) > limit,
        c.next_step is not None and c.next_step[0] <= day,
        c.inbound and c.answered_day is None,
    )


class DeskSummary(_Follower):
    """Counts the day bar and the pipeline board show: due, new, rotting, per stage."""

    def __init__(self) -> None:
        super().__init__()
        self._of: dict[int, _Fig] = {}
        self._rot_days: dict[str, int | None] = {}
        self.stages: dict[str, StageFigures] = {}
        """Per stage id: deals (open or closed there), total value, rotting deals."""
        self.due = 0
        """Open deals whose next step is due today or overdue."""
        self.new = 0
        """Inbound leads not yet answered."""
        self.rotting = 0
        """Open deals idle past their stage's limit."""
        self.open = 0
        """Open deals."""

    def update(self, game: Game) -> DeskSummary:
        """Bring the counts up to date with `game` (cheap when little changed)."""
        changed = self._changes(game)
        if changed is None:
            self._rebuild(game)
            return self
        for i in changed:
            if 0 <= i < len(game.customers):
                old = self._of.get(i)
                if old is not None:
                    self._add(old, -1)
                new = self._of[i] = _figures(game.customers[i], game.day, self._rot_days)
                self._add(new, 1)
        return self

    def _rebuild(self, game: Game) -> None:
        """Count every customer afresh (one pass, no per-customer calls: at 100,000
        customers this runs at every new day)."""
        self._rot_days = {s.id: s.rot_days for s in game.scenario.stages}
        self.stages = {s.id: StageFigures() for s in game.scenario.stages}
        self.due = self.new = self.rotting = self.open = 0
        of: dict[int, _Fig] = {}
        day, rot_days, stages = game.day, self._rot_days, self.stages
        due = new = rotting = opened = 0
        for c in game.customers:
            fig = of[c.index] = _figures(c, day, rot_days)
            st = stages[c.stage]
            st.count += 1
            st.total += c.value
            if fig[2]:
                opened += 1
                if fig[3]:
                    rotting += 1
                    st.rotting += 1
                due += fig[4]
                new += fig[5]
        self._of = of
        self.due, self.new, self.rotting, self.open = due, new, rotting, opened

    def _add(self, fig: _Fig, sign: int) -> None:
        stage, value, is_open, rotting, due, new = fig
        st = self.stages[stage]
        st.count += sign
        st.total += sign * value
        st.rotting += sign * rotting
        self.open += sign * is_open
        self.rotting += sign * rotting
        self.due += sign * due
        self.new += sign * new


class _Desc:
    """A sort key compared the other way round (bisect on a descending list)."""

    __slots__ = ("k",)

    def __init__(self, k: Any):
        self.k = k

    def __lt__(self, other: _Desc) -> bool:
        return bool(other.k < self.k)


@dataclass(frozen=True)
class ListQuery:
    """What the desk's list shows: `Game.list_customers`'s arguments."""

    stage: str | None = None
    sort: str = "index"
    descending: bool = False
    include_closed: bool = False
    rotting_only: bool = False
    bad_fits_only: bool = False
    names_pending: bool = False
    """Names are still being indexed: the company sort puts customers whose names are not
    indexed yet after the others (by index) instead of generating every name at once."""


def sort_key(game: Game, query: ListQuery) -> Any:
    """The sort key for `query` (`Game._sort_key`, or the company key on indexed names)."""
    if query.sort == "name" and query.names_pending:
        names = game._names
        last = "\U0010ffff"

        def by_name(c: Customer) -> tuple[str, int]:
            hit = names.get(c.index)
            return (hit[1] if hit is not None else last, c.index)

        return by_name
    return game._sort_key(query.sort)


class ListView(_Follower):
    """The desk's list, kept sorted and filtered as the game changes.

    `base` is every customer the query's filters admit, in sort order; `rows(text)` narrows
    it by the type-to-filter text without sorting again. After a command only the customers
    it touched leave and re-enter `base` (a binary search each: sort keys are unique, ties
    broken by index, so the result is exactly a full sort's). A new day, another sort or
    filter rebuilds it once.
    """

    def __init__(self) -> None:
        super().__init__()
        self.query: ListQuery | None = None
        self.base: list[int] = []
        self._version = 0
        self._answers: list[tuple[str, list[int]]] = []
        """The filter's answers for the texts typed so far, each a prefix of the next."""
        self._answered: tuple[int, int] = (-1, -1)
        """(`_version`, stamp) the answers were given for."""

    def update(self, game: Game, query: ListQuery) -> list[int]:
        """`base` for `query`, brought up to date with `game`."""
        changed = self._changes(game)
        key = sort_key(game, query)
        if changed is None or query != self.query:
            self.query = query
            self._seen = len(game.log)
            admitted = game.list_customers(
                stage=query.stage,
                sort="index",
                include_closed=query.include_closed,
                rotting_only=query.rotting_only,
                bad_fits_only=query.bad_fits_only,
            )
            self.base = [c.index for c in sorted(admitted, key=key, reverse=query.descending)]
            self._version += 1
        elif changed:
            self._reinsert(game, query, changed, key)
            self._version += 1
        return self.base

    def rows(
        self, game: Game, text: str, narrow: Callable[[list[int], str], list[int]], stamp: int = 0
    ) -> list[int]:
        """`base` narrowed by `narrow(rows, text)` (which keeps order). The answers for the
        texts typed before are kept while each is a prefix of the next: a longer text narrows
        the last answer instead of the whole list, and a backspace finds its answer kept, unless
        the list or `stamp` (what `narrow` can see, e.g. how many names are indexed) changed."""
        q = text.strip().lower()
        if not q:
            return self.base
        answers = self._answers
        if self._answered != (self._version, stamp):
            answers.clear()
            self._answered = (self._version, stamp)
        while answers and not q.startswith(answers[-1][0]):
            answers.pop()
        if answers and answers[-1][0] == q:
            return answers[-1][1]
        rows = narrow(answers[-1][1] if answers else self.base, q)
        answers.append((q, rows))
        return rows

    def _reinsert(self, game: Game, query: ListQuery, changed: set[int], key: Any) -> None:
        base = self.base.copy()
        if len(changed) > 64:
            base = [i for i in base if i not in changed]
        else:
            for i in changed:  # list.index and del run in C: far cheaper than a rebuild
                try:
                    del base[base.index(i)]
                except ValueError:
                    pass
        customers = game.customers
        wrap = _Desc if query.descending else (lambda k: k)
        for i in sorted(changed):
            if not 0 <= i < len(customers) or not self._admits(game, query, customers[i]):
                continue
            k = wrap(key(customers[i]))
            pos = bisect_left(base, k, key=lambda j: wrap(key(customers[j])))
            base.insert(pos, i)
        self.base = base

    @staticmethod
    def _admits(game: Game, query: ListQuery, c: Customer) -> bool:
        if not query.include_closed and c.closed_day is not None:
            return False
        if query.stage and c.stage != query.stage:
            return False
        if query.rotting_only and not game.is_rotting(c):
            return False
        return not (query.bad_fits_only and not game.evident_bad_fit(c))
