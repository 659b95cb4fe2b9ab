"""The scenario format, declared once: frozen, typed model objects the engine plays from.

Each class is one object of the YAML format. Its fields carry their YAML key, default,
description and bounds (`sim.scenario.declare.spec`); the JSON Schema (`schema.py`) is
generated from them and the builder (`build.py`) reads the plain fields by them, so adding a
field is one edit here plus its readers. The engine never sees raw dicts. Every object that an
author wrote carries a `Span` so scores and errors can point at `file:line`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sim.scenario.declare import (
    ID_PATTERN,
    TEXT_NOTE,
    declared,
    id_map,
    ident,
    range_of,
    ref_item,
    spec,
)
from sim.scenario.expr import ROLES, Effect, Expr

API_VERSION = "salesim/v1"

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

RULE_IDS: tuple[str, ...] = (
    "gate_skipped",
    "stage_skipped",
    "harmful_action",
    "good_action",
    "inbound_slow",
    "rotting",
    "overcontact",
    "reminder_missed",
    "disqualified_bad_fit",
    "disqualified_good_fit",
    "bad_fit_kept",
    "discount_late",
)
"""Scoring rules the engine knows how to detect."""


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


@declared("metadata")
@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """Who the scenario is for and what it teaches."""

    id: str = ident("scenario", "tutorial")
    title: str = spec(
        "Title shown in the scenario list.", minLength=1, example="First week on the desk"
    )
    summary: str = spec("One or two sentences for the scenario list.", default="")
    lesson: str = spec(
        "The lesson of staged selling the scenario teaches; `salesim list` shows it and"
        " the home screen groups scenarios by it.",
        default="",
        example="Relationship selling",
    )
    objectives: tuple[str, ...] = spec(
        "What the trainee should learn; shown in the briefing.",
        default=[],
        items="A learning objective.",
    )
    difficulty: Difficulty = spec("How hard the scenario is.", default="beginner")
    minutes: int = spec("Expected playing time in minutes.", default=15, minimum=1, maximum=600)
    locale: str = spec(
        "Faker locale for customer names, companies and cities.",
        pattern="^[a-z]{2,3}(_[A-Z]{2})?$",
        default="en_US",
        examples=["en_US", "de_DE"],
    )
    currency: str = spec(
        "ISO 4217 currency code for deal values.",
        pattern="^[A-Z]{3}$",
        default="USD",
        examples=["USD", "EUR"],
    )
    briefing: str = spec("What the trainee reads before day 1.", default="")

    @property
    def ladder_key(self) -> tuple[int, int, str]:
        """Sort key for scenario lists: difficulty, then length, then title."""
        return (DIFFICULTY_ORDER.get(self.difficulty, 9), self.minutes, self.title.lower())


@declared("calendar")
@dataclass(frozen=True, slots=True, kw_only=True)
class Calendar:
    """How long a run lasts and how much time a day holds."""

    days: int = spec("Business days in a run.", minimum=1, maximum=365, example=5)
    hours_per_day: float = spec(
        "Time budget per day, in hours.", default=8, minimum=0.5, maximum=24
    )


@declared("meter")
@dataclass(frozen=True, slots=True, kw_only=True)
class Meter:
    """A gauge per customer (interest, trust, depth, experience, ...).

    Personas set its starting range; effects keep it within min..max."""

    id: str = ident("meter", "interest")
    label: str = spec("Name shown on the customer card.", minLength=1)
    min: float = spec("Lowest value; effects never go below it.", default=0)
    max: float = spec("Highest value; effects never go above it.", default=100)
    default: float = spec(
        "Starting value for personas that do not set a range. Default: the middle of min..max.",
        required=False,
    )
    drift: float = spec("Change per business day without contact (negative: cools off).", default=0)
    span: Span


@declared("fact")
@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """A hidden truth about a customer that discovery can reveal."""

    id: str = ident("fact", "budget")
    label: str = spec("Name shown on the customer card.", minLength=1)
    type: Literal["bool", "number"] = spec(
        "`bool` for yes/no facts, `number` for amounts.", default="bool"
    )
    question: str = spec(
        "How the card asks about it while unknown.",
        default="",
        example="Is there money set aside?",
    )
    span: Span


@declared("criterion", "exit criterion")
@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion:
    """A condition a deal should meet before it leaves the stage."""

    id: str | None = spec(
        "Optional id: a criterion with the id of a methodology pack's criterion replaces it.",
        pattern=ID_PATTERN,
        example="bant_budget",
    )
    when: Expr = spec("The condition.", example="known.budget and known.authority")
    text: str = spec("The criterion in words, shown to the trainee.", minLength=1)
    span: Span


@declared("use")
@dataclass(frozen=True, slots=True, kw_only=True)
class Use:
    """A methodology pack whose stage ids are mapped onto this scenario's stages.

    Read by `sim.scenario.packs` before the build; declared here for the schema."""

    pack: str = spec("Id of a bundled pack.", pattern=ID_PATTERN, example="bant")
    stages: tuple[tuple[str, str], ...] = spec(
        "Pack stage id → this scenario's stage id.",
        default={},
        schema=id_map(
            {"type": "string", "description": "A stage of this scenario.", "pattern": ID_PATTERN}
        ),
    )


@declared("stage")
@dataclass(frozen=True, slots=True, kw_only=True)
class Stage:
    """A step of the sales process. Stages are listed in order."""

    id: str = ident("stage", "qualified")
    label: str = spec("Name shown in the pipeline.", minLength=1)
    probability: int = spec(
        "Win probability in percent (weighted pipeline, forecast).",
        minimum=0,
        maximum=100,
        example=20,
    )
    forecast: ForecastCategory = spec("Forecast category of deals in this stage.")
    rot_days: int | None = spec(
        "Idle days before an open deal counts as rotting. Required for open stages.",
        minimum=1,
        maximum=365,
    )
    """None for closed stages."""
    exit: tuple[Criterion, ...] = spec(
        "Exit criteria: moving on before they are met skips the gate.",
        default=[],
        items="An exit criterion.",
    )
    terminal: Terminal | None = spec(
        "Marks the closed-won or closed-lost stage; leave out for open stages."
    )
    description: str = spec("What happens in this stage and what the rep should do.", default="")
    index: int
    """Its place in the process, from 0."""
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


@declared("member")
@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """One person of a buying committee.

    From the second member on, they have their own starting range of the committee's
    personal meters."""

    role: str = spec(
        "Their part in the decision; criteria read `engaged.<role>`.",
        schema={"enum": list(ROLES)},
    )
    label: str = spec(
        "Their job title, shown on the card.", minLength=1, example="Chief financial officer"
    )
    meters: tuple[tuple[str, float, float], ...] = spec(
        "Starting range of their personal meters (the committee's `meters`); "
        "not allowed for the first member, who starts with the deal's own.",
        default={},
        schema=id_map(range_of("Initial value range of the meter.", [20, 40])),
    )
    span: Span


@declared("committee")
@dataclass(frozen=True, slots=True, kw_only=True)
class Committee:
    """A buying committee: the first member is the contact on the card; actions can
    target any member, whose personal meters they then read and change.

    Each member but the first has their own copy of `meters`."""

    meters: tuple[str, ...] = spec(
        "Meters each member has personally (actions aimed at a member read and change "
        "that member's); the other meters belong to the deal.",
        items=ref_item("meter", "A meter each member has personally.", "trust"),
        minItems=1,
    )
    engaged: Expr = spec(
        "When a member counts as engaged, read with that member's personal meters.",
        alias="engagedWhen",
        example="trust >= 60",
    )
    members: tuple[Member, ...] = spec(
        "The people, 2 to 4; the first is the contact on the card.",
        items="A member.",
        minItems=2,
        maxItems=4,
    )
    span: Span


@declared("persona")
@dataclass(frozen=True, slots=True, kw_only=True)
class Persona:
    """A kind of customer: how often they appear and what they are like."""

    id: str = ident("persona", "smb_owner")
    label: str = spec("Name shown on the customer card.", minLength=1)
    description: str = spec("What they are like.", default="")
    weight: float = spec("Relative frequency among new leads.", default=1, exclusiveMinimum=0)
    style: BuyingStyle = spec(
        "Buying style: `relationship` (trust and contact), `consultative` (diagnosis "
        "and proposals), or a style the scenario declares under `styles`. Hidden from "
        "the trainee until an outcome reveals `style`.",
        pattern=ID_PATTERN,
        default="relationship",
        example="consultative",
    )
    deal_value: tuple[int, int] = spec(
        "", schema=range_of("Deal value range, in the scenario currency.", [4000, 12000], True)
    )
    meters: tuple[tuple[str, float, float], ...] = spec(
        "Initial range per meter id; meters not listed start at their default.",
        default={},
        schema=id_map(range_of("Initial value range of the meter.", [40, 65])),
    )
    """(meter id, low, high) initial ranges."""
    facts: tuple[FactDraw, ...] = spec(
        "How each hidden fact is drawn: a yes/no fact takes the probability (0..1) that it is "
        "true; a number fact takes `[low, high]` or a fixed number. Facts not listed: a yes/no "
        "fact is true half the time, a number fact is 0.",
        default={},
        schema=id_map(
            {
                "type": ["number", "boolean", "array"],
                "items": {"type": "number"},
                "description": "Probability 0..1, true/false, or [low, high].",
            }
        ),
    )
    committee: Committee | None = spec(
        "A buying committee for large deals: 2..4 people with roles (leave out for one contact)."
    )
    """None: one contact."""
    span: Span

    deal_min: int = field(init=False)
    """`deal_value`'s low end, a plain attribute for the customer-creation loop."""
    deal_max: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "deal_min", self.deal_value[0])
        object.__setattr__(self, "deal_max", self.deal_value[1])


@declared("said")
@dataclass(frozen=True, slots=True, kw_only=True)
class Said:
    """A text shown only in some situations.

    One of a text's alternatives: shown when `when` holds (None: always)."""

    when: Expr | None = spec(
        "Show this text only when the condition holds for the customer (hidden facts included).",
        example="not need",
    )
    text: str = spec("What the trainee reads.", text=True)
    span: Span


def first_said(texts: tuple[Said, ...], env: Mapping[str, Any] | None) -> Said | None:
    """The first alternative whose condition holds (conditions count as false without `env`)."""
    for t in texts:
        if t.when is None or (env is not None and t.when.evaluate(env)):
            return t
    return None


@declared("outcome")
@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What happens when the action succeeds (or fails)."""

    effects: tuple[Effect, ...] = spec("Changes to meters, facts or the deal value.")
    reveal: tuple[str, ...] = spec(
        "Facts that become known; `style` reveals the buyer's buying style.",
        default=[],
        items=ref_item("fact", "A fact the trainee learns.", "budget"),
    )
    move_to: str | None = spec("Stage the deal moves to.", ref="stages", example="qualified")
    feedback: str = spec(
        "What the trainee reads: a text, or a list of `{when, text}` alternatives (first "
        "match wins).",
        text=True,
        default="",
        schema={
            "anyOf": [
                {"type": "string", "description": "What the trainee reads." + TEXT_NOTE},
                {
                    "type": "array",
                    "items": {"$ref": "#/$defs/said", "description": "One alternative."},
                    "description": "Alternatives, first match wins: a text with `when:` is shown "
                    "only when its condition holds for the customer; end with one without "
                    "`when:`.",
                    "minItems": 1,
                },
            ]
        },
    )
    """The unconditional feedback text (the last alternative when there are several)."""
    span: Span
    texts: tuple[Said, ...]
    """Feedback alternatives in order, first match wins (empty: `feedback` always)."""

    def feedback_for(self, env: Mapping[str, Any] | None) -> str:
        """The feedback text for a customer in this situation."""
        said = first_said(self.texts, env)
        return said.text if said is not None else self.feedback


@declared("advice")
@dataclass(frozen=True, slots=True, kw_only=True)
class StageAdvice:
    """How wise the action is at one stage, and what the coach says."""

    stage: str = spec("The stage this advice is about.", ref="stages", example="lead")
    rating: Rating = spec("`good` earns good_action points, `harmful` costs harmful_action points.")
    text: str = spec("The coach's explanation, shown in the debrief.", default="")
    when: Expr | None = spec(
        "Only in this situation; the first advice for a stage whose `when` holds wins, "
        "so several entries for one stage can rate a new lead and an old deal apart.",
        example="known.fit and not fit",
    )
    """None: always."""
    span: Span


@declared("variant")
@dataclass(frozen=True, slots=True, kw_only=True)
class Variant:
    """How an action lands in one situation (stages, buying styles, a condition).

    Fields left out (None) are the action's own."""

    stages: tuple[str, ...] = spec(
        "Stages where this variant applies (left out: every stage of the action).",
        default=[],
        items=ref_item("stage", "A stage.", "lead"),
    )
    styles: tuple[str, ...] = spec(
        "Buying styles it applies to (left out: every style). The buyer's real style "
        "counts, whether or not the trainee has learned it.",
        default=[],
        items=ref_item("style", "A buying style.", "consultative"),
    )
    when: Expr | None = spec("Applies only while this holds.", example="not known.need")
    chance: Expr | None = spec(
        "Probability of success here, 0..1 (left out: the action's).",
        expect="number",
        example="0.3",
    )
    success: Outcome | None = spec(
        "What happens on success here; keys left out are the action's own."
    )
    failure: Outcome | None = spec(
        "What happens on failure here; keys left out are the action's own."
    )
    description: str = spec(
        "What the action does here, shown in the picker for a deal at this stage.", default=""
    )
    span: Span

    def matches(self, stage: str, style: str, env: Mapping[str, Any] | None) -> bool:
        """Whether it applies to a deal at `stage` with a buyer of `style` (a `when` counts
        as false without `env`)."""
        if self.stages and stage not in self.stages:
            return False
        if self.styles and style not in self.styles:
            return False
        return self.when is None or (env is not None and bool(self.when.evaluate(env)))


@declared("action")
@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """A follow-up the trainee can spend time on."""

    id: str = ident("action", "call")
    label: str = spec("Name shown in the action picker.", minLength=1)
    key: str = spec(
        "Keyboard shortcut in the action picker: one lower-case letter or digit.",
        pattern="^[a-z0-9]$",
        example="c",
    )
    hours: float = spec("Time the action costs.", minimum=0, maximum=24, example=0.5)
    contact: bool = spec(
        "Counts as customer contact (resets idle days, counts toward over-contact).",
        default=True,
    )
    stages: tuple[str, ...] = spec(
        "Open stages where the action is available.",
        items=ref_item("stage", "A stage where the action can be taken.", "lead"),
        minItems=1,
    )
    requires: Expr | None = spec(
        "Extra precondition for the action to be available.", example="large"
    )
    requires_text: str = spec("Why the action is unavailable when `requires` is false.", default="")
    chance: Expr = spec(
        "Probability of success, 0..1.", expect="number", default=1, example="0.7 + trust / 300"
    )
    delay_days: int = spec(
        "Business days until the outcome is known (0: at once).", default=0, minimum=0, maximum=30
    )
    success: Outcome = spec("What happens on success.")
    failure: Outcome = spec("What happens on failure.", default={})
    advice: tuple[StageAdvice, ...] = spec(
        "How the playbook rates the action per stage (stages not listed: neutral, no text).",
        default=[],
        items="Advice for one stage.",
    )
    tags: tuple[str, ...] = spec(
        "Free tags for the rubric and reports (e.g. discovery, close, discount).",
        default=[],
        items="A tag.",
    )
    description: str = spec("What the action is, shown in the picker.", default="")
    variants: tuple[Variant, ...] = spec(
        "Stage- and style-specific outcomes: the first variant matching the deal's "
        "stage, the buyer's style and its `when` replaces the action's chance, outcomes "
        "and description (fields it leaves out stay the action's).",
        default=[],
        items="How the action lands in one situation.",
    )
    """First match wins (see `sim.engine.outcomes`)."""
    span: Span

    def advice_for(self, stage: str, env: Mapping[str, Any] | None = None) -> StageAdvice | None:
        """The first advice for `stage` whose `when` holds in `env` (conditional advice is
        skipped without an `env`)."""
        for a in self.advice:
            if a.stage == stage and (a.when is None or (env is not None and a.when.evaluate(env))):
                return a
        return None


@declared("style")
@dataclass(frozen=True, slots=True, kw_only=True)
class Style:
    """A buying style a persona can have."""

    id: str = ident("style", "analytical")
    label: str = spec("Name shown on the card once the trainee has learned it.", minLength=1)
    description: str = spec("What such buyers reward and punish.", default="")
    span: Span


DEFAULT_STYLES: tuple[Style, ...] = (
    Style(
        id="relationship",
        label="Relationship buyer",
        description="Buys on trust, frequency and warmth.",
        span=NO_SPAN,
    ),
    Style(
        id="consultative",
        label="Consultative buyer",
        description="Buys on diagnosis and a business case.",
        span=NO_SPAN,
    ),
)
"""The styles every scenario has unless it declares its own."""


@declared("objection")
@dataclass(frozen=True, slots=True, kw_only=True)
class Objection:
    """An objection a buyer raises from a hidden fact, and how it is answered.

    Raised at some stages, answered by the right kind of action, costly when answered the
    wrong way."""

    id: str = ident("objection", "need_boss")
    label: str = spec("Name shown on the card and in the log.", minLength=1)
    when: Expr = spec(
        "Raised only for customers for whom this holds (hidden facts included).",
        example="not authority",
    )
    stages: tuple[str, ...] = spec(
        "Stages where the buyer raises it, at the first contact there.",
        items=ref_item("stage", "An open stage.", "proposal"),
        minItems=1,
    )
    chance: float = spec(
        "Probability that a buyer meeting `when` voices it (drawn once per deal).",
        default=1,
        minimum=0,
        maximum=1,
    )
    """Drawn once per deal from its own dice."""
    handled_by: tuple[str, ...] = spec(
        "Actions (ids or tags) that answer it when they succeed.",
        items="An action id or tag.",
        minItems=1,
    )
    mishandled_by: tuple[str, ...] = spec(
        "Actions (ids or tags) that answer it the wrong way while it is open.",
        default=[],
        items="An action id or tag.",
    )
    mishandled: tuple[Effect, ...] = spec(
        "Applied each time it is answered the wrong way.",
        example=["trust -= 8", "experience -= 6"],
    )
    blocks: Literal["gate", "close"] = spec(
        "`gate`: while open, the deal cannot move on from its stage; "
        "`close`: while open, the odds of every action that wins the deal drop by "
        "`closeCut`.",
        default="gate",
    )
    close_cut: float = spec(
        "How much an open objection takes off the closing odds (with `blocks: close`).",
        default=0.3,
        minimum=0,
        maximum=1,
    )
    text: str = spec("What the buyer says when raising it.", text=True, default="")
    handled_text: str = spec("What the trainee reads when it is answered.", text=True, default="")
    span: Span

    def answers(self, a: Action) -> bool:
        return a.id in self.handled_by or any(t in self.handled_by for t in a.tags)

    def mishandles(self, a: Action) -> bool:
        return a.id in self.mishandled_by or any(t in self.mishandled_by for t in a.tags)


@declared("event")
@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something that happens to an open deal, by chance each day or on a set day."""

    id: str = ident("event", "competitor_enters")
    label: str = spec("Name shown in the log.", minLength=1)
    chance: float = spec(
        "Probability per open deal per day, 0..1.", default=0, minimum=0, maximum=1
    )
    """0 when scheduled by day only."""
    day: int | None = spec(
        "Fires on this day (for every deal meeting `when`).", minimum=1, maximum=365
    )
    when: Expr | None = spec(
        "Only deals meeting this condition are affected.", example='stage != "lead"'
    )
    effects: tuple[Effect, ...] = spec("Changes to the deal's meters, facts or value.")
    move_to: str | None = spec("Stage the deal moves to.", ref="stages", example="lost")
    referral: bool = spec("The event also brings a new lead (a referral).", default=False)
    text: str = spec("What the trainee reads.", text=True, default="")
    span: Span


@declared("arrival")
@dataclass(frozen=True, slots=True, kw_only=True)
class Arrival:
    """Leads that arrive on a given day."""

    day: int = spec("Business day of arrival.", minimum=1, maximum=365)
    count: int = spec("How many leads arrive.", default=1, minimum=1, maximum=1000)
    persona: str | None = spec(
        "Persona of the leads (random by weight when left out).",
        ref="personas",
        example="tire_kicker",
    )


@declared("inbound")
@dataclass(frozen=True, slots=True, kw_only=True)
class Inbound:
    """How new leads come in and how fast they expect an answer."""

    initial: int = spec(
        "Customers already in the pipeline on day 1.", default=0, minimum=0, maximum=100_000
    )
    initial_stages: tuple[str, ...] = spec(
        "Stages of the initial customers, in turn (customer i starts in entry i modulo the "
        "list length). Empty: all start in `stage`.",
        default=[],
        items=ref_item("stage", "An open stage.", "lead"),
    )
    per_day: float = spec(
        "Expected random arrivals per business day.", default=0, minimum=0, maximum=10_000
    )
    schedule: tuple[Arrival, ...] = spec(
        "Leads arriving on set days.", default=[], items="Leads arriving on one day."
    )
    answer_within_days: int = spec(
        "A new lead untouched for longer than this many days counts as a slow answer (0: same "
        "day).",
        default=1,
        minimum=0,
        maximum=30,
    )
    stage: str = spec(
        "Open stage a new lead starts in. Default: the first stage.",
        ref="stages",
        example="lead",
        required=False,
    )
    span: Span


@declared("dynamics")
@dataclass(frozen=True, slots=True, kw_only=True)
class Dynamics:
    """The rules of the world between the trainee's actions."""

    contacts_per_day: int = spec(
        "Contacts with one customer in a day above this annoy them.",
        default=2,
        minimum=1,
        maximum=100,
    )
    overcontact_effects: tuple[Effect, ...] = spec(
        "Applied to a customer contacted more than `contactsPerDay` times in a day.",
        example=["experience -= 8", "interest -= 6"],
    )
    rot_effects: tuple[Effect, ...] = spec(
        "Applied each day a deal is rotting.", example=["interest -= 5", "experience -= 3"]
    )
    lost_when: Expr | None = spec(
        "A deal whose customer meets this walks away (lost).", example="interest <= 5"
    )
    lost_text: str = spec(
        "What the trainee reads when a deal is lost that way.", text=True, default=""
    )
    large_deal: int = spec(
        "Deal value from which a deal counts as large (`large` in expressions).",
        minimum=0,
        example=15000,
    )
    bad_fit: Expr | None = spec(
        "Which customers are bad fits, judged on their hidden facts: disqualifying them early "
        "earns hygiene points, working them costs.",
        example="not fit or not budget",
    )
    """Judged on the hidden truth, for pipeline-hygiene scoring."""
    span: Span


@declared("forecast")
@dataclass(frozen=True, slots=True, kw_only=True)
class Forecast:
    """When the trainee commits a forecast."""

    checkpoints: tuple[int, ...] = spec(
        "Days on which the trainee commits which deals close in the run.",
        default=[],
        items={"description": "A business day.", "minimum": 1, "maximum": 365},
    )
    span: Span


@declared("dimension")
@dataclass(frozen=True, slots=True, kw_only=True)
class Dimension:
    """A scorecard dimension and its weight."""

    id: str = spec("Which dimension.", schema={"enum": list(DIMENSIONS)})
    label: str = spec("Name shown in the debrief.", minLength=1)
    weight: float = spec(
        "Share of the total score, in percent; weights sum to 100.", minimum=0, maximum=100
    )
    tip: str = spec("What to do better, shown when the dimension scored low.", default="")
    span: Span


@declared("rule")
@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A scoring rule: what earns or costs points, and in which dimension."""

    id: str = spec("Which rule (the engine detects each one).", schema={"enum": list(RULE_IDS)})
    dimension: str = spec("Dimension the points count toward.", schema={"enum": list(DIMENSIONS)})
    points: float = spec(
        "Points per occurrence (negative: a penalty).", minimum=-1000, maximum=1000
    )
    text: str = spec("What the rule means, shown in the debrief.", default="")
    span: Span


@declared("grade")
@dataclass(frozen=True, slots=True, kw_only=True)
class Grade:
    """A grade band: the lowest total score that earns it."""

    min: float = spec("Lowest total score (0..100) for this grade.", minimum=0, maximum=100)
    grade: str = spec("The grade, e.g. A.", minLength=1)
    text: str = spec("What the grade means.", default="")


@declared("scoring")
@dataclass(frozen=True, slots=True, kw_only=True)
class Scoring:
    """The rubric: weighted dimensions, point rules and grade bands."""

    quota: int = spec("Revenue target for the run, in the scenario currency.", minimum=0)
    dimensions: tuple[Dimension, ...] = spec(
        "Weighted dimensions of the scorecard.", items="A dimension.", minItems=1
    )
    rules: tuple[Rule, ...] = spec("Point rules.", default=[], items="A rule.")
    grades: tuple[Grade, ...] = spec("Grade bands, any order.", items="A grade band.", minItems=1)
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


PACK_ITEM = {
    "anyOf": [
        {"type": "string", "description": "Id of a bundled pack.", "pattern": ID_PATTERN},
        {"$ref": "#/$defs/use", "description": "A pack with a stage mapping."},
    ],
    "description": "A pack id, or `{pack, stages}`.",
}


@declared("scenario")
@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A salesim scenario: a sales process, its customers and its scorecard."""

    api_version: str = spec(
        "Version of the scenario format.", schema={"const": API_VERSION}, value=API_VERSION
    )
    kind: str = spec("Always `Scenario`.", schema={"const": "Scenario"}, value="Scenario")
    uses: tuple[str, ...] = spec(
        "Methodology packs to include (`bant`, `meddpicc`, `spin`): their facts, exit "
        "criteria, actions and coach advice join the scenario's own; an item with the "
        "same id in this file replaces the pack's.",
        default=[],
        example=["meddpicc"],
        schema={"type": "array", "items": PACK_ITEM},
        value=(),
    )
    """The methodology packs merged into it, in order."""
    metadata: Metadata = spec("Who the scenario is for and what it teaches.")
    calendar: Calendar = spec("How long a run lasts.")
    meters: tuple[Meter, ...] = spec("Gauges per customer.", items="A meter.", minItems=1)
    facts: tuple[Fact, ...] = spec(
        "Hidden truths discovery can reveal.", default=[], items="A fact."
    )
    stages: tuple[Stage, ...] = spec(
        "The sales process, in order: open stages, then won and lost.",
        items="A stage.",
        minItems=3,
    )
    personas: tuple[Persona, ...] = spec("Kinds of customers.", items="A persona.", minItems=1)
    actions: tuple[Action, ...] = spec("What the trainee can do.", items="An action.", minItems=1)
    events: tuple[Event, ...] = spec("Things that happen to deals.", default=[], items="An event.")
    styles: tuple[Style, ...] = spec(
        "Buying styles of the personas (left out: relationship and consultative).",
        default=[],
        items="A buying style.",
        value=DEFAULT_STYLES,
    )
    objections: tuple[Objection, ...] = spec(
        "Objections buyers raise from hidden facts.",
        default=[],
        items="An objection.",
        value=(),
    )
    inbound: Inbound = spec("How leads come in.")
    dynamics: Dynamics = spec("World rules.")
    forecast: Forecast = spec("Forecast checkpoints.", default={})
    scoring: Scoring = spec("The rubric.")
    source: str
    """The file it came from (or '<string>')."""
    path: str = field(default="", compare=False)
    """The absolute path of the file it was loaded from ('' when loaded from text)."""

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
