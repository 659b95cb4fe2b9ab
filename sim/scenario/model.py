"""The loaded scenario: frozen, typed model objects the engine plays from.

Built by `sim.scenario.build` from a validated YAML file; the engine never sees raw dicts.
Every object that an author wrote carries a `Span` so scores and errors can point at
`file:line`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sim.scenario.expr import Effect, Expr

BuyingStyle = str
"""A buying style id: `relationship`, `consultative`, or one the scenario declares."""
ForecastCategory = Literal["pipeline", "best_case", "commit", "closed", "omitted"]
Rating = Literal["good", "neutral", "harmful"]
Difficulty = Literal["beginner", "intermediate", "advanced"]
Terminal = Literal["won", "lost"]

DIMENSIONS: tuple[str, ...] = (
    "results",
    "process",
    "followup",
    "experience",
    "forecast",
    "hygiene",
)
"""The scorecard dimensions, in display order."""


@dataclass(frozen=True, slots=True)
class Span:
    """Where something was written: file, 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


NO_SPAN = Span("<builtin>", 0, 0)


DIFFICULTY_ORDER: dict[str, int] = {"beginner": 0, "intermediate": 1, "advanced": 2}
"""Scenario lists show the ladder from the first rung: beginner first."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """Who the scenario is for and what it teaches."""

    id: str
    title: str
    summary: str
    objectives: tuple[str, ...]
    difficulty: Difficulty
    minutes: int
    locale: str
    currency: str
    briefing: str
    lesson: str = ""
    """The lesson of staged selling it teaches; lists show it, the home screen groups by it."""

    @property
    def ladder_key(self) -> tuple[int, int, str]:
        """Sort key for scenario lists: difficulty, then length, then title."""
        return (DIFFICULTY_ORDER.get(self.difficulty, 9), self.minutes, self.title.lower())


@dataclass(frozen=True, slots=True)
class Calendar:
    """How long a run lasts and how much time a day holds."""

    days: int
    hours_per_day: float


@dataclass(frozen=True, slots=True)
class Meter:
    """A 0..max gauge per customer (interest, trust, depth, experience...)."""

    id: str
    label: str
    min: float
    max: float
    default: float
    drift: float
    """Change per business day without contact (negative: cools off)."""
    span: Span


@dataclass(frozen=True, slots=True)
class Fact:
    """A hidden truth about a customer that discovery can reveal."""

    id: str
    label: str
    type: Literal["bool", "number"]
    question: str
    """How the card asks about it while unknown (e.g. 'Is there a budget?')."""
    span: Span


@dataclass(frozen=True, slots=True)
class Criterion:
    """One exit criterion of a stage: a condition and what it means in words."""

    when: Expr
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Stage:
    """A step of the sales process."""

    id: str
    label: str
    probability: int
    """Win probability in percent (Salesforce style)."""
    forecast: ForecastCategory
    rot_days: int | None
    """Idle days before an open deal counts as rotting; None for closed stages."""
    exit: tuple[Criterion, ...]
    terminal: Terminal | None
    description: str
    index: int
    span: Span

    @property
    def is_open(self) -> bool:
        return self.terminal is None


@dataclass(frozen=True, slots=True)
class FactDraw:
    """How a persona's hidden fact is drawn: chance of true, or a number range."""

    fact: str
    chance: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a buying committee: a role and a title; from the second member on,
    their own starting range of the committee's personal meters."""

    role: str
    """user, economic_buyer, technical_evaluator, procurement or champion."""
    label: str
    """Their job title, shown on the card (e.g. 'Chief financial officer')."""
    meters: tuple[tuple[str, float, float], ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Committee:
    """A buying committee of 2..4 people. The first member is the contact on the card (the
    deal's own meters); each other member has their own copy of `meters`."""

    meters: tuple[str, ...]
    """Meters each member has personally (e.g. trust, interest)."""
    engaged: Expr
    """When a member counts as engaged, read with that member's meters."""
    members: tuple[Member, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Persona:
    """A kind of customer: how often they appear and what they are like."""

    id: str
    label: str
    weight: float
    style: BuyingStyle
    deal_min: int
    deal_max: int
    meters: tuple[tuple[str, float, float], ...]
    """(meter id, low, high) initial ranges; meters not listed start at their default."""
    facts: tuple[FactDraw, ...]
    description: str
    span: Span
    committee: Committee | None = None
    """A buying committee (None: one contact, as before)."""


@dataclass(frozen=True, slots=True)
class Said:
    """One of a text's alternatives: shown when `when` holds (None: always)."""

    text: str
    when: Expr | None
    span: Span


def first_said(texts: tuple[Said, ...], env: Mapping[str, Any] | None) -> Said | None:
    """The first alternative whose condition holds (conditions count as false without `env`)."""
    for t in texts:
        if t.when is None or (env is not None and t.when.evaluate(env)):
            return t
    return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happens when an action succeeds or fails."""

    effects: tuple[Effect, ...]
    reveal: tuple[str, ...]
    move_to: str | None
    feedback: str
    """The unconditional feedback text (the last alternative when there are several)."""
    span: Span
    texts: tuple[Said, ...] = ()
    """Feedback alternatives in order, first match wins (empty: `feedback` always)."""

    def feedback_for(self, env: Mapping[str, Any] | None) -> str:
        """The feedback text for a customer in this situation."""
        said = first_said(self.texts, env)
        return said.text if said is not None else self.feedback


@dataclass(frozen=True, slots=True)
class StageAdvice:
    """How wise an action is at one stage, and what the coach says about it."""

    stage: str
    rating: Rating
    text: str
    span: Span
    when: Expr | None = None
    """Only in this situation (None: always); the first matching advice for a stage wins."""


@dataclass(frozen=True, slots=True)
class Variant:
    """How an action lands in one situation: at some stages, with some buying styles, when
    a condition holds. Fields left out (None) are the action's own."""

    stages: tuple[str, ...]
    """Stages it applies to (empty: every stage)."""
    styles: tuple[str, ...]
    """Buying styles it applies to (empty: every style)."""
    when: Expr | None
    chance: Expr | None
    success: Outcome | None
    failure: Outcome | None
    description: str
    span: Span

    def matches(self, stage: str, style: str, env: Mapping[str, Any] | None) -> bool:
        """Whether it applies to a deal at `stage` with a buyer of `style` (a `when` counts
        as false without `env`)."""
        if self.stages and stage not in self.stages:
            return False
        if self.styles and style not in self.styles:
            return False
        return self.when is None or (env is not None and bool(self.when.evaluate(env)))


@dataclass(frozen=True, slots=True)
class Action:
    """A follow-up the trainee can spend time on."""

    id: str
    label: str
    key: str
    """Keyboard shortcut in the action picker."""
    hours: float
    contact: bool
    """Counts as customer contact (resets idle days, counts toward over-contact)."""
    stages: tuple[str, ...]
    requires: Expr | None
    requires_text: str
    chance: Expr
    delay_days: int
    """Days until the outcome is known (0: at once)."""
    success: Outcome
    failure: Outcome
    advice: tuple[StageAdvice, ...]
    tags: tuple[str, ...]
    description: str
    span: Span
    variants: tuple[Variant, ...] = ()
    """Stage- and style-specific outcomes, first match wins (see `sim.engine.outcomes`)."""

    def advice_for(self, stage: str, env: Mapping[str, Any] | None = None) -> StageAdvice | None:
        """The first advice for `stage` whose `when` holds in `env` (conditional advice is
        skipped without an `env`)."""
        for a in self.advice:
            if a.stage == stage and (a.when is None or (env is not None and a.when.evaluate(env))):
                return a
        return None


@dataclass(frozen=True, slots=True)
class Style:
    """A buying style: how a kind of buyer likes to be sold to."""

    id: str
    label: str
    description: str
    span: Span


DEFAULT_STYLES: tuple[Style, ...] = (
    Style("relationship", "Relationship buyer", "Buys on trust, frequency and warmth.", NO_SPAN),
    Style("consultative", "Consultative buyer", "Buys on diagnosis and a business case.", NO_SPAN),
)
"""The styles every scenario has unless it declares its own."""


@dataclass(frozen=True, slots=True)
class Objection:
    """A buyer's objection: raised from a hidden fact at some stages, answered by the right
    kind of action, costly when answered the wrong way."""

    id: str
    label: str
    when: Expr
    """Raised only while this holds for the customer (hidden facts included)."""
    stages: tuple[str, ...]
    chance: float
    """Probability, drawn once per deal from its own dice, that the buyer voices it."""
    handled_by: tuple[str, ...]
    """Action ids or tags that answer it (when they succeed)."""
    mishandled_by: tuple[str, ...]
    """Action ids or tags that answer it the wrong way."""
    mishandled: tuple[Effect, ...]
    blocks: Literal["gate", "close"]
    """`gate`: the deal cannot move on from its stage; `close`: closing odds are cut."""
    close_cut: float
    text: str
    handled_text: str
    span: Span

    def answers(self, a: Action) -> bool:
        return a.id in self.handled_by or any(t in self.handled_by for t in a.tags)

    def mishandles(self, a: Action) -> bool:
        return a.id in self.mishandled_by or any(t in self.mishandled_by for t in a.tags)


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happens to a deal: by chance each day, or on a set day."""

    id: str
    label: str
    chance: float
    """Per open deal per day (0 when scheduled by day only)."""
    day: int | None
    when: Expr | None
    effects: tuple[Effect, ...]
    move_to: str | None
    referral: bool
    """When true the event also brings a new lead (a referral from this customer)."""
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Arrival:
    """Leads that arrive on a given day."""

    day: int
    count: int
    persona: str | None


@dataclass(frozen=True, slots=True)
class Inbound:
    """How new leads come in and how fast they expect an answer."""

    initial: int
    """Customers already in the pipeline on day 1."""
    initial_stages: tuple[str, ...]
    """Stages the initial customers are spread over (first open stage if empty)."""
    per_day: float
    """Expected random arrivals per business day."""
    schedule: tuple[Arrival, ...]
    answer_within_days: int
    """An inbound lead untouched for longer than this counts as a slow answer."""
    stage: str
    """Stage a new lead starts in."""
    span: Span


@dataclass(frozen=True, slots=True)
class Dynamics:
    """The rules of the world between the trainee's actions."""

    contacts_per_day: int
    """Contacts with one customer in a day above this annoy them."""
    overcontact_effects: tuple[Effect, ...]
    rot_effects: tuple[Effect, ...]
    """Applied each day a deal is rotting."""
    lost_when: Expr | None
    """A deal whose customer meets this walks away (lost)."""
    lost_text: str
    large_deal: int
    """Deal value from which a deal counts as large (`large` in expressions)."""
    bad_fit: Expr | None
    """Which customers are bad fits (judged on the hidden truth), for pipeline-hygiene
    scoring: disqualifying them early is good, working them is waste."""
    span: Span


@dataclass(frozen=True, slots=True)
class Forecast:
    """Checkpoints at which the trainee commits a forecast."""

    checkpoints: tuple[int, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Rule:
    """One scoring rule: what earns or costs points, and in which dimension."""

    id: str
    dimension: str
    points: float
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Dimension:
    """A scorecard dimension and its weight (weights sum to 100)."""

    id: str
    label: str
    weight: float
    tip: str
    """What to do better, shown in the debrief when the dimension scored low."""
    span: Span


@dataclass(frozen=True, slots=True)
class Grade:
    """A grade band: the lowest total that earns it."""

    min: float
    grade: str
    text: str


@dataclass(frozen=True, slots=True)
class Scoring:
    """The rubric: weighted dimensions, point rules and grade bands."""

    quota: int
    dimensions: tuple[Dimension, ...]
    rules: tuple[Rule, ...]
    grades: tuple[Grade, ...]
    span: Span

    def rule(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def dimension(self, dim_id: str) -> Dimension | None:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        return None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A whole loaded scenario."""

    source: str
    """The file it came from (or '<string>')."""
    metadata: Metadata
    calendar: Calendar
    meters: tuple[Meter, ...]
    facts: tuple[Fact, ...]
    stages: tuple[Stage, ...]
    personas: tuple[Persona, ...]
    actions: tuple[Action, ...]
    events: tuple[Event, ...]
    inbound: Inbound
    dynamics: Dynamics
    forecast: Forecast
    scoring: Scoring
    path: str = field(default="", compare=False)
    """The absolute path of the file it was loaded from ('' when loaded from text)."""
    uses: tuple[str, ...] = ()
    """The methodology packs merged into it (`uses:`), in order."""
    styles: tuple[Style, ...] = DEFAULT_STYLES
    """Buying styles personas may have."""
    objections: tuple[Objection, ...] = ()

    def style(self, style_id: str) -> Style | None:
        return next((s for s in self.styles if s.id == style_id), None)

    @property
    def id(self) -> str:
        return self.metadata.id

    @property
    def title(self) -> str:
        return self.metadata.title

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)

    def action(self, action_id: str) -> Action:
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def persona(self, persona_id: str) -> Persona:
        for p in self.personas:
            if p.id == persona_id:
                return p
        raise KeyError(persona_id)

    def meter(self, meter_id: str) -> Meter:
        for m in self.meters:
            if m.id == meter_id:
                return m
        raise KeyError(meter_id)

    @property
    def has_committees(self) -> bool:
        """Whether any persona has a buying committee."""
        return any(p.committee is not None for p in self.personas)

    @property
    def open_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.terminal is None)

    @property
    def won_stage(self) -> Stage:
        return next(s for s in self.stages if s.terminal == "won")

    @property
    def lost_stage(self) -> Stage:
        return next(s for s in self.stages if s.terminal == "lost")
