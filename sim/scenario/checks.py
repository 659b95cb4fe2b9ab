"""Checks between the fields of built model objects: what the JSON Schema cannot say (codes
S013, S014, S101, S107, S109, S302-S304, S308, S310-S313, S315, S320, S401, S402).

Each check is a plain function over model objects (what `build.py` has built so far, so one
broken part does not hide the mistakes of the others) and an `At`, which finds the YAML node
an object or one of its fields was written at, so every diagnostic keeps its line, column and
length. The builder calls each check when it has built the objects the check reads.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any, Literal

from sim.scenario import model as m
from sim.scenario.declare import fields_of
from sim.scenario.diagnostics import Reporter, did_you_mean
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence

BUDGET_BYTES = 1024**3
"""Memory a headless run may need on a normal laptop (1 GiB); a larger scenario is refused."""
BYTES_PER_CUSTOMER = 2_000
"""Measured: a customer's state is ~1.5 kB before its identity is drawn (call_centre)."""
BYTES_PER_EVENT = 400
"""Measured: ~320 bytes per event dict in the log (call_centre)."""
EVENTS_PER_CUSTOMER = 8
"""Events a deal writes in its life besides chance events: arrival, moves, close, ..."""
ROT_EVENTS_PER_DEAL_NIGHT = 0.0
"""`rotting` events per open deal per night past the shortest rot limit. The log keeps one
entry per spell of neglect (counted in EVENTS_PER_CUSTOMER) and one summary per night, so
idle deals no longer add an event each night (they did: 1.0 at worst, 0.18 measured)."""
MAX_CUSTOMER_DAYS = 50_000_000
"""Open deals × nights the day loop may have to visit in one run (minutes of work)."""
MAX_CUSTOMERS = BUDGET_BYTES // (BYTES_PER_CUSTOMER + EVENTS_PER_CUSTOMER * BYTES_PER_EVENT)
"""Customers a run may hold (~206,000). Declared sizes beyond it are refused here; referrals
that depend on a condition cannot be estimated statically, so the engine stops bringing
referred leads at this count."""


class At:
    """Where model objects were written, and the reporter their diagnostics go to."""

    def __init__(self, doc: Document, rep: Reporter) -> None:
        self.doc = doc
        self.rep = rep
        self._nodes: dict[int, tuple[object, YMapping]] = {}

    def written(self, obj: object, node: YMapping) -> None:
        """Remember the mapping `obj` was built from (the builder calls it for each object)."""
        self._nodes[id(obj)] = (obj, node)  # holding obj keeps its id from being reused

    def node(self, obj: object) -> YMapping | None:
        found = self._nodes.get(id(obj))
        return found[1] if found is not None else None

    def value(self, obj: object, key: str) -> YNode | None:
        """The value node of one key of the object's mapping."""
        n = self.node(obj)
        return n.get(key) if n is not None else None

    def key(self, obj: object, key: str) -> YNode | None:
        """The key node itself (`rotDays:`), for 'remove it' messages."""
        n = self.node(obj)
        return n.key_node(key) if n is not None else None

    def item(self, obj: object, key: str, text: str) -> YScalar | None:
        """The first item of a list field written as `text`."""
        seq = self.value(obj, key)
        items = seq.items if isinstance(seq, YSequence) else []
        return next((x for x in items if isinstance(x, YScalar) and x.text == text), None)

    def error(
        self,
        node: YNode | None,
        code: str,
        message: str,
        hint: str = "",
        severity: Literal["error", "warning"] = "error",
        length: int | None = None,
    ) -> None:
        if node is None:
            self.rep.add(code, message, hint=hint, severity=severity)
        else:
            self.rep.add(
                code,
                message,
                node.line,
                node.col,
                length or self.doc.span_length(node),
                hint,
                severity,
            )


# -- metadata, meters, stages, personas ------------------------------------------------------


def locale(meta: m.Metadata, at: At) -> None:
    """S014: Faker knows the locale (skipped when Faker cannot be found)."""
    known = faker_locales()
    if known and meta.locale not in known:
        at.error(
            at.value(meta, "locale") or at.node(meta),
            "S014",
            f"Faker has no locale '{meta.locale}'{did_you_mean(meta.locale, sorted(known))}",
            hint="customer names, companies and cities are generated in this locale",
        )


def meter_bounds(meter: m.Meter, at: At) -> None:
    """S308: max above min, the default between them."""
    lo, hi, start = meter.min, meter.max, meter.default
    if lo >= hi:
        at.error(
            at.value(meter, "max") or at.node(meter),
            "S308",
            f"meter '{meter.id}': max ({hi:g}) must be above min ({lo:g})",
        )
    if lo < hi and not lo <= start <= hi:
        at.error(
            at.value(meter, "default"),
            "S308",
            f"default {start:g} is outside meter '{meter.id}' bounds {lo:g}..{hi:g}",
        )


def stage_kind(stage: m.Stage, at: At) -> None:
    """S302: rotDays and exit criteria on open stages only; S303: won is 100 %, lost 0 %."""
    sid, terminal = stage.id, stage.terminal
    if terminal is None and stage.rot_days is None:
        at.error(
            at.value(stage, "id"),
            "S302",
            f"open stage '{sid}' needs 'rotDays': idle days before a deal counts as rotting",
            hint="add e.g. 'rotDays: 3'",
        )
    if terminal is not None and stage.rot_days is not None:
        at.error(
            at.key(stage, "rotDays"),
            "S302",
            f"closed stage '{sid}' takes no 'rotDays'",
            "remove it",
        )
    if terminal is not None and stage.exit:
        at.error(
            at.key(stage, "exit"),
            "S302",
            f"closed stage '{sid}' takes no exit criteria",
            "remove them",
        )
    want = {"won": 100, "lost": 0}.get(terminal or "")
    if want is not None and stage.probability != want:
        at.error(
            at.value(stage, "probability"),
            "S303",
            f"the {terminal} stage has probability {want}, not {stage.probability}",
        )


def meter_ranges(owner: m.Persona | m.Member, meters: Iterable[m.Meter], at: At) -> None:
    """S308: the initial range of a meter (a persona's, a committee member's) lies within the
    meter's bounds."""
    bounds = {x.id: (x.min, x.max) for x in meters}
    ranges = at.value(owner, "meters")
    for mid, rlo, rhi in owner.meters:
        b = bounds.get(mid)
        if b and (rlo < b[0] or rhi > b[1]):
            at.error(
                ranges.get(mid) if isinstance(ranges, YMapping) else None,
                "S308",
                f"range [{rlo:g}, {rhi:g}] is outside meter '{mid}' bounds {b[0]:g}..{b[1]:g}",
            )


# -- actions, objections, events ---------------------------------------------------------------


def action_keys(actions: Sequence[m.Action], at: At) -> None:
    """S312: every action has its own shortcut."""
    keys: dict[str, m.Action] = {}
    for a in actions:
        node = at.value(a, "key")
        if a.key in keys and node is not None:
            first = keys[a.key]
            line = getattr(at.value(first, "key"), "line", 0)
            at.error(
                node,
                "S312",
                f"key '{a.key}' is already the shortcut of action '{first.id}' (line {line})",
                hint="free keys: "
                + " ".join(sorted(set("abcdefghijklmnopqrstuvwxyz") - set(keys))),
            )
        keys.setdefault(a.key, a)


def chance(owner: m.Action | m.Variant, at: At) -> None:
    """S013: a fixed chance is a probability, 0..1."""
    if owner.chance is None or owner.chance.names:
        return
    p = owner.chance.evaluate({})
    if not 0 <= p <= 1:
        at.error(
            at.value(owner, "chance"),
            "S013",
            f"chance must be between 0 and 1, not {p:g}",
            hint=f"a chance is a probability: {p / 100:g} means {p:g} %" if 1 < p <= 100 else "",
        )


def action_stages(action: m.Action, stage_ids: Sequence[str], at: At) -> None:
    """S310: advice, and S315: a variant, only for a stage where the action is available."""
    for advice in action.advice:
        sid = advice.stage
        if sid in stage_ids and sid not in action.stages:
            at.error(
                at.value(advice, "stage"),
                "S310",
                f"advice for stage '{sid}', where action '{action.id}' is not available",
                hint=f"add '{sid}' to the action's stages, or remove this advice",
            )
    for variant in action.variants:
        for i, sid in enumerate(variant.stages):
            if sid in stage_ids and sid not in action.stages:
                seq = at.value(variant, "stages")
                node = seq.items[i] if isinstance(seq, YSequence) else None
                at.error(
                    node,
                    "S315",
                    f"variant for stage '{sid}', where action '{action.id}' is not available",
                    hint=f"add '{sid}' to the action's stages, or remove it from the variant",
                )


def objection_answers(objection: m.Objection, actions: Sequence[m.Action], at: At) -> None:
    """S109: an objection is answered by an action id or a tag some action has."""
    kinds = {a.id for a in actions} | {t for a in actions for t in a.tags}
    for key, names in (
        ("handledBy", objection.handled_by),
        ("mishandledBy", objection.mishandled_by),
    ):
        seq = at.value(objection, key)
        for i, name in enumerate(names):
            if name not in kinds:
                at.error(
                    seq.items[i] if isinstance(seq, YSequence) else None,
                    "S109",
                    f"no action has the id or tag '{name}'{did_you_mean(name, sorted(kinds))}",
                    hint="name an action id, or a tag listed in some action's `tags`",
                )


def event_happens(event: m.Event, at: At) -> None:
    """S313: an event has a chance above 0 or a day."""
    if event.chance == 0 and event.day is None:
        at.error(
            at.value(event, "id"),
            "S313",
            f"event '{event.id}' never happens: it has no 'chance' above 0 and no 'day'",
            hint="add e.g. 'chance: 0.05' (5 % per deal per day) or 'day: 3'",
        )


# -- scoring ----------------------------------------------------------------------------------


def listed_once(items: Sequence[m.Dimension] | Sequence[m.Rule], what: str, at: At) -> None:
    """S101: a dimension or rule is listed once."""
    seen: dict[str, object] = {}
    for x in items:
        if x.id in seen:
            line = getattr(at.value(seen[x.id], "id"), "line", 0)
            at.error(
                at.value(x, "id"), "S101", f"{what} '{x.id}' is listed twice (first at line {line})"
            )
        seen.setdefault(x.id, x)


def weights(scoring_node: YMapping, dimensions: Sequence[m.Dimension], at: At) -> None:
    """S304: the dimension weights add up to 100."""
    total = sum(dd.weight for dd in dimensions)
    if dimensions and abs(total - 100) > 1e-6:
        parts = " + ".join(f"{dd.id} {dd.weight:g}" for dd in dimensions)
        at.error(
            scoring_node.key_node("dimensions"),
            "S304",
            f"dimension weights add up to {total:g}, not 100",
            hint=parts,
        )


def rule_dimensions(rules: Sequence[m.Rule], dimensions: Sequence[m.Dimension], at: At) -> None:
    """S107: a rule counts toward a dimension the scorecard weighs."""
    dims = list(dict.fromkeys(d.id for d in dimensions))
    for r in rules:
        if r.dimension not in dims:
            at.error(
                at.value(r, "dimension"),
                "S107",
                f"rule '{r.id}' counts toward '{r.dimension}', which scoring.dimensions does not weigh",
                hint=f"add a '{r.dimension}' dimension, or use one of: {', '.join(dims)}",
            )


def grade_bands(scoring_node: YMapping, grades: Sequence[m.Grade], lowest: bool, at: At) -> None:
    """S311: no two grade bands start at the same score; with `lowest`, one starts at 0 so
    every score gets a grade."""
    mins: dict[float, m.Grade] = {}
    for g in grades:
        if g.min in mins:
            line = getattr(at.value(mins[g.min], "min"), "line", 0)
            at.error(
                at.value(g, "min"),
                "S311",
                f"two grade bands start at {g.min:g} (the other at line {line})",
            )
        mins.setdefault(g.min, g)
    if grades and lowest and 0 not in mins:
        at.error(
            scoring_node.key_node("grades"),
            "S311",
            "no grade band has 'min: 0', so low scores get no grade",
            hint="give the lowest band 'min: 0'",
        )


# -- the whole scenario -------------------------------------------------------------------------


def budget(
    cal: m.Calendar,
    inbound: m.Inbound,
    events: Sequence[m.Event],
    stages: Sequence[m.Stage],
    at: At,
) -> None:
    """S320: refuse a scenario whose run could not be held: estimate its customers (initial,
    random and scheduled arrivals, multiplied by what referral events can add), the events
    its log would hold and the deal-nights of work, and name the product that is too large."""
    days = cal.days
    # customers, deal-nights, product, node
    parts: list[tuple[float, float, str, YNode | None]] = [
        (
            inbound.initial,
            inbound.initial * days,
            f"initial {inbound.initial:,} customers",
            at.key(inbound, "initial"),
        ),
        (
            inbound.per_day * max(0, days - 1),
            inbound.per_day * (days - 1) * days / 2,
            f"perDay {inbound.per_day:,g} × {days} days",
            at.key(inbound, "perDay"),
        ),
    ]
    sched = sum(a.count for a in inbound.schedule)
    parts.append(
        (
            sched,
            sum(a.count * max(0, days - a.day + 1) for a in inbound.schedule),
            f"{len(inbound.schedule):,} scheduled arrivals totalling {sched:,} leads",
            at.key(inbound, "schedule"),
        )
    )
    # Each night an unconditional referral event can bring one new lead per open deal:
    # growth ≤ Π(1 + p). Conditional ones are capped at run time (MAX_CUSTOMERS).
    log_growth = 0.0
    for d in range(1, days + 1):
        p = sum(
            (e.chance if e.chance > 0 else 1.0)
            if e.day == d
            else e.chance
            if e.day is None
            else 0.0
            for e in events
            if e.referral and e.when is None
        )
        log_growth += math.log1p(min(p, 1e6))
    chance_per_night = sum(e.chance for e in events if e.day is None)
    base = sum(p[0] for p in parts)
    growth = math.exp(min(log_growth, 700.0))
    customers = base * growth
    nights = sum(p[1] for p in parts) * growth
    # An open deal idle past its stage's rotDays writes a `rotting` event every night.
    rots = [st.rot_days for st in stages if st.rot_days is not None]
    rot_nights = max(0.0, nights - customers * min(rots)) if rots else 0.0
    events_est = (
        customers * EVENTS_PER_CUSTOMER
        + nights * chance_per_night
        + rot_nights * ROT_EVENTS_PER_DEAL_NIGHT
    )
    memory = customers * BYTES_PER_CUSTOMER + events_est * BYTES_PER_EVENT
    if memory <= BUDGET_BYTES and customers <= MAX_CUSTOMERS and nights <= MAX_CUSTOMER_DAYS:
        return
    node: YNode | None
    if growth >= 2:
        product = f"referral events multiplying the leads by up to {_big(growth)} over {days} days"
        referral = next((e for e in events if e.referral and e.when is None), None)
        node = at.key(referral, "referral") if referral is not None else None
    else:
        _, _, product, node = max(parts, key=lambda p: p[1] if nights > MAX_CUSTOMER_DAYS else p[0])
    if node is None:
        node = at.key(cal, "days")
    if memory > BUDGET_BYTES or customers > MAX_CUSTOMERS:
        what = (
            f"about {_big(customers)} customers and {_big(events_est)} events, "
            f"~{memory / 1024**3:,.1f} GiB of memory; a headless run must fit in "
            f"{BUDGET_BYTES // 1024**3} GiB"
        )
    else:
        what = f"about {_big(nights)} deal-nights of simulation; the limit is {MAX_CUSTOMER_DAYS:,}"
    at.error(
        node,
        "S320",
        f"this scenario is too large to run: {product} gives {what}",
        hint="lower the number of leads, the days, or the referral chance",
    )


def objects(x: Any) -> Iterator[Any]:
    """Every declared model object inside `x` (itself included), by its declared fields."""
    yield x
    for f in fields_of(type(x)):
        if f.holds == "objects":
            v = getattr(x, f.name)
            for y in v if isinstance(v, tuple) else () if v is None else (v,):
                yield from objects(y)


def names_read(scenario: m.Scenario) -> set[str]:
    """The names every expression and effect of the scenario reads."""
    out: set[str] = set()
    for obj in objects(scenario):
        for f in fields_of(type(obj)):
            if f.holds == "expr":
                e = getattr(obj, f.name)
                if e is not None:
                    out |= e.names
            elif f.holds == "effects":
                for eff in getattr(obj, f.name):
                    out |= eff.value.names
    return out


def warnings(scenario: m.Scenario, at: At) -> None:
    """S401: stages nothing leads to; S402: facts tested with known.<fact> that nothing reveals
    (only for a scenario without errors)."""
    outcomes = [o for o in objects(scenario) if isinstance(o, m.Outcome)]
    moved_to = {o.move_to for o in outcomes if o.move_to}
    moved_to |= {e.move_to for e in scenario.events if e.move_to}
    moved_to |= {*scenario.inbound.initial_stages, scenario.inbound.stage}
    for st in scenario.stages:
        if st.id not in moved_to and st.terminal != "lost":
            at.error(
                at.value(st, "id"),
                "S401",
                f"no action, event or inbound setting ever puts a deal in stage '{st.id}'",
                hint="add 'moveTo: " + st.id + "' to an action's outcome",
                severity="warning",
            )
    revealed = {r for o in outcomes for r in o.reveal}
    names = names_read(scenario)
    for f in scenario.facts:
        if f"known.{f.id}" in names and f.id not in revealed:
            at.error(
                at.value(f, "id"),
                "S402",
                f"'known.{f.id}' is used, but no action reveals fact '{f.id}'",
                hint=f"add '{f.id}' to an outcome's 'reveal' list",
                severity="warning",
            )


def _big(x: float) -> str:
    """A large estimate in words: 3,650,000 or 1.2e+109."""
    return f"{x:,.0f}" if x < 1e12 else f"{x:.1e}"


@cache
def faker_locales() -> frozenset[str]:
    """Locales Faker can generate people in, found on disk without importing Faker (its
    import costs ~130 ms). Empty when Faker cannot be found, so the check is skipped."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("faker")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(next(iter(spec.submodule_search_locations))) / "providers" / "person"
    try:
        return frozenset(
            p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_")
        )
    except OSError:
        return frozenset()
