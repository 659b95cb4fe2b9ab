"""The JSON Schema of the scenario format: the single source of truth for its *structure*.

Keys, types, enums, required fields, defaults, bounds and the description of every field
live here. `salesim schema` prints it, `schema/scenario.schema.json` is the committed copy
(editors use it through yaml-language-server), the loader validates against it, the builder
takes its defaults from it, and docs/scenario-format.md's field tables are generated from it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sim.scenario.expr import ROLES
from sim.scenario.model import DIMENSIONS

API_VERSION = "salesim/v1"
SCHEMA_ID = "https://salesim.invalid/schema/scenario.schema.json"

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

ID_PATTERN = "^[a-z][a-z0-9_]*$"
EXPR_NOTE = " An expression (see docs/scenario-format.md#expressions)."

Schema = dict[str, Any]


def _s(desc: str, **kw: Any) -> Schema:
    return {"type": "string", "description": desc, **kw}


def _int(desc: str, minimum: int | None = None, maximum: int | None = None, **kw: Any) -> Schema:
    out: Schema = {"type": "integer", "description": desc, **kw}
    if minimum is not None:
        out["minimum"] = minimum
    if maximum is not None:
        out["maximum"] = maximum
    return out


def _num(
    desc: str, minimum: float | None = None, maximum: float | None = None, **kw: Any
) -> Schema:
    out: Schema = {"type": "number", "description": desc, **kw}
    if minimum is not None:
        out["minimum"] = minimum
    if maximum is not None:
        out["maximum"] = maximum
    return out


def _ref(name: str, desc: str, **kw: Any) -> Schema:
    return {"$ref": f"#/$defs/{name}", "description": desc, **kw}


def _list(items: Schema, desc: str, **kw: Any) -> Schema:
    return {"type": "array", "items": items, "description": desc, **kw}


def _obj(title: str, desc: str, props: dict[str, Schema], required: tuple[str, ...] = ()) -> Schema:
    out: Schema = {
        "title": title,
        "type": "object",
        "description": desc,
        "additionalProperties": False,
        "properties": props,
    }
    if required:
        out["required"] = list(required)
    return out


def _id(kind: str, example: str) -> Schema:
    return _s(
        f"Unique id of the {kind}: lower-case letters, digits and '_', starting with a letter.",
        pattern=ID_PATTERN,
        maxLength=64,
        examples=[example],
    )


def _ref_id(kind: str, desc: str, example: str) -> Schema:
    return _s(
        desc + f" Must be the id of a declared {kind}.", pattern=ID_PATTERN, examples=[example]
    )


def _bool_expr(desc: str, example: str) -> Schema:
    return {
        "type": ["string", "boolean"],
        "description": desc + EXPR_NOTE + " Must be a condition (true/false).",
        "examples": [example],
    }


def _effects(desc: str, example: list[str] | None = None) -> Schema:
    return _list(
        _s(
            "An effect: `target op expression`, e.g. `interest += 5`, `competitor = true`, `value *= 0.9`."
        ),
        desc,
        default=[],
        examples=[example or ["interest += 6", "trust += 5"]],
    )


def _range(desc: str, example: list[float], integer: bool = False) -> Schema:
    return _list(
        {"type": "integer" if integer else "number", "minimum": 0},
        desc + " Written `[low, high]`.",
        minItems=2,
        maxItems=2,
        examples=[example],
    )


_TEXT_NOTE = " May use {contact}, {first_name}, {company}, {title}, {industry} and {city}."


def _defs() -> dict[str, Schema]:
    d: dict[str, Schema] = {}
    d["metadata"] = _obj(
        "metadata",
        "Who the scenario is for and what it teaches.",
        {
            "id": _id("scenario", "tutorial"),
            "title": _s(
                "Title shown in the scenario list.",
                minLength=1,
                examples=["First week on the desk"],
            ),
            "summary": _s("One or two sentences for the scenario list.", default=""),
            "lesson": _s(
                "The lesson of staged selling the scenario teaches; `salesim list` shows it and"
                " the home screen groups scenarios by it.",
                default="",
                examples=["Relationship selling"],
            ),
            "objectives": _list(
                _s("A learning objective."),
                "What the trainee should learn; shown in the briefing.",
                default=[],
            ),
            "difficulty": {
                "enum": ["beginner", "intermediate", "advanced"],
                "default": "beginner",
                "description": "How hard the scenario is.",
            },
            "minutes": _int("Expected playing time in minutes.", 1, 600, default=15),
            "locale": _s(
                "Faker locale for customer names, companies and cities.",
                pattern="^[a-z]{2,3}(_[A-Z]{2})?$",
                default="en_US",
                examples=["en_US", "de_DE"],
            ),
            "currency": _s(
                "ISO 4217 currency code for deal values.",
                pattern="^[A-Z]{3}$",
                default="USD",
                examples=["USD", "EUR"],
            ),
            "briefing": _s("What the trainee reads before day 1.", default=""),
        },
        ("id", "title"),
    )
    d["calendar"] = _obj(
        "calendar",
        "How long a run lasts and how much time a day holds.",
        {
            "days": _int("Business days in a run.", 1, 365, examples=[5]),
            "hoursPerDay": _num("Time budget per day, in hours.", 0.5, 24, default=8),
        },
        ("days",),
    )
    d["meter"] = _obj(
        "meter",
        "A gauge per customer (interest, trust, depth, experience, ...).",
        {
            "id": _id("meter", "interest"),
            "label": _s("Name shown on the customer card.", minLength=1),
            "min": _num("Lowest value; effects never go below it.", default=0),
            "max": _num("Highest value; effects never go above it.", default=100),
            "default": _num(
                "Starting value for personas that do not set a range. Default: the middle of min..max."
            ),
            "drift": _num(
                "Change per business day without contact (negative: cools off).", default=0
            ),
        },
        ("id", "label"),
    )
    d["fact"] = _obj(
        "fact",
        "A hidden truth about a customer that discovery can reveal.",
        {
            "id": _id("fact", "budget"),
            "label": _s("Name shown on the customer card.", minLength=1),
            "type": {
                "enum": ["bool", "number"],
                "default": "bool",
                "description": "`bool` for yes/no facts, `number` for amounts.",
            },
            "question": _s(
                "How the card asks about it while unknown.",
                default="",
                examples=["Is there money set aside?"],
            ),
        },
        ("id", "label"),
    )
    d["criterion"] = _obj(
        "exit criterion",
        "A condition a deal should meet before it leaves the stage.",
        {
            "id": _s(
                "Optional id: a criterion with the id of a methodology pack's criterion replaces it.",
                pattern=ID_PATTERN,
                examples=["bant_budget"],
            ),
            "when": _bool_expr("The condition.", "known.budget and known.authority"),
            "text": _s("The criterion in words, shown to the trainee.", minLength=1),
        },
        ("when", "text"),
    )
    d["use"] = _obj(
        "use",
        "A methodology pack whose stage ids are mapped onto this scenario's stages.",
        {
            "pack": _s("Id of a bundled pack.", pattern=ID_PATTERN, examples=["bant"]),
            "stages": {
                "type": "object",
                "description": "Pack stage id → this scenario's stage id.",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": _s("A stage of this scenario.", pattern=ID_PATTERN),
                "default": {},
            },
        },
        ("pack",),
    )
    d["stage"] = _obj(
        "stage",
        "A step of the sales process. Stages are listed in order.",
        {
            "id": _id("stage", "qualified"),
            "label": _s("Name shown in the pipeline.", minLength=1),
            "probability": _int(
                "Win probability in percent (weighted pipeline, forecast).", 0, 100, examples=[20]
            ),
            "forecast": {
                "enum": ["pipeline", "best_case", "commit", "closed", "omitted"],
                "description": "Forecast category of deals in this stage.",
            },
            "rotDays": _int(
                "Idle days before an open deal counts as rotting. Required for open stages.", 1, 365
            ),
            "exit": _list(
                _ref("criterion", "An exit criterion."),
                "Exit criteria: moving on before they are met skips the gate.",
                default=[],
            ),
            "terminal": {
                "enum": ["won", "lost"],
                "description": "Marks the closed-won or closed-lost stage; leave out for open stages.",
            },
            "description": _s("What happens in this stage and what the rep should do.", default=""),
        },
        ("id", "label", "probability", "forecast"),
    )
    d["persona"] = _obj(
        "persona",
        "A kind of customer: how often they appear and what they are like.",
        {
            "id": _id("persona", "smb_owner"),
            "label": _s("Name shown on the customer card.", minLength=1),
            "description": _s("What they are like.", default=""),
            "weight": {
                "type": "number",
                "exclusiveMinimum": 0,
                "default": 1,
                "description": "Relative frequency among new leads.",
            },
            "style": _s(
                "Buying style: `relationship` (trust and contact), `consultative` (diagnosis "
                "and proposals), or a style the scenario declares under `styles`. Hidden from "
                "the trainee until an outcome reveals `style`.",
                pattern=ID_PATTERN,
                default="relationship",
                examples=["consultative"],
            ),
            "dealValue": _range(
                "Deal value range, in the scenario currency.", [4000, 12000], integer=True
            ),
            "meters": {
                "type": "object",
                "description": "Initial range per meter id; meters not listed start at their default.",
                "propertyNames": {"pattern": ID_PATTERN},
                "default": {},
                "additionalProperties": _range("Initial value range of the meter.", [40, 65]),
            },
            "facts": {
                "type": "object",
                "description": "How each hidden fact is drawn: a yes/no fact takes the probability (0..1) that it is true; a number fact takes `[low, high]` or a fixed number. Facts not listed: a yes/no fact is true half the time, a number fact is 0.",
                "propertyNames": {"pattern": ID_PATTERN},
                "default": {},
                "additionalProperties": {
                    "type": ["number", "boolean", "array"],
                    "items": {"type": "number"},
                    "description": "Probability 0..1, true/false, or [low, high].",
                },
            },
            "committee": _ref(
                "committee",
                "A buying committee for large deals: 2..4 people with roles (leave out for one contact).",
            ),
        },
        ("id", "label", "dealValue"),
    )
    d["member"] = _obj(
        "member",
        "One person of a buying committee.",
        {
            "role": {
                "enum": list(ROLES),
                "description": "Their part in the decision; criteria read `engaged.<role>`.",
            },
            "label": _s(
                "Their job title, shown on the card.",
                minLength=1,
                examples=["Chief financial officer"],
            ),
            "meters": {
                "type": "object",
                "description": "Starting range of their personal meters (the committee's `meters`); "
                "not allowed for the first member, who starts with the deal's own.",
                "propertyNames": {"pattern": ID_PATTERN},
                "default": {},
                "additionalProperties": _range("Initial value range of the meter.", [20, 40]),
            },
        },
        ("role", "label"),
    )
    d["committee"] = _obj(
        "committee",
        "A buying committee: the first member is the contact on the card; actions can "
        "target any member, whose personal meters they then read and change.",
        {
            "meters": _list(
                _ref_id("meter", "A meter each member has personally.", "trust"),
                "Meters each member has personally (actions aimed at a member read and change "
                "that member's); the other meters belong to the deal.",
                minItems=1,
            ),
            "engagedWhen": _bool_expr(
                "When a member counts as engaged, read with that member's personal meters.",
                "trust >= 60",
            ),
            "members": _list(
                _ref("member", "A member."),
                "The people, 2 to 4; the first is the contact on the card.",
                minItems=2,
                maxItems=4,
            ),
        },
        ("meters", "engagedWhen", "members"),
    )
    d["outcome"] = _obj(
        "outcome",
        "What happens when the action succeeds (or fails).",
        {
            "effects": _effects("Changes to meters, facts or the deal value."),
            "reveal": _list(
                _ref_id("fact", "A fact the trainee learns.", "budget"),
                "Facts that become known; `style` reveals the buyer's buying style.",
                default=[],
            ),
            "moveTo": _ref_id("stage", "Stage the deal moves to.", "qualified"),
            "feedback": {
                "anyOf": [
                    _s("What the trainee reads." + _TEXT_NOTE),
                    _list(
                        _ref("said", "One alternative."),
                        "Alternatives, first match wins: a text with `when:` is shown only when "
                        "its condition holds for the customer; end with one without `when:`.",
                        minItems=1,
                    ),
                ],
                "default": "",
                "description": "What the trainee reads: a text, or a list of `{when, text}` "
                "alternatives (first match wins)." + _TEXT_NOTE,
            },
        },
    )
    d["said"] = _obj(
        "said",
        "A text shown only in some situations.",
        {
            "when": _bool_expr(
                "Show this text only when the condition holds for the customer (hidden facts "
                "included).",
                "not need",
            ),
            "text": _s("What the trainee reads." + _TEXT_NOTE),
        },
        ("text",),
    )
    d["advice"] = _obj(
        "advice",
        "How wise the action is at one stage, and what the coach says.",
        {
            "stage": _ref_id("stage", "The stage this advice is about.", "lead"),
            "rating": {
                "enum": ["good", "neutral", "harmful"],
                "description": "`good` earns good_action points, `harmful` costs harmful_action points.",
            },
            "text": _s("The coach's explanation, shown in the debrief.", default=""),
            "when": _bool_expr(
                "Only in this situation; the first advice for a stage whose `when` holds wins, "
                "so several entries for one stage can rate a new lead and an old deal apart.",
                "known.fit and not fit",
            ),
        },
        ("stage", "rating"),
    )
    d["action"] = _obj(
        "action",
        "A follow-up the trainee can spend time on.",
        {
            "id": _id("action", "call"),
            "label": _s("Name shown in the action picker.", minLength=1),
            "key": _s(
                "Keyboard shortcut in the action picker: one lower-case letter or digit.",
                pattern="^[a-z0-9]$",
                examples=["c"],
            ),
            "hours": _num("Time the action costs.", 0, 24, examples=[0.5]),
            "contact": {
                "type": "boolean",
                "default": True,
                "description": "Counts as customer contact (resets idle days, counts toward over-contact).",
            },
            "stages": _list(
                _ref_id("stage", "A stage where the action can be taken.", "lead"),
                "Open stages where the action is available.",
                minItems=1,
            ),
            "requires": _bool_expr("Extra precondition for the action to be available.", "large"),
            "requiresText": _s(
                "Why the action is unavailable when `requires` is false.", default=""
            ),
            "chance": {
                "type": ["string", "number"],
                "default": 1,
                "description": "Probability of success, 0..1." + EXPR_NOTE,
                "examples": ["0.7 + trust / 300"],
            },
            "delayDays": _int(
                "Business days until the outcome is known (0: at once).", 0, 30, default=0
            ),
            "success": _ref("outcome", "What happens on success."),
            "failure": _ref("outcome", "What happens on failure.", default={}),
            "advice": _list(
                _ref("advice", "Advice for one stage."),
                "How the playbook rates the action per stage (stages not listed: neutral, no text).",
                default=[],
            ),
            "tags": _list(
                _s("A tag."),
                "Free tags for the rubric and reports (e.g. discovery, close, discount).",
                default=[],
            ),
            "description": _s("What the action is, shown in the picker.", default=""),
            "variants": _list(
                _ref("variant", "How the action lands in one situation."),
                "Stage- and style-specific outcomes: the first variant matching the deal's "
                "stage, the buyer's style and its `when` replaces the action's chance, outcomes "
                "and description (fields it leaves out stay the action's).",
                default=[],
            ),
        },
        ("id", "label", "key", "hours", "stages", "success"),
    )
    d["variant"] = _obj(
        "variant",
        "How an action lands in one situation (stages, buying styles, a condition).",
        {
            "stages": _list(
                _ref_id("stage", "A stage.", "lead"),
                "Stages where this variant applies (left out: every stage of the action).",
                default=[],
            ),
            "styles": _list(
                _ref_id("style", "A buying style.", "consultative"),
                "Buying styles it applies to (left out: every style). The buyer's real style "
                "counts, whether or not the trainee has learned it.",
                default=[],
            ),
            "when": _bool_expr("Applies only while this holds.", "not known.need"),
            "chance": {
                "type": ["string", "number"],
                "description": "Probability of success here, 0..1 (left out: the action's)."
                + EXPR_NOTE,
                "examples": ["0.3"],
            },
            "success": _ref(
                "outcome",
                "What happens on success here; keys left out are the action's own.",
            ),
            "failure": _ref(
                "outcome",
                "What happens on failure here; keys left out are the action's own.",
            ),
            "description": _s(
                "What the action does here, shown in the picker for a deal at this stage.",
                default="",
            ),
        },
    )
    d["style"] = _obj(
        "style",
        "A buying style a persona can have.",
        {
            "id": _id("style", "analytical"),
            "label": _s("Name shown on the card once the trainee has learned it.", minLength=1),
            "description": _s("What such buyers reward and punish.", default=""),
        },
        ("id", "label"),
    )
    d["objection"] = _obj(
        "objection",
        "An objection a buyer raises from a hidden fact, and how it is answered.",
        {
            "id": _id("objection", "need_boss"),
            "label": _s("Name shown on the card and in the log.", minLength=1),
            "when": _bool_expr(
                "Raised only for customers for whom this holds (hidden facts included).",
                "not authority",
            ),
            "stages": _list(
                _ref_id("stage", "An open stage.", "proposal"),
                "Stages where the buyer raises it, at the first contact there.",
                minItems=1,
            ),
            "chance": _num(
                "Probability that a buyer meeting `when` voices it (drawn once per deal).",
                0,
                1,
                default=1,
            ),
            "handledBy": _list(
                _s("An action id or tag."),
                "Actions (ids or tags) that answer it when they succeed.",
                minItems=1,
            ),
            "mishandledBy": _list(
                _s("An action id or tag."),
                "Actions (ids or tags) that answer it the wrong way while it is open.",
                default=[],
            ),
            "mishandled": _effects(
                "Applied each time it is answered the wrong way.",
                ["trust -= 8", "experience -= 6"],
            ),
            "blocks": {
                "enum": ["gate", "close"],
                "default": "gate",
                "description": "`gate`: while open, the deal cannot move on from its stage; "
                "`close`: while open, the odds of every action that wins the deal drop by "
                "`closeCut`.",
            },
            "closeCut": _num(
                "How much an open objection takes off the closing odds (with `blocks: close`).",
                0,
                1,
                default=0.3,
            ),
            "text": _s("What the buyer says when raising it." + _TEXT_NOTE, default=""),
            "handledText": _s(
                "What the trainee reads when it is answered." + _TEXT_NOTE, default=""
            ),
        },
        ("id", "label", "when", "stages", "handledBy"),
    )
    d["event"] = _obj(
        "event",
        "Something that happens to an open deal, by chance each day or on a set day.",
        {
            "id": _id("event", "competitor_enters"),
            "label": _s("Name shown in the log.", minLength=1),
            "chance": _num("Probability per open deal per day, 0..1.", 0, 1, default=0),
            "day": _int("Fires on this day (for every deal meeting `when`).", 1, 365),
            "when": _bool_expr(
                "Only deals meeting this condition are affected.", 'stage != "lead"'
            ),
            "effects": _effects("Changes to the deal's meters, facts or value."),
            "moveTo": _ref_id("stage", "Stage the deal moves to.", "lost"),
            "referral": {
                "type": "boolean",
                "default": False,
                "description": "The event also brings a new lead (a referral).",
            },
            "text": _s("What the trainee reads." + _TEXT_NOTE, default=""),
        },
        ("id", "label"),
    )
    d["arrival"] = _obj(
        "arrival",
        "Leads that arrive on a given day.",
        {
            "day": _int("Business day of arrival.", 1, 365),
            "count": _int("How many leads arrive.", 1, 1000, default=1),
            "persona": _ref_id(
                "persona", "Persona of the leads (random by weight when left out).", "tire_kicker"
            ),
        },
        ("day",),
    )
    d["inbound"] = _obj(
        "inbound",
        "How new leads come in and how fast they expect an answer.",
        {
            "initial": _int("Customers already in the pipeline on day 1.", 0, 100_000, default=0),
            "initialStages": _list(
                _ref_id("stage", "An open stage.", "lead"),
                "Stages of the initial customers, in turn (customer i starts in entry i modulo the list length). Empty: all start in `stage`.",
                default=[],
            ),
            "perDay": _num("Expected random arrivals per business day.", 0, 10_000, default=0),
            "schedule": _list(
                _ref("arrival", "Leads arriving on one day."),
                "Leads arriving on set days.",
                default=[],
            ),
            "answerWithinDays": _int(
                "A new lead untouched for longer than this many days counts as a slow answer (0: same day).",
                0,
                30,
                default=1,
            ),
            "stage": _ref_id(
                "stage", "Open stage a new lead starts in. Default: the first stage.", "lead"
            ),
        },
    )
    d["dynamics"] = _obj(
        "dynamics",
        "The rules of the world between the trainee's actions.",
        {
            "contactsPerDay": _int(
                "Contacts with one customer in a day above this annoy them.", 1, 100, default=2
            ),
            "overcontactEffects": _effects(
                "Applied to a customer contacted more than `contactsPerDay` times in a day.",
                ["experience -= 8", "interest -= 6"],
            ),
            "rotEffects": _effects(
                "Applied each day a deal is rotting.", ["interest -= 5", "experience -= 3"]
            ),
            "lostWhen": _bool_expr(
                "A deal whose customer meets this walks away (lost).", "interest <= 5"
            ),
            "lostText": _s(
                "What the trainee reads when a deal is lost that way." + _TEXT_NOTE, default=""
            ),
            "largeDeal": _int(
                "Deal value from which a deal counts as large (`large` in expressions).",
                0,
                examples=[15000],
            ),
            "badFit": _bool_expr(
                "Which customers are bad fits, judged on their hidden facts: disqualifying them early earns hygiene points, working them costs.",
                "not fit or not budget",
            ),
        },
        ("largeDeal",),
    )
    d["forecast"] = _obj(
        "forecast",
        "When the trainee commits a forecast.",
        {
            "checkpoints": _list(
                _int("A business day.", 1, 365),
                "Days on which the trainee commits which deals close in the run.",
                default=[],
            ),
        },
    )
    d["dimension"] = _obj(
        "dimension",
        "A scorecard dimension and its weight.",
        {
            "id": {"enum": list(DIMENSIONS), "description": "Which dimension."},
            "label": _s("Name shown in the debrief.", minLength=1),
            "weight": _num("Share of the total score, in percent; weights sum to 100.", 0, 100),
            "tip": _s("What to do better, shown when the dimension scored low.", default=""),
        },
        ("id", "label", "weight"),
    )
    d["rule"] = _obj(
        "rule",
        "A scoring rule: what earns or costs points, and in which dimension.",
        {
            "id": {
                "enum": list(RULE_IDS),
                "description": "Which rule (the engine detects each one).",
            },
            "dimension": {
                "enum": list(DIMENSIONS),
                "description": "Dimension the points count toward.",
            },
            "points": _num("Points per occurrence (negative: a penalty).", -1000, 1000),
            "text": _s("What the rule means, shown in the debrief.", default=""),
        },
        ("id", "dimension", "points"),
    )
    d["grade"] = _obj(
        "grade",
        "A grade band: the lowest total score that earns it.",
        {
            "min": _num("Lowest total score (0..100) for this grade.", 0, 100),
            "grade": _s("The grade, e.g. A.", minLength=1),
            "text": _s("What the grade means.", default=""),
        },
        ("min", "grade"),
    )
    d["scoring"] = _obj(
        "scoring",
        "The rubric: weighted dimensions, point rules and grade bands.",
        {
            "quota": _int("Revenue target for the run, in the scenario currency.", 0),
            "dimensions": _list(
                _ref("dimension", "A dimension."),
                "Weighted dimensions of the scorecard.",
                minItems=1,
            ),
            "rules": _list(_ref("rule", "A rule."), "Point rules.", default=[]),
            "grades": _list(_ref("grade", "A grade band."), "Grade bands, any order.", minItems=1),
        },
        ("quota", "dimensions", "grades"),
    )
    return d


def build_schema() -> Schema:
    """The whole schema as a fresh dict."""
    top = _obj(
        "scenario",
        "A salesim scenario: a sales process, its customers and its scorecard.",
        {
            "apiVersion": {"const": API_VERSION, "description": "Version of the scenario format."},
            "kind": {"const": "Scenario", "description": "Always `Scenario`."},
            "uses": _list(
                {
                    "anyOf": [
                        _s("Id of a bundled pack.", pattern=ID_PATTERN),
                        _ref("use", "A pack with a stage mapping."),
                    ],
                    "description": "A pack id, or `{pack, stages}`.",
                },
                "Methodology packs to include (`bant`, `meddpicc`, `spin`): their facts, exit "
                "criteria, actions and coach advice join the scenario's own; an item with the "
                "same id in this file replaces the pack's.",
                default=[],
                examples=[["meddpicc"]],
            ),
            "metadata": _ref("metadata", "Who the scenario is for and what it teaches."),
            "calendar": _ref("calendar", "How long a run lasts."),
            "meters": _list(_ref("meter", "A meter."), "Gauges per customer.", minItems=1),
            "facts": _list(
                _ref("fact", "A fact."), "Hidden truths discovery can reveal.", default=[]
            ),
            "stages": _list(
                _ref("stage", "A stage."),
                "The sales process, in order: open stages, then won and lost.",
                minItems=3,
            ),
            "personas": _list(_ref("persona", "A persona."), "Kinds of customers.", minItems=1),
            "actions": _list(_ref("action", "An action."), "What the trainee can do.", minItems=1),
            "events": _list(_ref("event", "An event."), "Things that happen to deals.", default=[]),
            "styles": _list(
                _ref("style", "A buying style."),
                "Buying styles of the personas (left out: relationship and consultative).",
                default=[],
            ),
            "objections": _list(
                _ref("objection", "An objection."),
                "Objections buyers raise from hidden facts.",
                default=[],
            ),
            "inbound": _ref("inbound", "How leads come in."),
            "dynamics": _ref("dynamics", "World rules."),
            "forecast": _ref("forecast", "Forecast checkpoints.", default={}),
            "scoring": _ref("scoring", "The rubric."),
        },
        (
            "apiVersion",
            "kind",
            "metadata",
            "calendar",
            "meters",
            "stages",
            "personas",
            "actions",
            "inbound",
            "dynamics",
            "scoring",
        ),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **top,
        "$defs": _defs(),
    }


@cache
def scenario_schema() -> Schema:
    """The schema (shared; do not mutate)."""
    return build_schema()


def schema_json() -> str:
    """The schema as stable, sorted, indented JSON text (what `salesim schema` prints)."""
    return json.dumps(build_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def defaults(def_name: str) -> dict[str, Any]:
    """The `default` of every property of one `$defs` object (or 'scenario' for the top)."""
    schema = scenario_schema()
    obj = schema if def_name == "scenario" else schema["$defs"][def_name]
    return {k: v["default"] for k, v in obj["properties"].items() if "default" in v}


# -- Markdown field reference (docs/scenario-format.md embeds this) --------------------------


def _type_text(s: Schema) -> str:
    if "$ref" in s:
        name = s["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name})"
    if "const" in s:
        return f"`{s['const']}`"
    if "anyOf" in s and all(isinstance(x, dict) for x in s["anyOf"]):
        return " or ".join(_type_text(x) for x in s["anyOf"])
    if "enum" in s:
        return " \\| ".join(f"`{v}`" for v in s["enum"])
    t = s.get("type")
    if t == "array":
        inner = _type_text(s.get("items", {}))
        if s.get("minItems") == 2 and s.get("maxItems") == 2:
            return f"[low, high] of {inner}"
        return f"list of {inner}"
    if t == "object":
        values = s.get("additionalProperties")
        return f"mapping id → {_type_text(values)}" if isinstance(values, dict) else "mapping"
    names = {"string": "text", "integer": "integer", "number": "number", "boolean": "bool"}
    if isinstance(t, list):
        if "string" in t and "expression" in s.get("description", "").lower():
            return "expression"
        return " or ".join(names.get(str(x), str(x)) for x in t)
    text = names.get(str(t), str(t))
    lo, hi = s.get("minimum", s.get("exclusiveMinimum")), s.get("maximum")
    if lo is not None or hi is not None:
        text += f" {'' if lo is None else lo}..{'' if hi is None else hi}"
    return text


def markdown_reference() -> str:
    """One Markdown table per object of the format: field, type, default, description."""
    schema = build_schema()
    sections = [("scenario", schema)] + list(schema["$defs"].items())
    out = []
    for name, obj in sections:
        out.append(f"### {name}\n\n{obj['description']}\n")
        out.append("| field | type | default | description |\n| --- | --- | --- | --- |")
        required = set(obj.get("required", ()))
        for key, prop in obj["properties"].items():
            if key in required:
                dflt = "**required**"
            elif "default" in prop:
                dflt = f"`{json.dumps(prop['default'])}`"
            else:
                dflt = "—"
            desc = prop.get("description", "").replace("|", "\\|")
            if "examples" in prop:
                ex = prop["examples"][0]  # a text is shown as written, not JSON-escaped
                shown = ex if isinstance(ex, str) else json.dumps(ex, ensure_ascii=False)
                desc += " Example: `" + shown.replace("|", "\\|") + "`."
            out.append(f"| `{key}` | {_type_text(prop)} | {dflt} | {desc} |")
        out.append("")
    return "\n".join(out)
