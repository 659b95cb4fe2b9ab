"""The deterministic game: `Game(scenario, seed)`; commands in, events out.

Every intent is a command (sim/engine/commands.py) given to `Game.apply`; every change it
causes is appended to `Game.log` as an event (sim/engine/events.py). The same scenario, seed
and commands give a byte-identical log (`log_jsonl()`), in any process. `replay()` rebuilds a
game from its commands and `fork(n)` branches from any past command for "what if".
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sim.engine import committee, objections
from sim.engine import events as E
from sim.engine.coach import judge, style_blind
from sim.engine.commands import Act, AddNote, Command, CommitForecast, EndDay, Schedule
from sim.engine.customer import Customer, CustomerEnv, Pending, draw_customer, getters
from sim.engine.fmt import Formatter
from sim.engine.identity import Identity, make_identity, render
from sim.engine.outcomes import landing
from sim.engine.phrases import Phrase
from sim.engine.pipeline import BLOCK_DRAWS_FROM, start_pipeline
from sim.scenario.checks import MAX_CUSTOMERS
from sim.scenario.expr import BUILTIN_NAMES, Effect
from sim.scenario.model import Action, Outcome, Scenario, Stage

MAX_NOTE = 500
Ev = TypeVar("Ev", bound=E.Event)


@dataclass(frozen=True, slots=True)
class Result:
    """What a command did: accepted or not, in words, and the events it appended."""

    ok: bool
    message: str
    events: tuple[E.Event, ...] = ()
    feedback: str = ""
    """The scenario's feedback text for what happened (render with the customer's identity)."""
    rating: str | None = None
    """good / neutral / harmful: how the playbook judges this choice at this stage."""
    advice: str = ""
    """The coach's comment on the choice at this stage."""
    unsure: bool = False
    """The comment depends on the buyer's style, still not learned: show a neutral one
    (`coach.style_blind`; not logged)."""


@dataclass(frozen=True, slots=True)
class ActionOption:
    """An action as offered for one customer now: available or not, and why."""

    action: Action
    available: bool
    reason: str
    """Why it is unavailable ('' when available)."""


class GameError(Exception):
    """A command that cannot be applied (bad customer, unknown action...)."""


class Game:
    """One run of a scenario with one seed. See the module docstring."""

    def __init__(self, scenario: Scenario, seed: int = 1, draws: int | None = None):
        """`draws`: how the initial pipeline is drawn: 1, each customer from its own
        generator; 2, in blocks of customers (`sim.engine.pipeline`), quicker; None
        (a new game): 2 from `BLOCK_DRAWS_FROM` initial customers on, else 1. A replay
        passes what its log's `game_started` says (`draws_of`), so old runs replay exactly."""
        self.scenario = scenario
        self.seed = int(seed)
        if draws is None:
            draws = 2 if scenario.inbound.initial >= BLOCK_DRAWS_FROM else 1
        if draws not in (1, 2):
            raise GameError(f"unknown draw scheme {draws}; this version knows 1 and 2")
        self.draws = draws
        self._attempts: dict[tuple[int, str], int] = {}
        """How often each (customer, action) has been tried: the key of its next roll."""
        self.day = 1
        self.hours_left = scenario.calendar.hours_per_day
        self.customers: list[Customer] = []
        self.log: list[E.Event] = []
        self.commands: list[Command] = []
        self.over = False
        self.forecasts: dict[int, E.ForecastCommitted] = {}
        self._identities: dict[int, Identity] = {}
        self._names: dict[int, tuple[str, str]] = {}
        self._name_cursor = 0
        self._name_list: list[str] = []
        """`_names`' search texts by customer index ('' where not indexed yet)."""
        """Per customer: (contact, company, city, industry lowercased, company lowercased)."""
        self._stage_text = {s.id: f"{s.id}\n{s.label}".lower() for s in scenario.stages}
        self._stage_index = {s.id: i for i, s in enumerate(scenario.stages)}
        self._get = getters(scenario)
        self._committees = scenario.has_committees
        self._draw_rng = random.Random()
        """Re-seeded for each new customer (see `draw_customer`)."""
        bf = scenario.dynamics.bad_fit
        self._bad_fit_on_facts = bf is not None and all(
            n in {f.id for f in scenario.facts} and n not in BUILTIN_NAMES for n in bf.names
        )
        self._emit(
            E.GameStarted(
                scenario=scenario.id,
                seed=self.seed,
                days=scenario.calendar.days,
                hours=scenario.calendar.hours_per_day,
                draws=None if draws == 1 else draws,
            )
        )
        with _bulk(scenario.inbound.initial):
            self._start_pipeline()
        self._arrivals(first_day=True)
        # Events set for day 1 happen as the run opens (there is no night before day 1).
        first = [ev for ev in scenario.events if ev.day == self.day]
        if first:
            for c in self.open_customers():
                self._events(c, scheduled_only=True, events=first)
        self._emit_reminders()

    # ------------------------------------------------------------------ queries
    @property
    def days(self) -> int:
        return self.scenario.calendar.days

    def customer(self, index: int) -> Customer:
        if not 0 <= index < len(self.customers):
            raise GameError(f"there is no customer #{index}")
        return self.customers[index]

    def identity(self, index: int) -> Identity:
        """Customer `index`'s identity, generated on first use."""
        ident = self._identities.get(index)
        if ident is None:
            ident = make_identity(self.scenario.metadata.locale, self.seed, index)
            if self._committees and index < len(self.customers):
                com = committee.committee_of(self.scenario, self.customers[index])
                if com is not None:  # the card's contact is the committee's first member
                    ident = replace(ident, title=com.members[0].label)
            self._identities[index] = ident
        return ident

    def text(self, template: str, index: int | None) -> str:
        """Scenario text with `{contact}`, `{company}`... filled for a customer."""
        return render(template, self.identity(index) if index is not None else None)

    def stage_of(self, c: Customer) -> Stage:
        return self.scenario.stages[self._stage_index[c.stage]]

    def open_customers(self) -> list[Customer]:
        return [c for c in self.customers if c.closed_day is None]

    def is_rotting(self, c: Customer) -> bool:
        st = self.stage_of(c)
        return c.is_open and st.rot_days is not None and c.days_idle(self.day) > st.rot_days

    def evident_bad_fit(self, c: Customer) -> bool:
        """Whether what the trainee has *discovered* already proves the customer a bad fit
        (the scenario's `badFit`, whatever the facts still unknown turn out to be)."""
        bf = self.scenario.dynamics.bad_fit
        if bf is None or not c.known:
            return False
        unknown = [n for n in bf.names if n in c.facts and n not in c.known]
        if any(not isinstance(c.facts[n], bool) for n in unknown):
            return False  # an unknown number could go either way
        env = c.env(self.scenario, self.day)
        for combo in range(1 << len(unknown)):
            for bit, name in enumerate(unknown):
                env[name] = bool(combo >> bit & 1)
            if not bf.evaluate(env):
                return False
        return True

    def exit_status(self, index: int) -> list[tuple[str, bool]]:
        """The current stage's exit criteria for a customer, each met or not."""
        c = self.customer(index)
        env = CustomerEnv(c, self._get, self.day)
        return [(cr.text, bool(cr.when.evaluate(env))) for cr in self.stage_of(c).exit]

    def options(self, index: int) -> list[ActionOption]:
        """Every action for a customer now, with the reason when it is not available."""
        c = self.customer(index)
        env = CustomerEnv(c, self._get, self.day) if c.is_open else {}
        return [ActionOption(a, *self._availability(c, a, env)) for a in self.scenario.actions]

    def list_customers(
        self,
        *,
        stage: str | None = None,
        query: str = "",
        sort: str = "index",
        descending: bool = False,
        include_closed: bool = False,
        rotting_only: bool = False,
        bad_fits_only: bool = False,
    ) -> list[Customer]:
        """Customers as a CRM list view: filtered by stage / text / rotting / evident bad
        fit, sorted by index, value, weighted, probability, idle, stage, due, or name."""
        rows = self.customers if include_closed else self.open_customers()
        if stage:
            rows = [c for c in rows if c.stage == stage]
        if rotting_only:
            rows = [c for c in rows if self.is_rotting(c)]
        if bad_fits_only:
            rows = [c for c in rows if self.evident_bad_fit(c)]
        q = query.strip().lower()
        if q:
            rows = [c for c in rows if self.matches(c.index, q)]
        key = self._sort_key(sort)
        return sorted(rows, key=key, reverse=descending)

    def _search_text(self, c: Customer) -> str:
        return f"{self.name_text(c.index)[0]}\n{self._stage_text[c.stage]}"

    def name_text(self, index: int) -> tuple[str, str]:
        """Customer `index`'s searchable names, lowercased ("contact\ncompany\ncity\n
        industry"), and their company lowercased (the name sort). Kept without the rest of
        the identity, so indexing a territory costs a short string per customer."""
        hit = self._names.get(index)
        if hit is None:
            i = self._identities.get(index) or make_identity(
                self.scenario.metadata.locale, self.seed, index
            )
            hit = (f"{i.contact}\n{i.company}\n{i.city}\n{i.industry}".lower(), i.company.lower())
            self._names[index] = hit
            flat = self._name_list
            if index >= len(flat):
                flat.extend([""] * (index + 1 - len(flat)))
            flat[index] = hit[0]
        return hit

    def index_names(self, budget: int) -> int:
        """Index up to `budget` more customers' names (lowest index first; any thread);
        returns how many are indexed now. Identities are the same whoever asks first."""
        names = self._names
        index = self._name_cursor
        while budget > 0 and index < len(self.customers):
            if index not in names:
                self.name_text(index)
                budget -= 1
            index += 1
        self._name_cursor = index
        return len(names)

    def names_indexed(self) -> bool:
        """Whether every customer's names are indexed (the search is complete)."""
        return len(self._names) >= len(self.customers)

    def narrow(self, rows: list[int], q: str, *, indexed_only: bool = False) -> list[int]:
        """`rows` (customer indices, order kept) that match the lowercased filter text `q`;
        what `matches` says of each, in one pass over a flat list of names."""
        if "\n" in q or not (indexed_only or self.names_indexed()):
            return [i for i in rows if self.matches(i, q, indexed_only=indexed_only)]
        stages = {sid for sid, text in self._stage_text.items() if q in text}
        flat = self._name_list
        n = len(flat)
        if not stages:
            return [i for i in rows if i < n and q in flat[i]]
        customers = self.customers
        return [i for i in rows if customers[i].stage in stages or (i < n and q in flat[i])]

    def matches(self, index: int, q: str, *, indexed_only: bool = False) -> bool:
        """Whether customer `index` matches the lowercased filter text `q` (contact, company,
        city, industry, stage). `indexed_only`: names not indexed yet are not generated
        (the customer matches on its stage only, until they are)."""
        c = self.customers[index]
        if q in self._stage_text[c.stage]:
            return True
        if "\n" in q:
            return q in self._search_text(c)
        hit = self._names.get(index)
        if hit is None:
            if indexed_only:
                return False
            hit = self.name_text(index)
        return q in hit[0]

    def _sort_key(self, sort: str) -> Any:
        stages = self.scenario.stages
        idx = self._stage_index
        day = self.day
        keys: dict[str, Any] = {
            "index": lambda c: c.index,
            "value": lambda c: (c.value, -c.index),
            "probability": lambda c: (stages[idx[c.stage]].probability, -c.index),
            "weighted": lambda c: (c.value * stages[idx[c.stage]].probability, -c.index),
            "idle": lambda c: (c.days_idle(day) if c.is_open else -1, -c.index),
            "stage": lambda c: (idx[c.stage], -c.index),
            "due": lambda c: (c.next_step[0] if c.next_step else 10**6, c.index),
            "name": lambda c: (self.name_text(c.index)[1], c.index),
        }
        if sort not in keys:
            raise GameError(f"unknown sort key '{sort}'; use one of {', '.join(keys)}")
        return keys[sort]

    def pipeline(self) -> list[tuple[Stage, int, float, float]]:
        """Per stage: (stage, number of deals, total value, weighted value)."""
        out = []
        for st in self.scenario.stages:
            deals = [c for c in self.customers if c.stage == st.id]
            total = sum(c.value for c in deals)
            out.append((st, len(deals), total, total * st.probability / 100))
        return out

    def due_reminders(self) -> list[Customer]:
        return [c for c in self.open_customers() if c.next_step and c.next_step[0] <= self.day]

    def is_checkpoint(self) -> bool:
        return self.day in self.scenario.forecast.checkpoints

    def outcome(self) -> dict[str, Any]:
        """Outcome figures: revenue, won/lost/open counts, win rate, average cycle days."""
        won = [c for c in self.customers if c.close_reason == "won"]
        lost = [c for c in self.customers if c.closed_day is not None and c.close_reason != "won"]
        revenue = sum(c.value for c in won)
        cycles = [c.closed_day - c.arrived_day + 1 for c in won if c.closed_day is not None]
        quota = self.scenario.scoring.quota
        return {
            "revenue": round(revenue, 2),
            "quota": quota,
            "attainment": round(revenue / quota, 4) if quota else 0.0,
            "won": len(won),
            "lost": len(lost),
            "open": len(self.customers) - len(won) - len(lost),
            "customers": len(self.customers),
            "win_rate": round(len(won) / (len(won) + len(lost)), 4) if won or lost else 0.0,
            "cycle_days": round(sum(cycles) / len(cycles), 2) if cycles else 0.0,
        }

    def log_jsonl(self) -> str:
        return "".join(E.to_json(e) + "\n" for e in self.log)

    # ------------------------------------------------------------------ commands
    def apply(self, command: Command) -> Result:
        """Apply one command (see sim/engine/commands.py); the one way to change a game."""
        match command:
            case Act(customer=index, action=action_id, contact=contact):
                return self._act(index, action_id, contact or 0)
            case EndDay():
                return self._end_day()
            case CommitForecast(deals=deals, probabilities=probs):
                return self._commit_forecast(deals, probs)
            case AddNote(customer=index, text=text):
                return self._add_note(index, text)
            case Schedule(customer=index, day=day, text=text):
                return self._schedule(index, day, text)
        return Result(False, f"unknown command {command!r:.200}")

    # Shorthands for `apply` (the bots read better with them).
    def act(self, index: int, action_id: str, contact: int = 0) -> Result:
        """Spend time on an action for a customer; `contact` aims it at a member of their
        buying committee (0: the contact on the card)."""
        return self.apply(Act(index, action_id, contact or None))

    def end_day(self) -> Result:
        return self.apply(EndDay())

    def commit_forecast(
        self, deals: Sequence[int], probabilities: Mapping[int, float] | None = None
    ) -> Result:
        return self.apply(CommitForecast(tuple(deals), probabilities))

    def add_note(self, index: int, text: str) -> Result:
        return self.apply(AddNote(index, text))

    def schedule(self, index: int, day: int, text: str = "") -> Result:
        return self.apply(Schedule(index, day, text))

    def _act(self, index: int, action_id: str, contact: int = 0) -> Result:
        if self.over:
            return Result(False, Phrase("The run is over."))
        if not 0 <= index < len(self.customers):
            return Result(False, Phrase("There is no customer #{index}.", index=index))
        try:
            a = self.scenario.action(action_id)
        except KeyError:
            return Result(False, Phrase("Unknown action '{action}'.", action=action_id))
        c = self.customers[index]
        # A copy, not the live view: the feedback below reads the deal as it was when the
        # trainee chose the action, before the contact changed it.
        env = c.env(self.scenario, self.day) if c.is_open else {}
        if contact:
            why = committee.check_target(self.scenario, c, contact)
            if why:
                return Result(False, why)
            env = dict(committee.as_member(self.scenario, c, contact, env))
        aimed = contact or None
        ok, reason = self._availability(c, a, env)
        if not ok:
            return Result(False, reason)
        start = len(self.log)
        self.commands.append(Act(index, action_id, aimed))
        self.hours_left = round(self.hours_left - a.hours, 4)
        land = landing(a, c, env)
        verdict = judge(self.scenario, c, a, env, land.success)  # judged before the dice
        unsure = style_blind(self.scenario, c, a, env, land.success)
        heard: list[str] = []
        if self.scenario.objections:  # what the buyer says as the conversation starts
            heard = [o.id for o in objections.open_objections(self.scenario, c)]
            verdict = objections.review(self.scenario, c, a, land.success, verdict, env)
            if a.contact:
                objections.raise_objections(self, c)
        cut = objections.close_cut(self.scenario, c, land.success)
        chance = min(1.0, max(0.0, float(land.chance.evaluate(env)) - cut))
        success = self.roll(f"{index}:{a.id}:{self._attempt(index, a.id)}") < chance
        rating, advice_text = verdict.rating, verdict.text
        gate = tuple(verdict.unmet) or None
        stage_before = c.stage
        if a.contact:
            self._contact(c)
            if contact:  # a committee member's contact is theirs, not the card contact's
                c.contacts_today -= 1
                committee.touch(c, contact, self.day)
        due: int | None = None
        outcome = None
        if a.delay_days > 0:  # the answer comes later: logged now, resolved on its day
            due = self.day + a.delay_days
            c.pending = Pending(a.id, due, success, stage_before, land.variant, contact)
            feedback = ""
        else:
            outcome = land.success if success else land.failure
            feedback = self._spoken(outcome.feedback_for(env), index, contact)
        ev = self._emit(
            E.ActionTaken(
                customer=index,
                contact=aimed,
                action=a.id,
                stage=stage_before,
                hours=a.hours,
                chance=round(chance, 4),
                success=None if due is not None else success,
                rating=rating,
                advice=advice_text,
                due_day=due,
                feedback=feedback,
                gate=gate,
                better=verdict.better if gate else None,
                variant=land.variant,
            )
        )
        if outcome is None:
            message = (
                Phrase("{action}: the answer comes on day {due}.", action=a.label, due=due)
                if due is not None and due <= self.days
                else Phrase("{action}: the answer would come after the run ends.", action=a.label)
            )
        else:
            self._resolve(c, a, outcome, ev, contact)
            message = (
                Phrase("{action}: success.", action=a.label)
                if success
                else Phrase("{action}: no luck.", action=a.label)
            )
        if heard:
            objections.mishandled(self, c, a, heard)
        self._overcontact(c, contact)
        unsure = unsure and "style" not in c.known  # still hidden after what it revealed
        return Result(True, message, tuple(self.log[start:]), feedback, rating, advice_text, unsure)

    def _end_day(self) -> Result:
        """Close today: check follow-up, then the night passes and the next day starts."""
        if self.over:
            return Result(False, Phrase("The run is over."))
        start = len(self.log)
        self.commands.append(EndDay())
        d = self.day
        within = self.scenario.inbound.answer_within_days
        for c in self.customers:
            # A lead closed (disqualified) without a word back was not answered either.
            if (
                c.inbound
                and c.answered_day is None
                and not c.slow_flagged
                and d - c.arrived_day >= within
            ):
                c.slow_flagged = True
                # Left waiting, the lead cools like a neglected deal (experience, interest).
                deltas = (
                    self._apply_effects(c, self.scenario.dynamics.rot_effects) if c.is_open else {}
                )
                self._emit(E.InboundSlow(customer=c.index, arrived=c.arrived_day, deltas=deltas))
                self._check_lost(c)
            if c.is_open and c.next_step and c.next_step[0] == d and c.last_contact_day != d:
                self._emit(E.ReminderMissed(customer=c.index, text=c.next_step[1]))
        if d in self.scenario.forecast.checkpoints and d not in self.forecasts:
            self._emit(E.ForecastMissed(checkpoint=d))
        self._emit(E.DayEnded(hours_left=self.hours_left))
        if d >= self.days:
            self.over = True
            final = {
                c.index: {
                    "stage": c.stage,
                    "value": c.value,
                    "known": sorted(c.known),
                    "meters": {k: round(v, 2) for k, v in c.meters.items()},
                }
                for c in self.customers
            }
            self._emit(E.GameOver(final=final, **self.outcome()))
            return Result(True, Phrase("The run is over."), tuple(self.log[start:]))
        self.day = d + 1
        self.hours_left = self.scenario.calendar.hours_per_day
        self._emit(E.DayStarted())
        self._overnight()
        self._arrivals()
        self._emit_reminders()
        return Result(True, Phrase("Day {day} begins.", day=self.day), tuple(self.log[start:]))

    def _commit_forecast(
        self, deals: Sequence[int], probabilities: Mapping[int, float] | None = None
    ) -> Result:
        """Commit which open deals will close won by the end of the run (at a checkpoint)."""
        if self.over:
            return Result(False, Phrase("The run is over."))
        if not self.is_checkpoint():
            days = ", ".join(str(x) for x in self.scenario.forecast.checkpoints) or "none"
            return Result(
                False,
                Phrase(
                    "Forecasts are committed on checkpoint days ({days}), not today.", days=days
                ),
            )
        open_ids = {c.index for c in self.open_customers()}
        bad = [i for i in deals if i not in open_ids]
        if bad:
            return Result(
                False,
                Phrase("Only open deals can be forecast; #{index} is not open.", index=bad[0]),
            )
        probs = {
            int(k): min(1.0, max(0.0, float(v)))
            for k, v in (probabilities or {}).items()
            if k in open_ids
        }
        start = len(self.log)
        committed = tuple(sorted(set(deals)))
        ordered = dict(sorted(probs.items()))
        self.commands.append(CommitForecast(committed, ordered or None))
        amount = sum(self.customers[i].value for i in committed)
        self.forecasts[self.day] = self._emit(
            E.ForecastCommitted(
                checkpoint=self.day,
                deals=committed,
                amount=round(amount, 2),
                probabilities=ordered,
                open={c.index: c.value for c in self.open_customers()},
                stages={c.index: c.stage for c in self.open_customers()},
            )
        )
        amount_text = Formatter.of(self.scenario.metadata).money(amount)
        return Result(
            True,
            Phrase(
                "Forecast committed: {n} deals, {amount}.",
                n=f"{len(committed):,}",
                amount=amount_text,
            )
            if len(committed) != 1
            else Phrase("Forecast committed: 1 deal, {amount}.", amount=amount_text),
            tuple(self.log[start:]),
        )

    def _add_note(self, index: int, text: str) -> Result:
        """Add a note to a customer's card."""
        if not 0 <= index < len(self.customers):
            return Result(False, Phrase("There is no customer #{index}.", index=index))
        c = self.customers[index]
        text = text.strip()[:MAX_NOTE]
        if not text:
            return Result(False, Phrase("An empty note was not saved."))
        start = len(self.log)
        self.commands.append(AddNote(index, text))
        c.notes = (*c.notes, (self.day, text))
        self._emit(E.NoteAdded(customer=index, text=text))
        return Result(True, Phrase("Note saved."), tuple(self.log[start:]))

    def _schedule(self, index: int, day: int, text: str = "") -> Result:
        """Set a customer's next step, due on `day` (a reminder shows that day)."""
        if not 0 <= index < len(self.customers):
            return Result(False, Phrase("There is no customer #{index}.", index=index))
        c = self.customers[index]
        if not c.is_open:
            return Result(False, Phrase("The deal is closed; no next step needed."))
        if not self.day <= day <= self.days:
            return Result(
                False,
                Phrase(
                    "A next step must fall between today (day {day}) and day {last}.",
                    day=self.day,
                    last=self.days,
                ),
            )
        text = text.strip()[:MAX_NOTE] or "Follow up"
        start = len(self.log)
        self.commands.append(Schedule(index, day, text))
        c.next_step = (day, text)
        self._emit(E.NextStepSet(customer=index, due=day, text=text))
        return Result(
            True, Phrase("Next step set for day {day}.", day=day), tuple(self.log[start:])
        )

    def fork(self, n_commands: int) -> Game:
        """A new game replayed from the first `n_commands` commands of this one."""
        return replay(self.scenario, self.seed, self.commands[:n_commands], self.draws)

    # ------------------------------------------------------------------ internals
    def roll(self, about: str) -> float:
        """A uniform draw in [0, 1) that depends only on the seed and what it is about.

        Dice cannot be re-rolled: customer 3's second close attempt gets the same number
        whatever else happened in the run (string seeds are hashed with SHA-512, stable
        across processes and hash seeds)."""
        return random.Random(f"{self.seed}:{about}").random()

    def _attempt(self, index: int, action_id: str) -> int:
        n = self._attempts.get((index, action_id), 0)
        self._attempts[index, action_id] = n + 1
        return n

    def _spoken(self, feedback: str, index: int, contact: int) -> str:
        """Feedback from committee member `contact` names them, not the card's contact."""
        if not contact or "{" not in feedback:
            return feedback
        who = committee.member_identity(self.scenario.metadata.locale, self.seed, index, contact)
        com = committee.committee_of(self.scenario, self.customers[index])
        title = com.members[contact].label if com is not None else who.title
        return committee.speak_as(feedback, who.contact, who.first_name, title)

    def _emit(self, ev: Ev) -> Ev:
        """Append `ev` to the log, numbered and dated here (the one place that does it:
        the event is not shared before, so stamping its two fields is safe)."""
        seq = len(self.log)
        object.__setattr__(ev, "seq", seq)
        object.__setattr__(ev, "day", self.day)
        self.log.append(ev)
        if isinstance(ev, E.CustomerEvent) and 0 <= ev.customer < len(self.customers):
            self.customers[ev.customer].history.append(seq)
        return ev

    def _availability(self, c: Customer, a: Action, env: Mapping[str, Any]) -> tuple[bool, str]:
        if not c.is_open:
            return False, Phrase("The deal is closed.")
        if c.stage not in a.stages:
            return False, Phrase("Not offered in {stage}.", stage=self.stage_of(c).label)
        if c.pending is not None:
            return False, Phrase("Waiting for their answer (due day {due}).", due=c.pending.due_day)
        if a.requires is not None and not a.requires.evaluate(env):
            return False, a.requires_text or Phrase("Requires {rule}.", rule=a.requires.source)
        if a.hours > self.hours_left + 1e-9:
            return False, Phrase(
                "Needs {hours} h; only {left} h left today.",
                hours=f"{a.hours:g}",
                left=f"{self.hours_left:g}",
            )
        return True, ""

    def _contact(self, c: Customer) -> None:
        if c.answered_day is None:
            c.answered_day = self.day
        c.last_contact_day = self.day
        c.contacts_today += 1
        if c.next_step and c.next_step[0] <= self.day:
            c.next_step = None

    def _overcontact(self, c: Customer, contact: int = 0) -> None:
        dyn = self.scenario.dynamics
        n = committee.touches(c, contact, self.day) if contact else c.contacts_today
        if c.is_open and n > dyn.contacts_per_day:
            deltas = self._apply_effects(c, dyn.overcontact_effects)
            self._emit(E.Overcontact(customer=c.index, contacts=n, deltas=deltas))
            self._check_lost(c)

    def _apply_effects(self, c: Customer, effects: Iterable[Effect]) -> dict[str, float]:
        deltas: dict[str, float] = {}
        for eff in effects:
            env = CustomerEnv(c, self._get, self.day)
            t = eff.target
            if t == "value":
                new = max(0.0, round(float(eff.apply(c.value, env)), 2))
                deltas["value"] = round(deltas.get("value", 0.0) + new - c.value, 2)
                c.value = new
            elif t in c.meters:
                m = self.scenario.meter(t)
                old = c.meters[t]
                new = min(m.max, max(m.min, float(eff.apply(old, env))))
                c.meters[t] = new
                deltas[t] = round(deltas.get(t, 0.0) + new - old, 2)
            else:
                c.facts[t] = eff.apply(c.facts.get(t, 0), env)
        return {k: v for k, v in deltas.items() if v}

    def _resolve(
        self,
        c: Customer,
        a: Action,
        outcome: Outcome,
        ev: E.ActionTaken | E.ActionAnswered,
        contact: int = 0,
    ) -> None:
        if contact:  # aimed at a committee member: their personal meters change
            env = c.env(self.scenario, self.day)
            deltas = committee.apply_effects(
                self.scenario, c, contact, outcome.effects, env, self._apply_effects
            )
        else:
            deltas = self._apply_effects(c, outcome.effects)
        revealed = tuple(f for f in outcome.reveal if f not in c.known)
        c.known.update(revealed)
        # The event is logged before its effects (a move it causes follows it in the log).
        self.log[ev.seq] = replace(ev, deltas=deltas, revealed=revealed)
        blocked = []
        if c.objections:
            objections.answered(self, c, a, bool(ev.success))
            blocked = objections.gate_blockers(self.scenario, c, outcome.move_to)
            for o in blocked:
                self._emit(E.ObjectionBlocked(customer=c.index, objection=o.id, action=a.id))
        if outcome.move_to and outcome.move_to != c.stage and not blocked:
            self._move(c, outcome.move_to, cause=a.id, disqualify="disqualify" in a.tags)
        else:
            self._check_lost(c)

    def _move(self, c: Customer, to: str, cause: str, disqualify: bool = False) -> None:
        src = self.stage_of(c)
        dst = self.scenario.stage(to)
        unmet: list[str] = []
        skipped: list[str] = []
        if dst.terminal != "lost" and dst.index > src.index:
            env = CustomerEnv(c, self._get, self.day)
            unmet = [cr.text for cr in src.exit if not cr.when.evaluate(env)]
            skipped = [s.id for s in self.scenario.stages[src.index + 1 : dst.index] if s.is_open]
        self._emit(
            E.StageChanged(
                customer=c.index,
                from_=src.id,
                to=dst.id,
                cause=cause,
                unmet=tuple(unmet),
                skipped=tuple(skipped),
            )
        )
        c.stage = dst.id
        c.stage_since_day = self.day
        if dst.terminal:
            reason = "won" if dst.terminal == "won" else ("disqualified" if disqualify else "lost")
            self._close(c, reason, cause)

    def _close(self, c: Customer, reason: str, cause: str) -> None:
        c.closed_day = self.day
        c.close_reason = reason
        c.pending = None
        c.next_step = None
        bad_fit = self.scenario.dynamics.bad_fit
        env = CustomerEnv(c, self._get, self.day)
        # Disqualified: whether what had been discovered already proved the bad fit (hygiene).
        evident = self.evident_bad_fit(c) if reason == "disqualified" else None
        self._emit(
            E.DealClosed(
                customer=c.index,
                result="won" if reason == "won" else "lost",
                reason=reason,
                cause=cause,
                value=c.value,
                initial_value=c.initial_value,
                cycle_days=self.day - c.arrived_day + 1,
                bad_fit=bool(bad_fit.evaluate(env)) if bad_fit is not None else None,
                meters={k: round(v, 2) for k, v in c.meters.items()},
                evident=evident,
            )
        )

    def _check_lost(self, c: Customer, env: CustomerEnv | None = None) -> None:
        lw = self.scenario.dynamics.lost_when
        if (
            c.closed_day is None
            and lw is not None
            and lw.fn(env or CustomerEnv(c, self._get, self.day))
        ):
            self._emit(E.GoneCold(customer=c.index, text=self.scenario.dynamics.lost_text))
            self._move(c, self.scenario.lost_stage.id, cause="gone_cold")

    def _overnight(self) -> None:
        """The night before `self.day`: answers due, drift, rot, going cold and events for
        every open deal, in index order (the order the game's generator is drawn in).
        What depends only on the scenario and the day is worked out once, not per deal."""
        sc = self.scenario
        day = self.day
        drifting = [(m.id, m.drift, m.min, m.max) for m in sc.meters if m.drift]
        rot_days = {s.id: s.rot_days for s in sc.stages}
        rot_effects = sc.dynamics.rot_effects
        tonight = [ev for ev in sc.events if ev.day is None or ev.day == day]
        still: dict[str, int] = {}
        """Deals per stage rotting on another night of a spell already logged."""
        still_deltas: dict[str, float] = {}
        for c in self.open_customers():
            c.contacts_today = 0
            if c.pending is not None and c.pending.due_day <= day:
                self._resolve_pending(c)
                if c.closed_day is not None:
                    continue
            if drifting and c.last_contact_day < day - 1:
                meters = c.meters
                for mid, drift, low, high in drifting:
                    meters[mid] = min(high, max(low, meters[mid] + drift))
            limit = rot_days[c.stage]
            if limit is not None:
                idle = c.days_idle(day)
                if idle > limit:
                    deltas = self._apply_effects(c, rot_effects)
                    spell = (c.last_contact_day, c.stage)
                    if c.rot_episode != spell:
                        c.rot_episode = spell
                        self._emit(
                            E.Rotting(customer=c.index, stage=c.stage, idle=idle, deltas=deltas)
                        )
                    else:
                        still[c.stage] = still.get(c.stage, 0) + 1
                        for k, v in deltas.items():
                            still_deltas[k] = still_deltas.get(k, 0.0) + v
            env = CustomerEnv(c, self._get, day)  # live: one view serves the whole night
            self._check_lost(c, env)
            if c.closed_day is not None:
                continue
            if tonight:
                self._events(c, scheduled_only=False, events=tonight, env=env)
        if still:
            # One entry for the night, not one per idle deal: the log grows with spells of
            # neglect, not with idle deals × days. Each deal-night still counts in the score.
            self._emit(
                E.RottingSummary(
                    deals=sum(still.values()),
                    stages={s: still[s] for s in sorted(still)},
                    deltas={k: round(v, 2) for k, v in sorted(still_deltas.items()) if round(v, 2)},
                )
            )

    def _events(
        self,
        c: Customer,
        scheduled_only: bool,
        events: Sequence[Any] | None = None,
        env: CustomerEnv | None = None,
    ) -> None:
        """Today's events for one open deal: scheduled ones for today, and (unless
        `scheduled_only`) chance ones, each drawn from their own dice (seed, customer, event, day).
        `events`: the scenario's events already narrowed to today (same order), when the caller
        has them."""
        sc = self.scenario
        day = self.day
        if env is None:
            env = CustomerEnv(c, self._get, day)
        for ev in sc.events if events is None else events:
            if ev.day is not None and ev.day != day:
                continue
            if scheduled_only and ev.day is None:
                continue
            if ev.when is not None and not ev.when.fn(env):
                continue
            p = ev.chance if ev.chance > 0 else (1.0 if ev.day is not None else 0.0)
            if p <= 0 or (p < 1 and self.roll(f"{c.index}:event:{ev.id}:{day}") >= p):
                continue
            deltas = self._apply_effects(c, ev.effects)
            self._emit(
                E.EventFired(
                    customer=c.index, event=ev.id, label=ev.label, text=ev.text, deltas=deltas
                )
            )
            if ev.move_to:
                self._move(c, ev.move_to, cause=ev.id)
            if ev.referral and len(self.customers) < MAX_CUSTOMERS:  # see checks.MAX_CUSTOMERS
                self._new_customer(sc.inbound.stage, inbound=True, referred_by=c.index)
            self._check_lost(c, env)
            if not c.is_open:
                break

    def _resolve_pending(self, c: Customer) -> None:
        assert c.pending is not None
        p = c.pending
        c.pending = None
        a = self.scenario.action(p.action)
        land = landing(a, c, None, p.variant)
        outcome = land.success if p.success else land.failure
        env = committee.as_member(self.scenario, c, p.contact, c.env(self.scenario, self.day))
        feedback = self._spoken(outcome.feedback_for(env), c.index, p.contact)
        ev = self._emit(
            E.ActionAnswered(
                customer=c.index,
                contact=p.contact or None,
                action=a.id,
                success=p.success,
                feedback=feedback,
            )
        )
        self._resolve(c, a, outcome, ev, p.contact)

    def _new_customer(
        self, stage: str, inbound: bool, persona: str | None = None, referred_by: int | None = None
    ) -> Customer:
        index = len(self.customers)
        c = draw_customer(
            self.scenario, self.seed, index, self.day, stage, inbound, persona, self._draw_rng
        )
        return self._arrived(c, referred_by)

    def _arrived(self, c: Customer, referred_by: int | None = None) -> Customer:
        """A drawn customer joins the game: their committee, and the log's `lead_arrived`."""
        index = c.index
        self.customers.append(c)
        if self._committees:
            committee.draw_members(self.scenario, self.seed, c)
        bad_fit = self.scenario.dynamics.bad_fit
        if bad_fit is None:
            fit = None
        elif self._bad_fit_on_facts:  # reads declared facts only: they are what env gives
            fit = bool(bad_fit.evaluate(c.facts))
        else:
            fit = bool(bad_fit.evaluate(CustomerEnv(c, self._get, self.day)))
        self._emit(
            E.LeadArrived(
                customer=index,
                persona=c.persona,
                value=c.value,
                stage=c.stage,
                inbound=c.inbound,
                bad_fit=fit,
                referred_by=referred_by,
            )
        )
        return c

    def _start_pipeline(self) -> None:
        inb = self.scenario.inbound
        stages = inb.initial_stages or (self.scenario.open_stages[0].id,)
        # A deal already past a stage has met what that stage asked to know.
        known_at: dict[str, list[str]] = {}
        for stage_id in set(stages):
            known: list[str] = []
            for earlier in self.scenario.stages[: self.scenario.stage(stage_id).index]:
                for cr in earlier.exit:
                    known.extend(n[6:] for n in cr.when.names if n.startswith("known."))
            known_at[stage_id] = known
        if self.draws == 2:
            start_pipeline(self, stages, known_at)
            return
        for k in range(inb.initial):
            stage_id = stages[k % len(stages)]
            c = self._new_customer(stage_id, inbound=False)
            c.last_contact_day = 0
            c.answered_day = 0
            if known_at[stage_id]:
                c.known.update(known_at[stage_id])

    def _arrivals(self, first_day: bool = False) -> None:
        inb = self.scenario.inbound
        for arr in inb.schedule:
            if arr.day == self.day:
                for _ in range(arr.count):
                    self._new_customer(inb.stage, inbound=True, persona=arr.persona)
        if not first_day and inb.per_day > 0:
            for _ in range(
                _poisson(random.Random(f"{self.seed}:arrivals:{self.day}"), inb.per_day)
            ):
                self._new_customer(inb.stage, inbound=True)

    def _emit_reminders(self) -> None:
        for c in self.open_customers():
            if c.next_step and c.next_step[0] == self.day:
                self._emit(E.ReminderDue(customer=c.index, text=c.next_step[1]))


BULK = 10_000
"""From this many initial customers on, creating them pauses the cyclic garbage collector."""


@contextmanager
def _bulk(n: int) -> Iterator[None]:
    """Create `n` customers without the cyclic garbage collector re-scanning them again and
    again (a third of the time at 100,000; they hold no reference cycles, reference counting
    frees them), then move them out of its view for good (`gc.freeze`): a full collection
    would otherwise walk every meter and fact of the territory in the middle of a keystroke.
    Affects timing only; nothing the game computes depends on it."""
    pause = n >= BULK and gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()
            gc.freeze()


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth) from `rng`."""
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit and k < 10_000:
        k += 1
        p *= rng.random()
    return k


def replay(
    scenario: Scenario, seed: int, commands: Iterable[Command], draws: int | None = None
) -> Game:
    """Rebuild a game by applying `commands` in order to a fresh `Game(scenario, seed, draws)`
    (`draws`: the run's draw scheme, `draws_of` its log)."""
    game = Game(scenario, seed, draws)
    for cmd in commands:
        game.apply(cmd)
    return game


def draws_of(log: Sequence[Mapping[str, Any]]) -> int:
    """The draw scheme of a stored run, from its log's `game_started` entry (1 when absent:
    runs saved before draw schemes existed drew every customer from its own generator)."""
    if log and log[0].get("type") == "game_started":
        draws = log[0].get("draws", 1)
        if isinstance(draws, int) and not isinstance(draws, bool):
            return draws
    return 1
