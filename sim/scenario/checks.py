"""Cross-field consistency checks: what the JSON Schema cannot say (codes S1xx, S3xx, S4xx).

Unique ids, references between sections (with "did you mean"), text placeholders, days
within the calendar, open and closed stages, ranges, fact draws, meter bounds, terminal
stages, shortcuts, weights, grades, and the warnings. `Checker` holds the document, the
reporter and what the checks learn on the way; `build.Builder` extends it and runs each
check as it reaches that part, so diagnostics come in document order. Parts of the file
that failed the schema check are skipped, so one mistake is reported once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from sim.scenario import model as m
from sim.scenario.diagnostics import Reporter, did_you_mean
from sim.scenario.expr import RESERVED, STYLES, Expr, Symbols
from sim.scenario.schema import defaults
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence

PLACEHOLDERS = ("contact", "first_name", "company", "title", "industry", "city")
"""Names a feedback / event text may use in braces, e.g. '{contact} signs.' (the engine's
`sim.engine.identity.render` fills exactly these)."""
_PLACEHOLDER = re.compile(r"\{(\s*)([A-Za-z_][A-Za-z0-9_.]*)(\s*)\}")

_KINDS = {
    "meters": ("meter", "S102"),
    "facts": ("fact", "S103"),
    "stages": ("stage", "S104"),
    "personas": ("persona", "S105"),
    "styles": ("style", "S108"),
}

Path = tuple[str | int, ...]

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


class Checker:
    """One check of a document: its state, the helpers that read it, and the checks."""

    def __init__(self, doc: Document, rep: Reporter, bad_paths: list[Path], source: str) -> None:
        self.doc = doc
        self.rep = rep
        self.bad = [p for p in bad_paths]
        self.source = source
        self.ids: dict[str, list[str]] = {}
        self.complete: dict[str, bool] = {}
        self.symbols: Symbols | None = None
        self.names_used: set[str] = set()
        self.days = 365
        self.closed: dict[str, str] = {}  # closed stage id → 'won' or 'lost'
        self.moved_to: set[str] = set()  # stages an action, event or inbound setting leads to
        self.revealed: set[str] = set()  # facts an outcome reveals
        self.bounds: dict[str, tuple[float, float]] = {}  # meter id → (min, max)

    # -- helpers ---------------------------------------------------------------------------------
    def sound(self, path: Path) -> bool:
        """No schema error inside (or above) this path."""
        n = len(path)
        return not any(p[:n] == path or path[: len(p)] == p for p in self.bad)

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

    @staticmethod
    def val(node: YMapping | None, key: str, dflt: dict[str, Any] | None = None) -> Any:
        """A plain value of a key, or the schema default."""
        v = node.get(key) if node is not None else None
        if v is None:
            return (dflt or {}).get(key)
        if isinstance(v, YScalar):
            return v.value
        if isinstance(v, YSequence):
            return [x.value if isinstance(x, YScalar) else x for x in v.items]
        return v

    def ref(self, node: YNode | None, section: str) -> str | None:
        """Check a reference to an id of `section`; returns the id."""
        if not isinstance(node, YScalar):
            return None
        kind, code = _KINDS[section]
        known = self.ids.get(section, [])
        if node.text not in known and self.complete.get(section, False):
            self.error(
                node,
                code,
                f"unknown {kind} '{node.text}'{did_you_mean(node.text, known)}",
                hint=self.other_kind(node.text, section)
                or (
                    ""
                    if did_you_mean(node.text, known)
                    else f"declared {section}: {', '.join(known)}"
                ),
            )
        return node.text

    def other_kind(self, name: str, section: str) -> str:
        """'trust is a meter; reveal takes facts' when the name is declared in another section."""
        for other, (kind, _) in _KINDS.items():
            if other != section and name in self.ids.get(other, []):
                wanted = _KINDS[section][0]
                fix = f"; change it with an effect such as '{name} += 5'" if kind == "meter" else ""
                return f"'{name}' is a {kind}, and a {wanted} is expected here{fix}"
        return ""

    def no_repeats(self, nodes: list[YScalar], what: str) -> None:
        seen: dict[str, YScalar] = {}
        for n in nodes:
            if n.text in seen:
                self.error(
                    n,
                    "S314",
                    f"{what} '{n.text}' is listed twice (first at line {seen[n.text].line})",
                )
            seen.setdefault(n.text, n)

    # -- ids and symbols ---------------------------------------------------------------------------
    def collect_ids(self) -> None:
        for section in (
            "meters",
            "facts",
            "stages",
            "personas",
            "actions",
            "events",
            "styles",
            "objections",
        ):
            seq = self.doc.root.get(section)
            ids: list[str] = []
            first: dict[str, YScalar] = {}
            # Ids are complete when every item has one (or an optional section is absent):
            # only then is "unknown id" a real mistake rather than a consequence of another.
            complete = isinstance(seq, YSequence) or (seq is None and self.sound((section,)))
            for item in seq.items if isinstance(seq, YSequence) else []:
                idn = item.get("id") if isinstance(item, YMapping) else None
                if not (isinstance(idn, YScalar) and isinstance(idn.value, str)):
                    complete = False
                    continue
                if idn.text in first:
                    kind = section[:-1]
                    self.error(
                        idn,
                        "S101",
                        f"duplicate {kind} id '{idn.text}' (first at line {first[idn.text].line})",
                        hint=f"give each {kind} its own id",
                    )
                    continue
                first[idn.text] = idn
                ids.append(idn.text)
                if section in ("meters", "facts") and idn.text in RESERVED:
                    self.reserved_name(idn, section[:-1])
            if section == "styles" and seq is None:
                ids = list(STYLES)  # the two built-in styles unless the scenario declares its own
            self.ids[section] = ids
            self.complete[section] = complete
        if (
            all(self.complete.get(s, False) for s in _KINDS)
            and self.sound(("facts",))
            and self.sound(("meters",))
        ):
            fact_types = {}
            for _, f in self.items("facts"):
                fact_types[str(self.val(f, "id"))] = str(self.val(f, "type", defaults("fact")))
            self.symbols = Symbols(
                meters=tuple(self.ids["meters"]),
                facts=fact_types,
                stages=tuple(self.ids["stages"]),
                personas=tuple(self.ids["personas"]),
                styles=tuple(self.ids["styles"]),
                committee=any(p.get("committee") is not None for _, p in self.items("personas")),
            )

    def reserved_name(self, idn: YScalar, kind: str) -> None:
        """A meter or fact may not take a name the expression language already uses: the
        expression would read the built-in (or crash on it) instead of the meter."""
        self.error(
            idn,
            "S120",
            f"{kind} id '{idn.text}' is a reserved name of the expression language "
            f"(reserved: {', '.join(RESERVED)})",
            hint=f"rename it, e.g. to '{idn.text}_{kind}', and use that name in expressions",
        )

    def sub_items(
        self, parent: YMapping | None, path: Path, key: str
    ) -> Iterator[tuple[Path, YMapping]]:
        seq = parent.get(key) if parent is not None else None
        if isinstance(seq, YSequence):
            for i, item in enumerate(seq.items):
                if isinstance(item, YMapping) and self.sound((*path, key, i)):
                    yield (*path, key, i), item

    def items(self, section: str) -> Iterator[tuple[Path, YMapping]]:
        """(path, mapping) of each sound item of a top-level list."""
        return self.sub_items(self.doc.root, (), section)

    def day(self, node: YNode | None, what: str) -> None:
        if isinstance(node, YScalar) and isinstance(node.value, int) and node.value > self.days:
            self.error(
                node,
                "S307",
                f"{what} {node.value} is after the last day of the run (calendar.days is {self.days})",
            )

    def open_stage(self, node: YScalar | None, what: str) -> str | None:
        sid = self.ref(node, "stages")
        if node is not None and sid in self.closed:
            self.error(
                node,
                "S309",
                f"{what} must be an open stage, not the closed stage '{sid}'",
                hint="open stages: "
                + ", ".join(s for s in self.ids.get("stages", []) if s not in self.closed),
            )
        return sid

    # -- texts, ranges and fact draws (each returns what it read) -----------------------------------
    def placeholders(self, node: YNode | None) -> str:
        """Check the `{name}` placeholders of a text; returns the text. Other braces are
        shown literally by the game, so only `{word}` with an unknown word is reported."""
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            return "" if node is None else str(getattr(node, "value", ""))
        text = node.value
        for found in _PLACEHOLDER.finditer(text):
            name = found.group(2)
            if name in PLACEHOLDERS and (found.group(1) or found.group(3)):
                message = f"write '{{{name}}}' without spaces, or the game shows it as it is"
            elif name not in PLACEHOLDERS:
                message = f"unknown placeholder '{{{name}}}'{did_you_mean(name, PLACEHOLDERS)}"
            else:
                continue
            line, col = self.doc.scalar_linecol(node, found.start())
            self.rep.add(
                "S106",
                message,
                line,
                col,
                found.end() - found.start(),
                hint="placeholders: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS),
            )
        return text

    def range(self, node: YNode | None, what: str) -> tuple[float, float]:
        vals = (
            [x.value for x in node.items if isinstance(x, YScalar)]
            if isinstance(node, YSequence)
            else []
        )
        if len(vals) != 2 or not all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in vals
        ):
            return (0.0, 0.0)
        lo, hi = float(vals[0]), float(vals[1])  # type: ignore[arg-type]
        if lo > hi:
            self.error(
                node,
                "S305",
                f"{what} [{lo:g}, {hi:g}] is reversed",
                hint=f"write [{hi:g}, {lo:g}]: [low, high]",
            )
        return lo, hi

    def draw(self, fid: str, ftype: str | None, v: YNode) -> m.FactDraw | None:
        value = v.value if isinstance(v, YScalar) else None
        if ftype == "bool":
            if isinstance(value, bool):
                return m.FactDraw(fid, 1.0 if value else 0.0, None, None)
            if isinstance(value, int | float) and 0 <= value <= 1:
                return m.FactDraw(fid, float(value), None, None)
            hint = (
                f"e.g. {value / 100:g} for {value:g} %"
                if isinstance(value, int | float) and 1 < value <= 100
                else "e.g. 0.75: true for three customers in four"
            )
            self.error(
                v,
                "S306",
                f"fact '{fid}' is yes/no: give the probability (0..1) that it is true",
                hint=hint,
            )
        elif ftype == "number":
            if isinstance(v, YSequence) and len(v.items) == 2:
                lo, hi = self.range(v, f"fact '{fid}' range")
                return m.FactDraw(fid, None, lo, hi)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return m.FactDraw(fid, None, float(value), float(value))
            self.error(
                v,
                "S306",
                f"fact '{fid}' is a number: give a range [low, high] or a fixed number",
                hint="e.g. [1, 3]",
            )
        return None

    # -- consistency checks, run by the builder as it reaches each part ------------------------------
    def check_locale(self, n: YMapping, locale: Any) -> None:
        """S014: Faker knows the locale (skipped when Faker cannot be found)."""
        known = faker_locales()
        if known and locale not in known:
            self.error(
                n.get("locale") or n,
                "S014",
                f"Faker has no locale '{locale}'{did_you_mean(str(locale), sorted(known))}",
                hint="customer names, companies and cities are generated in this locale",
            )

    def check_meter(self, n: YMapping, mid: str, lo: float, hi: float, start: float) -> None:
        """S308: max above min, the default between them; notes the bounds for the personas."""
        if lo >= hi:
            self.error(
                n.get("max") or n,
                "S308",
                f"meter '{mid}': max ({hi:g}) must be above min ({lo:g})",
            )
        if lo < hi and not lo <= start <= hi:
            self.error(
                n.get("default"),
                "S308",
                f"default {start:g} is outside meter '{mid}' bounds {lo:g}..{hi:g}",
            )
        self.bounds[mid] = (lo, hi)

    def stage_terminals(self, seq: YNode | None) -> dict[str, list[YScalar]]:
        """The `terminal` nodes of all stages (sound or not) by kind; notes the closed stages."""
        terminals: dict[str, list[YScalar]] = {"won": [], "lost": []}
        for item in seq.items if isinstance(seq, YSequence) else []:
            t = item.get("terminal") if isinstance(item, YMapping) else None
            if isinstance(t, YScalar) and t.text in terminals:
                terminals[t.text].append(t)
                sid = self.val(item, "id") if isinstance(item, YMapping) else None
                if isinstance(sid, str):
                    self.closed[sid] = t.text
        return terminals

    def check_stage(
        self,
        n: YMapping,
        sid: str,
        terminal: str | None,
        rot: int | None,
        exits: list[m.Criterion],
        prob: int,
    ) -> None:
        """S302: rotDays and exit criteria on open stages only; S303: won is 100 %, lost 0 %."""
        if terminal is None and rot is None:
            self.error(
                n.get("id"),
                "S302",
                f"open stage '{sid}' needs 'rotDays': idle days before a deal counts as rotting",
                hint="add e.g. 'rotDays: 3'",
            )
        if terminal is not None and rot is not None:
            self.error(
                n.key_node("rotDays"),
                "S302",
                f"closed stage '{sid}' takes no 'rotDays'",
                hint="remove it",
            )
        if terminal is not None and exits:
            self.error(
                n.key_node("exit"),
                "S302",
                f"closed stage '{sid}' takes no exit criteria",
                hint="remove them",
            )
        want = {"won": 100, "lost": 0}.get(terminal or "")
        if want is not None and prob != want:
            self.error(
                n.get("probability"),
                "S303",
                f"the {terminal} stage has probability {want}, not {prob}",
            )

    def check_terminals(self, seq: YNode | None, terminals: dict[str, list[YScalar]]) -> None:
        """S301: exactly one won and one lost stage."""
        stages_key = self.doc.root.key_node("stages")
        for kind, found in terminals.items():
            if not found and isinstance(seq, YSequence):
                self.error(
                    stages_key,
                    "S301",
                    f"no stage has 'terminal: {kind}'; a process needs exactly one {kind} stage",
                    hint=f"add e.g. '- {{id: {kind}, label: Closed {kind}, probability: {100 if kind == 'won' else 0}, "
                    f"forecast: {'closed' if kind == 'won' else 'omitted'}, terminal: {kind}}}'",
                )
            for extra in found[1:]:
                self.error(
                    extra,
                    "S301",
                    f"a second stage with 'terminal: {kind}' (the first is at line {found[0].line}); "
                    f"a process has exactly one {kind} stage",
                )

    def check_meter_range(self, v: YNode, mid: str | None, rlo: float, rhi: float) -> None:
        """S308: a persona's initial range of a meter lies within the meter's bounds."""
        b = self.bounds.get(str(mid))
        if b and (rlo < b[0] or rhi > b[1]):
            self.error(
                v,
                "S308",
                f"range [{rlo:g}, {rhi:g}] is outside meter '{mid}' bounds {b[0]:g}..{b[1]:g}",
            )

    def check_key(self, key: YNode | None, aid: str, keys: dict[str, tuple[str, YScalar]]) -> None:
        """S312: every action has its own shortcut (`keys`: the shortcuts taken so far)."""
        if isinstance(key, YScalar):
            if key.text in keys:
                other, first = keys[key.text]
                self.error(
                    key,
                    "S312",
                    f"key '{key.text}' is already the shortcut of action '{other}' (line {first.line})",
                    hint="free keys: "
                    + " ".join(sorted(set("abcdefghijklmnopqrstuvwxyz") - set(keys))),
                )
            keys.setdefault(key.text, (aid, key))

    def check_chance(self, n: YMapping, chance: Expr | None) -> None:
        """S013: a fixed chance is a probability, 0..1."""
        if chance is not None and not chance.names and n.get("chance") is not None:
            p = chance.evaluate({})
            if not 0 <= p <= 1:
                self.error(
                    n.get("chance"),
                    "S013",
                    f"chance must be between 0 and 1, not {p:g}",
                    hint=f"a chance is a probability: {p / 100:g} means {p:g} %"
                    if 1 < p <= 100
                    else "",
                )

    def check_advice_stage(
        self, s: YScalar, sid: str | None, aid: str, stages: list[str | None]
    ) -> None:
        """S310: advice only for a stage where the action is available."""
        if sid in self.ids.get("stages", []) and sid not in stages:
            self.error(
                s,
                "S310",
                f"advice for stage '{sid}', where action '{aid}' is not available",
                hint=f"add '{sid}' to the action's stages, or remove this advice",
            )

    def check_variant_stage(
        self, s: YScalar, sid: str | None, aid: str, stages: list[str | None]
    ) -> None:
        """S315: a variant only for a stage where the action is available."""
        if sid in self.ids.get("stages", []) and sid not in stages:
            self.error(
                s,
                "S315",
                f"variant for stage '{sid}', where action '{aid}' is not available",
                hint=f"add '{sid}' to the action's stages, or remove it from the variant",
            )

    def check_action_kind(self, node: YScalar, kinds: set[str]) -> None:
        """S109: an objection is answered by an action id or a tag some action has."""
        if node.text not in kinds:
            self.error(
                node,
                "S109",
                f"no action has the id or tag '{node.text}'{did_you_mean(node.text, sorted(kinds))}",
                hint="name an action id, or a tag listed in some action's `tags`",
            )

    def check_event_happens(self, n: YMapping, eid: str, chance: float, day: int | None) -> None:
        """S313: an event has a chance above 0 or a day."""
        if chance == 0 and day is None:
            self.error(
                n.get("id"),
                "S313",
                f"event '{eid}' never happens: it has no 'chance' above 0 and no 'day'",
                hint="add e.g. 'chance: 0.05' (5 % per deal per day) or 'day: 3'",
            )

    def listed_once(self, idn: YScalar, seen: dict[str, YScalar], what: str) -> None:
        """S101: a dimension or rule is listed once (`seen`: those listed so far, by id)."""
        if idn.text in seen:
            self.error(
                idn,
                "S101",
                f"{what} '{idn.text}' is listed twice (first at line {seen[idn.text].line})",
            )
        seen.setdefault(idn.text, idn)

    def check_weights(self, n: YMapping, dimensions: list[m.Dimension]) -> None:
        """S304: the dimension weights add up to 100."""
        total = sum(dd.weight for dd in dimensions)
        if dimensions and self.sound(("scoring", "dimensions")) and abs(total - 100) > 1e-6:
            parts = " + ".join(f"{dd.id} {dd.weight:g}" for dd in dimensions)
            self.error(
                n.key_node("dimensions"),
                "S304",
                f"dimension weights add up to {total:g}, not 100",
                hint=parts,
            )

    def check_rule_dimension(self, idn: YScalar, dim: YScalar, dims: dict[str, YScalar]) -> None:
        """S107: a rule counts toward a dimension the scorecard weighs."""
        if self.sound(("scoring", "dimensions")) and dim.text not in dims:
            self.error(
                dim,
                "S107",
                f"rule '{idn.text}' counts toward '{dim.text}', which scoring.dimensions does not weigh",
                hint=f"add a '{dim.text}' dimension, or use one of: {', '.join(dims)}",
            )

    def check_grade_min(self, lo: YScalar, key: float, mins: dict[float, YScalar]) -> None:
        """S311: no two grade bands start at the same score (`mins`: the bands so far)."""
        if key in mins:
            self.error(
                lo,
                "S311",
                f"two grade bands start at {key:g} (the other at line {mins[key].line})",
            )
        mins.setdefault(key, lo)

    def check_lowest_grade(
        self, n: YMapping, grades: list[m.Grade], mins: dict[float, YScalar]
    ) -> None:
        """S311: a grade band starts at 0, so every score gets a grade."""
        if grades and self.sound(("scoring", "grades")) and 0 not in mins:
            self.error(
                n.key_node("grades"),
                "S311",
                "no grade band has 'min: 0', so low scores get no grade",
                hint="give the lowest band 'min: 0'",
            )

    def check_budget(
        self,
        cal: m.Calendar,
        inbound: m.Inbound,
        events: tuple[m.Event, ...],
        stages: tuple[m.Stage, ...] = (),
    ) -> None:
        """Refuse a scenario whose run could not be held: estimate its customers (initial,
        random and scheduled arrivals, multiplied by what referral events can add), the events
        its log would hold and the deal-nights of work, and name the product that is too large."""
        import math

        days = cal.days
        parts: list[
            tuple[float, float, str, YNode | None]
        ] = []  # customers, deal-nights, product, node
        n = self.section_node("inbound")
        parts.append(
            (
                inbound.initial,
                inbound.initial * days,
                f"initial {inbound.initial:,} customers",
                n and n.key_node("initial"),
            )
        )
        parts.append(
            (
                inbound.per_day * max(0, days - 1),
                inbound.per_day * (days - 1) * days / 2,
                f"perDay {inbound.per_day:,g} × {days} days",
                n and n.key_node("perDay"),
            )
        )
        sched = sum(a.count for a in inbound.schedule)
        parts.append(
            (
                sched,
                sum(a.count * max(0, days - a.day + 1) for a in inbound.schedule),
                f"{len(inbound.schedule):,} scheduled arrivals totalling {sched:,} leads",
                n and n.key_node("schedule"),
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
        if growth >= 2:
            product = (
                f"referral events multiplying the leads by up to {_big(growth)} over {days} days"
            )
            node: YNode | None = None
            for _, e in self.items("events"):
                if self.val(e, "referral") and e.get("when") is None:
                    node = e.key_node("referral")
                    break
        else:
            _, _, product, node = max(
                parts, key=lambda p: p[1] if nights > MAX_CUSTOMER_DAYS else p[0]
            )
        if node is None:
            cal_node = self.section_node("calendar")
            node = cal_node.key_node("days") if cal_node is not None else None
        if memory > BUDGET_BYTES or customers > MAX_CUSTOMERS:
            what = (
                f"about {_big(customers)} customers and {_big(events_est)} events, "
                f"~{memory / 1024**3:,.1f} GiB of memory; a headless run must fit in "
                f"{BUDGET_BYTES // 1024**3} GiB"
            )
        else:
            what = (
                f"about {_big(nights)} deal-nights of simulation; "
                f"the limit is {MAX_CUSTOMER_DAYS:,}"
            )
        self.error(
            node,
            "S320",
            f"this scenario is too large to run: {product} gives {what}",
            hint="lower the number of leads, the days, or the referral chance",
        )

    def section_node(self, key: str) -> YMapping | None:
        node = self.doc.root.get(key)
        return node if isinstance(node, YMapping) else None

    def warnings(self) -> None:
        """Stages nothing leads to; facts tested with known.<fact> that nothing reveals."""
        if self.rep.has_errors:
            return
        for _, n in self.items("stages"):
            sid = self.val(n, "id")
            if sid not in self.moved_to and self.closed.get(sid) != "lost":
                self.error(
                    n.get("id"),
                    "S401",
                    f"no action, event or inbound setting ever puts a deal in stage '{sid}'",
                    hint="add 'moveTo: " + sid + "' to an action's outcome",
                    severity="warning",
                )
        for _, n in self.items("facts"):
            fid = self.val(n, "id")
            if f"known.{fid}" in self.names_used and fid not in self.revealed:
                self.error(
                    n.get("id"),
                    "S402",
                    f"'known.{fid}' is used, but no action reveals fact '{fid}'",
                    hint=f"add '{fid}' to an outcome's 'reveal' list",
                    severity="warning",
                )


def _big(x: float) -> str:
    """A large estimate in words: 3,650,000 or 1.2e+109."""
    return f"{x:,.0f}" if x < 1e12 else f"{x:.1e}"


def faker_locales() -> set[str]:
    """Locales Faker can generate people in, found on disk without importing Faker (its
    import costs ~130 ms). Empty when Faker cannot be found, so the check is skipped."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("faker")
    if spec is None or not spec.submodule_search_locations:
        return set()
    folder = Path(next(iter(spec.submodule_search_locations))) / "providers" / "person"
    try:
        return {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("_")}
    except OSError:
        return set()
