"""Bot players: they drive the same `Game` API as the UI, for balancing, ghosts and tests.

A bot has a `name` and `play_day(game)`: it spends the day's hours (never ends the day
itself). `play(game, bot)` runs a whole game. Bots are generic: they read the scenario's
stages, exit criteria, actions and advice, so they play any scenario, not only the tutorial.
Each bot owns its own generator, seeded from the game's seed, so it never disturbs the game's.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from typing import Any

from sim.engine import committee, objections
from sim.engine import events as E
from sim.engine.customer import Customer
from sim.engine.game import Game
from sim.engine.outcomes import expected
from sim.scenario.expr import Expr
from sim.scenario.model import NO_SPAN, Action, Criterion, Outcome


class Bot:
    """Base class: subclasses implement `play_day`."""

    name = "bot"
    description = ""

    def __init__(self, seed: int = 0):
        self.rng = random.Random((seed & 0xFFFFFFFF) ^ 0x5EED_B07)

    def play_day(self, game: Game) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def forecast(self, game: Game) -> None:
        """At a checkpoint: commit the deals at least even odds to close (by stage)."""
        deals = [c.index for c in game.open_customers() if game.stage_of(c).probability >= 50]
        probs = {c.index: game.stage_of(c).probability / 100 for c in game.open_customers()}
        game.commit_forecast(deals, probs)


def play(game: Game, bot: Bot, max_days: int | None = None) -> Game:
    """Play `game` to its end (or `max_days` days) with `bot`."""
    days = 0
    while not game.over and (max_days is None or days < max_days):
        bot.play_day(game)
        if game.is_checkpoint() and game.day not in game.forecasts:
            bot.forecast(game)
        game.end_day()
        days += 1
    return game


def _available(game: Game, c: Customer) -> list[Action]:
    return [o.action for o in game.options(c.index) if o.available]


def _cheapest(acts: list[Action]) -> Action | None:
    """The cheapest action of `acts` (ties by id), or None when there is none."""
    return min(acts, key=lambda a: (a.hours, a.id)) if acts else None


def round_robin(
    game: Game,
    rounds: int,
    customers: Callable[[], list[Customer]],
    choose: Callable[[Customer], Action | None],
    act: Callable[[Customer, Action], None] | None = None,
    spent: Callable[[], bool] = lambda: False,
) -> None:
    """The activity bots' day: round after round over `customers()` (fetched afresh each
    round), one action each where `choose` names one, taken with `act` (default `game.act`).
    Stops when a round acts on nobody, when `spent()` says so before a customer, or after
    `rounds` rounds."""
    take = act or (lambda c, a: game.act(c.index, a.id))
    for _ in range(rounds):
        acted = False
        for c in customers():
            if spent():
                return
            a = choose(c)
            if a is not None:
                take(c, a)
                acted = True
        if not acted:
            return


def _moves_forward(game: Game, c: Customer, a: Action) -> bool:
    to = a.success.move_to
    if not to:
        return False
    dst = game.scenario.stage(to)
    return dst.terminal != "lost" and dst.index > game.stage_of(c).index


def close_odds(game: Game, c: Customer) -> float:
    """The chance the closing action would have for this customer as they are now, were the
    deal at the last open stage (0 when the scenario has no closing action)."""
    sc = game.scenario
    won = sc.won_stage.id
    env = c.env(sc, game.day)
    env["stage"] = sc.open_stages[-1].id
    return max(
        (
            max(0.0, min(1.0, float(a.chance.evaluate(env))))
            for a in sc.actions
            if a.success.move_to == won
        ),
        default=0.0,
    )


class RandomBot(Bot):
    """Picks a random customer and a random available action until the day runs out."""

    name = "random"
    description = "random choices: a baseline that knows nothing"

    def play_day(self, game: Game) -> None:
        for _ in range(200):
            if self.rng.random() < 0.08:
                return
            open_ = game.open_customers()
            if not open_:
                return
            c = self.rng.choice(open_)
            acts = _available(game, c)
            if not acts:
                if all(o.action.hours > game.hours_left for o in game.options(c.index)):
                    return
                continue
            game.act(c.index, self.rng.choice(acts).id)

    def forecast(self, game: Game) -> None:
        open_ = game.open_customers()
        game.commit_forecast([c.index for c in open_ if self.rng.random() < 0.5])


class GreedyBot(Bot):
    """Chases the biggest likely deal now and pushes it forward, ignoring the process."""

    name = "greedy"
    description = "chases the biggest likely deal, pushes to close, ignores the process"

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self._asked: set[int] = set()
        """Customers asked for the signature today (pushy, not absurd: once a day each)."""
        self._asked_day = 0

    def push(self, game: Game, c: Customer, a: Action) -> None:
        """Take action `a`, remembering today's signature requests."""
        if self._asked_day != game.day:
            self._asked, self._asked_day = set(), game.day
        if a.success.move_to == game.scenario.won_stage.id:
            self._asked.add(c.index)
        game.act(c.index, a.id)

    def pick(self, game: Game, c: Customer, acts: list[Action]) -> Action | None:
        won = game.scenario.won_stage.id
        asked = self._asked if self._asked_day == game.day else set()
        closing = [a for a in acts if a.success.move_to == won and c.index not in asked]
        forward = [a for a in acts if _moves_forward(game, c, a) and a not in closing]
        others = [a for a in acts if "disqualify" not in a.tags]
        last_open = game.stage_of(c).index == len(game.scenario.open_stages) - 1
        for group in (closing, forward, others) if last_open else (forward, closing, others):
            if group:
                return min(group, key=lambda a: (a.hours, a.id))
        return None

    def play_day(self, game: Game) -> None:
        # Round after round over the deals, biggest weighted value first: one push each.
        round_robin(
            game,
            50,
            lambda: game.list_customers(sort="weighted", descending=True),
            lambda c: self.pick(game, c, acts) if (acts := _available(game, c)) else None,
            act=lambda c, a: self.push(game, c, a),
            spent=lambda: game.hours_left < self.cheapest(game),
        )

    @staticmethod
    def cheapest(game: Game) -> float:
        return min(a.hours for a in game.scenario.actions)

    def forecast(self, game: Game) -> None:
        # Optimistic: everything past the first stage will close.
        game.commit_forecast([c.index for c in game.open_customers() if game.stage_of(c).index > 0])


def _wants(meters: dict[str, float]) -> Criterion:
    """A stand-in criterion: the member's personal meters are what the gate waits for."""
    when = Expr("committee member", "bool", frozenset(meters), lambda env: False)
    return Criterion(id=None, when=when, text="win over the committee member", span=NO_SPAN)


def _met_by_facts(
    game: Game, outcome: Outcome, env: dict[str, Any], unmet: list[Criterion]
) -> list[Criterion]:
    """The unmet criteria an outcome's facts would meet: an effect that makes a fact what
    a gate waits for (a contact who would not champion the deal becomes a champion) works
    that gate as surely as a meter raised to its bar."""
    facts = {f.id for f in game.scenario.facts}
    sets = [e for e in outcome.effects if e.op == "=" and e.target in facts]
    if not sets or not unmet:
        return []
    after = dict(env)
    for eff in sets:
        after[eff.target] = eff.apply(after.get(eff.target, 0), env)
    return [cr for cr in unmet if cr.when.evaluate(after)]


def committee_target(game: Game, c: Customer, unmet: list[Any]) -> int | None:
    """The committee member an unmet criterion waits for: the first member of a role the
    criteria read (`engaged.<role>`) who is not engaged yet (None: none, or no committee)."""
    sc = game.scenario
    com = committee.committee_of(sc, c)
    if com is None:
        return None
    roles = {n[8:] for cr in unmet for n in cr.when.names if n.startswith("engaged.")}
    if not roles:
        return None
    flags = committee.engaged(sc, c, c.env(sc, game.day))
    for k, (member, engaged) in enumerate(zip(com.members, flags, strict=True)):
        if member.role in roles and not engaged:
            return k
    return None


class ExpertBot(Bot):
    """Follows the playbook the scenario implies: answer fast, qualify before proposing,
    meet each stage's exit criteria before moving on, diagnose large deals, disqualify
    bad fits, never over-contact, close when ready."""

    name = "expert"
    description = "follows the stage playbook: qualify, diagnose, propose, close when ready"

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self._odds: dict[int, tuple[tuple[int, int], float]] = {}
        self.contact = 0
        """The committee member `choose` aimed its action at (0: the card's contact)."""

    def known_bad_fit(self, game: Game, c: Customer) -> bool:
        return game.evident_bad_fit(c)

    @staticmethod
    def rating(c: Customer, a: Action, env: dict[str, Any]) -> str:
        """The playbook's rating of `a` for this deal now: situational (`when:`) advice
        first, as the coach reads it."""
        adv = a.advice_for(c.stage, env)
        return adv.rating if adv else "neutral"

    def score(
        self, game: Game, c: Customer, a: Action, env: dict[str, Any], unmet: list[Any]
    ) -> float:
        rating = self.rating(c, a, env)
        if rating == "harmful":
            return -100.0
        s = {"good": 2.0, "neutral": 0.5}[rating]
        # Objections heard and the buyer's learned style (sim.engine.objections, .outcomes).
        heard = objections.expert_weight(game.scenario, c, a)
        if heard is None:
            return -100.0
        s += heard
        land = expected(a, c, env)
        if "discount" in a.tags:
            s -= 6
        if a.success.move_to == game.scenario.lost_stage.id:
            return -100.0
        forward = _moves_forward(game, c, a)
        if forward:
            # Criteria this action itself satisfies (discovery reveals the need) don't block.
            after = dict(env)
            after.update({f"known.{f}": True for f in a.success.reveal})
            blocked = [cr for cr in unmet if not cr.when.evaluate(after)]
            s += 8.0 if not blocked else -30.0
        wanted = set()
        for cr in unmet:
            wanted |= set(cr.when.names)
        for f in land.success.reveal:
            if f not in c.known and f"known.{f}" in wanted:
                s += 5.0
            elif f not in c.known:
                s += 0.5
        for eff in land.success.effects:
            if eff.target in wanted and eff.op in ("+=", "="):
                s += min(6.0, max(0.0, float(eff.value.evaluate(env))) / 5)
        s += 8.0 * len(_met_by_facts(game, land.success, env, unmet))
        try:
            chance = max(0.0, min(1.0, float(land.chance.evaluate(env))))
        except Exception:  # pragma: no cover - expressions are type-checked
            chance = 0.5
        return s * (0.4 + chance) - a.hours * 0.6

    def forecast(self, game: Game) -> None:
        """An honest probability for every open deal: the chance of the closing action as if
        the deal were ready (its meters and facts now), over the attempts the days left
        allow, scaled by how far along the stage is; ~0 for an evident bad fit or a deal too
        early to close in time; the stage's own odds for a deal nobody is working (not
        contacted today or yesterday). Deals at even odds or better are committed."""
        sc = game.scenario
        last = sc.open_stages[-1]
        first = sc.open_stages[0].id
        tries = max(1, min(3, game.days - game.day))
        probs: dict[int, float] = {}
        for c in game.open_customers():
            if game.evident_bad_fit(c) or c.stage == first or not last.probability:
                probs[c.index] = 0.01
                continue
            label = game.stage_of(c).probability / 100
            if c.last_contact_day < game.day - 1:
                probs[c.index] = label  # not being worked: no better guess than the stage's odds
                continue
            q = close_odds(game, c)
            along = min(1.0, label * 100 / last.probability)
            probs[c.index] = round(max(0.01, along * (1 - (1 - q) ** tries)), 2)
        game.commit_forecast([i for i, p in probs.items() if p >= 0.5], probs)

    def choose(self, game: Game, c: Customer) -> Action | None:
        acts = _available(game, c)
        if not acts:
            return None
        if self.known_bad_fit(game, c):
            dq = [a for a in acts if "disqualify" in a.tags]
            if dq:
                return dq[0]
        limit = game.scenario.dynamics.contacts_per_day
        env = c.env(game.scenario, game.day)
        unmet = [cr for cr in game.stage_of(c).exit if not cr.when.evaluate(env)]
        target = committee_target(game, c, unmet) if c.members is not None else None
        if target and committee.touches(c, target, game.day) >= limit:
            target = None  # enough of them for today
        if not target and c.contacts_today >= limit:
            return None
        self.contact = target or 0
        if target is not None:  # work the committee member the gate is waiting for
            env = dict(committee.as_member(game.scenario, c, target, env))
            unmet = [_wants(committee.personal(game.scenario, c, target)), *unmet]
        best = max(acts, key=lambda a: (self.score(game, c, a, env, unmet), a.id))
        return best if self.score(game, c, best, env, unmet) > 0 else None

    def rank(self, game: Game, c: Customer) -> tuple[bool, bool, int, bool]:
        """The coarse order of work: on the last day the deals that can still sign; then new
        inbound leads, the later stages, and the deals about to rot."""
        closing = game.day >= game.days and c.stage == game.scenario.open_stages[-1].id
        new_inbound = c.inbound and c.answered_day is None
        st = game.stage_of(c)
        rot_soon = st.rot_days is not None and c.days_idle(game.day) >= st.rot_days
        return (not closing, not new_inbound, -st.index, not rot_soon)

    def priority(self, game: Game, c: Customer) -> tuple[Any, ...]:
        # Within a rank, the deal most worth the hour: value times the odds of closing it.
        return (*self.rank(game, c), -c.value * self.odds(game, c), c.index)

    def odds(self, game: Game, c: Customer) -> float:
        """`close_odds`, remembered until the customer's history or the day changes."""
        key = (len(c.history), game.day)
        hit = self._odds.get(c.index)
        if hit is None or hit[0] != key:
            hit = (key, close_odds(game, c))
            self._odds[c.index] = hit
        return hit[1]

    def play_day(self, game: Game) -> None:
        """Up to 100 actions a day, each on the open deal of highest `priority` that has a
        worthwhile action. A deal's priority and choice read only its own state (and the day),
        and a deal with nothing worth doing keeps nothing (hours only shrink), so one heap per
        day gives the order a full re-sort after every action would. The odds within a rank
        are worked out only for the ranks the day reaches: at 100,000 accounts that is the
        difference between seconds and minutes."""
        cheapest = min(a.hours for a in game.scenario.actions)
        heap: list[tuple[Any, ...]] = []
        known = -1
        for _ in range(100):
            if len(game.customers) != known:  # first round, or someone new arrived: start over
                known = len(game.customers)
                # (rank, refined?, -value x odds, index, customer): an entry not yet refined
                # comes first in its rank, so the whole rank is refined before any is taken.
                heap = [(self.rank(game, c), 0, 0.0, c.index, c) for c in game.open_customers()]
                heapq.heapify(heap)
            while heap and game.hours_left >= cheapest:
                rank, refined, _, _, c = heapq.heappop(heap)
                if not refined:
                    heapq.heappush(heap, (rank, 1, -c.value * self.odds(game, c), c.index, c))
                    continue
                a = self.choose(game, c)
                if a is not None:
                    break
            else:
                return
            game.act(c.index, a.id, self.contact if a.contact else 0)
            if c.is_open:
                p = self.priority(game, c)
                heapq.heappush(heap, (p[:-2], 1, p[-2], c.index, c))


class DiscounterBot(GreedyBot):
    """Exploit probe: plays greedy, then discounts every deal on the last day and closes."""

    name = "discounter"
    description = "exploit probe: discounts everything on the last day to force closes"

    def play_day(self, game: Game) -> None:
        if game.day >= game.days:
            for c in game.list_customers(sort="value", descending=True):
                for a in _available(game, c):
                    if "discount" in a.tags:
                        game.act(c.index, a.id)
                        break
                for a in _available(game, c):
                    if a.success.move_to == game.scenario.won_stage.id:
                        self.push(game, c, a)
                        break
        super().play_day(game)


class SpammerBot(Bot):
    """Exploit probe: contacts everyone as often as the hours allow, cheapest action first."""

    name = "spammer"
    description = "exploit probe: contacts everyone over and over"

    def play_day(self, game: Game) -> None:
        round_robin(
            game,
            500,
            game.open_customers,
            lambda c: _cheapest(
                [a for a in _available(game, c) if a.contact and not a.success.move_to]
            ),
        )


class WhaleBot(GreedyBot):
    """Exploit probe: works only the single largest deal."""

    name = "whale"
    description = "exploit probe: only chases the largest deal"

    def play_day(self, game: Game) -> None:
        for _ in range(50):
            deals = game.list_customers(sort="value", descending=True)
            if not deals:
                return
            c = deals[0]
            a = self.pick(game, c, _available(game, c))
            if a is None:
                return
            self.push(game, c, a)


class IdleBot(Bot):
    """Exploit probe: does nothing all run and commits an empty forecast."""

    name = "idle"
    description = "exploit probe: does nothing, forecasts nothing"

    def play_day(self, game: Game) -> None:
        return

    def forecast(self, game: Game) -> None:
        game.commit_forecast([])


def _good(game: Game, c: Customer) -> list[Action]:
    """The available actions the playbook rates good for this customer now."""
    env = c.env(game.scenario, game.day)
    return [
        a
        for a in _available(game, c)
        if (adv := a.advice_for(c.stage, env)) is not None and adv.rating == "good"
    ]


def _sells(game: Game, a: Action) -> bool:
    """Whether an action proposes or closes (what the clerk never does)."""
    return (
        bool({"proposal", "close", "negotiation", "discount"} & set(a.tags))
        or a.success.move_to == game.scenario.won_stage.id
    )


class ClerkBot(Bot):
    """Exploit probe: answers and qualifies every lead and repeats every action the playbook
    calls good, but never proposes, negotiates or closes; forecasts nothing. Sells nothing."""

    name = "clerk"
    description = "exploit probe: busy with 'good' actions, never sells, forecasts nothing"

    def play_day(self, game: Game) -> None:
        limit = game.scenario.dynamics.contacts_per_day

        def choose(c: Customer) -> Action | None:
            if c.contacts_today >= limit:
                return None
            return _cheapest([a for a in _good(game, c) if not _sells(game, a)])

        round_robin(
            game,
            100,
            lambda: sorted(
                game.open_customers(), key=lambda c: (c.answered_day is not None, c.index)
            ),
            choose,
        )

    def forecast(self, game: Game) -> None:
        game.commit_forecast([])


class DisqualifierBot(Bot):
    """Exploit probe: answers each customer once, then disqualifies them on the spot."""

    name = "disqualifier"
    description = "exploit probe: answers once, then disqualifies everyone"

    def play_day(self, game: Game) -> None:
        for c in game.open_customers():
            acts = _available(game, c)
            if c.index not in self._answered:
                calls = [a for a in acts if a.contact and not a.success.move_to]
                if calls:
                    game.act(c.index, min(calls, key=lambda a: (a.hours, a.id)).id)
                    self._answered.add(c.index)
                continue
            dq = [a for a in acts if "disqualify" in a.tags]
            if dq:
                game.act(c.index, dq[0].id)

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self._answered: set[int] = set()


class GatePusherBot(GreedyBot):
    """Exploit probe: asks for the signature first and advances deals regardless of the
    stage's exit criteria."""

    name = "gate_pusher"
    description = "exploit probe: advances and closes regardless of exit criteria"

    def pick(self, game: Game, c: Customer, acts: list[Action]) -> Action | None:
        won = game.scenario.won_stage.id
        asked = self._asked if self._asked_day == game.day else set()
        closing = [a for a in acts if a.success.move_to == won and c.index not in asked]
        forward = [a for a in acts if _moves_forward(game, c, a) and a not in closing]
        for group in (closing, forward):
            if group:
                return min(group, key=lambda a: (a.hours, a.id))
        return None


class SandbaggerBot(ExpertBot):
    """Exploit probe: plays like the expert but forecasts nothing."""

    name = "sandbagger"
    description = "exploit probe: expert play, empty forecast"

    def forecast(self, game: Game) -> None:
        game.commit_forecast([])


class OptimistBot(ExpertBot):
    """Exploit probe: plays like the expert but commits every open deal at 100 %."""

    name = "optimist"
    description = "exploit probe: expert play, every open deal committed at 100 %"

    def forecast(self, game: Game) -> None:
        deals = [c.index for c in game.open_customers()]
        game.commit_forecast(deals, {i: 1.0 for i in deals})


class HygienistBot(ExpertBot):
    """Exploit probe: does nothing but hygiene -- answers, runs discovery on everyone,
    disqualifies the evident bad fits, forecasts honestly -- and never proposes or closes."""

    name = "hygienist"
    description = "exploit probe: discovery and disqualifying only, never sells"

    def choose(self, game: Game, c: Customer) -> Action | None:
        acts = [a for a in _available(game, c) if not _sells(game, a)]
        if self.known_bad_fit(game, c):
            dq = [a for a in acts if "disqualify" in a.tags]
            if dq:
                return dq[0]
        if c.contacts_today >= game.scenario.dynamics.contacts_per_day:
            return None
        unknown = [a for a in acts if a.success.reveal and set(a.success.reveal) - set(c.known)]
        return min(unknown, key=lambda a: (a.hours, a.id)) if unknown else None


class BusyBeeBot(Bot):
    """Exploit probe: round after round, the cheapest action the playbook calls good for each
    customer in turn -- activity spread over the whole list, no priorities, no plan."""

    name = "busybee"
    description = "exploit probe: the cheapest 'good' action for everyone, round after round"

    def play_day(self, game: Game) -> None:
        round_robin(
            game,
            20,
            game.open_customers,
            lambda c: _cheapest(_good(game, c)),
            spent=lambda: game.hours_left <= 0,
        )


class LastDayCloserBot(ExpertBot):
    """Exploit probe: expert play, then on the last day asks every open deal for the
    signature (discount first where one is offered), ready or not."""

    name = "last_day_closer"
    description = "exploit probe: expert play, then a close attempt on every deal on the last day"

    def play_day(self, game: Game) -> None:
        if game.day >= game.days:
            won = game.scenario.won_stage.id
            for c in game.list_customers(sort="value", descending=True):
                for a in _available(game, c):
                    if a.success.move_to == won:
                        game.act(c.index, a.id)
                        break
        super().play_day(game)


class LateDisqualifierBot(ExpertBot):
    """Exploit probe: expert play, then disqualifies every deal still open on the last day,
    so nothing is left on the books at the end."""

    name = "late_disqualifier"
    description = "exploit probe: expert play, disqualifies whatever is still open on the last day"

    def play_day(self, game: Game) -> None:
        if game.day >= game.days:
            for c in game.open_customers():
                dq = [a for a in _available(game, c) if "disqualify" in a.tags]
                if dq:
                    game.act(c.index, dq[0].id)
        super().play_day(game)


class PeekerBot(ExpertBot):
    """Exploit probe: the what-if save-scummer. Before any action that can fail it looks
    at the dice (as rewinding a practice branch and trying would show) and takes the action
    only when it will succeed. Dice that cannot be re-rolled make this foresight, not luck:
    the score may not rank it far above the expert."""

    name = "peeker"
    description = "exploit probe: expert play that peeks at the dice before every risky action"

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self._waited: dict[tuple[int, str, int], int] = {}
        """Attempts put off because the dice said no, and the day they were put off."""

    def choose(self, game: Game, c: Customer) -> Action | None:
        a = super().choose(game, c)
        if a is None or not a.success.move_to:
            return a
        env = c.env(game.scenario, game.day)
        chance = min(1.0, max(0.0, float(a.chance.evaluate(env))))
        attempt = game._attempts.get((c.index, a.id), 0)
        key = (c.index, a.id, attempt)
        if game.roll(f"{c.index}:{a.id}:{attempt}") < chance:
            return a
        if self._waited.setdefault(key, game.day) < game.day:
            return a  # a day's wait did not help: take the miss to get fresh dice
        return None  # the dice say no: work other deals today and try again tomorrow


def board_forecast(game: Game) -> None:
    """Commit exactly what the board says: each open deal at its stage's labelled probability,
    the deals at commit stages committed. The forecast anyone could make without looking."""
    probs = {c.index: game.stage_of(c).probability / 100 for c in game.open_customers()}
    commit = [c.index for c in game.open_customers() if game.stage_of(c).forecast == "commit"]
    game.commit_forecast(commit, probs)


class CherryPickerBot(ExpertBot):
    """Exploit probe: expert play on the few deals worth most (weighted value) and nothing
    else -- no answers for new leads, no hygiene, the rest of the list left to rot. When a
    picked deal closes the next best takes its place."""

    name = "cherry_picker"
    description = (
        "exploit probe: expert play on the top 3 deals by weighted value, ignores the rest"
    )
    keep = 3

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self._picked: set[int] = set()

    def play_day(self, game: Game) -> None:
        self._picked = {i for i in self._picked if game.customer(i).is_open}
        # By the desk's own "weighted" sort (value x stage probability): what a trainee sees.
        others = [
            c
            for c in game.list_customers(sort="weighted", descending=True)
            if c.index not in self._picked
        ]
        self._picked |= {c.index for c in others[: self.keep - len(self._picked)]}
        super().play_day(game)

    def choose(self, game: Game, c: Customer) -> Action | None:
        return super().choose(game, c) if c.index in self._picked else None


class AnswerAndAbandonBot(Bot):
    """Exploit probe: answers every customer it has never contacted the day it sees them,
    with the cheapest contact, and never touches them again; forecasts the board."""

    name = "answer_abandon"
    description = "exploit probe: answers every new lead at once, then never again"

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self._seen: set[int] = set()

    def play_day(self, game: Game) -> None:
        for c in game.open_customers():
            if c.index not in self._seen:
                a = _cheapest(
                    [x for x in _available(game, c) if x.contact and not x.success.move_to]
                )
                if a is not None and game.act(c.index, a.id).ok:
                    self._seen.add(c.index)

    def forecast(self, game: Game) -> None:
        board_forecast(game)


class BoardForecasterBot(ExpertBot):
    """Exploit probe: expert play, but the forecast is just the stage probabilities."""

    name = "board_forecaster"
    description = "exploit probe: expert play, forecasts each deal at its stage's probability"

    def forecast(self, game: Game) -> None:
        board_forecast(game)


class HedgerBot(ExpertBot):
    """Exploit probe: expert play, every open deal forecast at 50 % (never wrong by more
    than half), none committed."""

    name = "hedger"
    description = "exploit probe: expert play, every open deal forecast at 50 %"

    def forecast(self, game: Game) -> None:
        game.commit_forecast([], {c.index: 0.5 for c in game.open_customers()})


class QuotaCoasterBot(ExpertBot):
    """Exploit probe: expert play until the quota is won, then coasts: no more work at all
    (results are capped at 100 % of quota, so why sell more?). Forecasts like the expert."""

    name = "quota_coaster"
    description = "exploit probe: expert play until quota is met, then does nothing"

    def play_day(self, game: Game) -> None:
        if game.outcome()["revenue"] < game.scenario.scoring.quota:
            super().play_day(game)


class ChurnDisqualifierBot(ExpertBot):
    """Exploit probe: expert play, but disqualifies any deal as soon as its card shows one
    discovered 'no' (a yes/no fact found false), evident bad fit or not."""

    name = "churn_disqualifier"
    description = "exploit probe: expert play, disqualifies a deal at the first 'no' on its card"

    def known_bad_fit(self, game: Game, c: Customer) -> bool:
        return super().known_bad_fit(game, c) or any(c.facts.get(f) is False for f in c.known)


class DiscountHabitBot(ExpertBot):
    """Exploit probe: expert play, but offers a discount (where one is offered) before
    every request for the signature: "it helps them sign"."""

    name = "discount_habit"
    description = "exploit probe: expert play, discounts before every close"

    def choose(self, game: Game, c: Customer) -> Action | None:
        a = super().choose(game, c)
        if a is None or a.success.move_to != game.scenario.won_stage.id:
            return a
        used = {ev.action for s in c.history if isinstance(ev := game.log[s], E.ActionTaken)}
        disc = [x for x in _available(game, c) if "discount" in x.tags and x.id not in used]
        return disc[0] if disc else a


BOTS: dict[str, Callable[[int], Bot]] = {
    b.name: b
    for b in (
        RandomBot,
        GreedyBot,
        ExpertBot,
        DiscounterBot,
        SpammerBot,
        WhaleBot,
        IdleBot,
        ClerkBot,
        DisqualifierBot,
        GatePusherBot,
        SandbaggerBot,
        OptimistBot,
        HygienistBot,
        BusyBeeBot,
        LastDayCloserBot,
        LateDisqualifierBot,
        PeekerBot,
        CherryPickerBot,
        AnswerAndAbandonBot,
        BoardForecasterBot,
        HedgerBot,
        QuotaCoasterBot,
        ChurnDisqualifierBot,
        DiscountHabitBot,
    )
}
"""Every bot by name. Add one by subclassing `Bot` and listing it here."""


def make_bot(name: str, seed: int = 0) -> Bot:
    try:
        return BOTS[name](seed)
    except KeyError:
        raise ValueError(f"unknown policy '{name}'; choose from {', '.join(BOTS)}") from None
