"""Semantic checks and model building: a structurally valid YAML tree → a frozen `Scenario`.

Runs after the JSON Schema check. Checks what a schema cannot: unique ids, references
between sections (with "did you mean"), expressions (parsed and type-checked by
`sim.scenario.expr`), terminal stages, weights, ranges and days. Parts of the file that
failed the schema check are skipped, so one mistake is reported once. Every built object
carries the `Span` where it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal, TypeVar

from sim.scenario import model as m
from sim.scenario.diagnostics import Reporter, did_you_mean
from sim.scenario.expr import Effect, Expr, ExprError, Symbols, parse_effect, parse_expr
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
}

Path = tuple[str | int, ...]
T = TypeVar("T")


def _built(part: T | None) -> T:
    """A part that is None only when an error has been reported — and then the whole
    Scenario is discarded, so the placeholder never reaches the engine."""
    return part  # type: ignore[return-value]


class Builder:
    """One pass over the document: checks every part and builds its model object."""

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

    # -- helpers ---------------------------------------------------------------------------------
    def sound(self, path: Path) -> bool:
        """No schema error inside (or above) this path."""
        n = len(path)
        return not any(p[:n] == path or path[: len(p)] == p for p in self.bad)

    def span(self, node: YNode) -> m.Span:
        return m.Span(self.source, node.line, node.col)

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

    def texts(self, node: YMapping, key: str) -> list[YScalar]:
        seq = node.get(key)
        return (
            [x for x in seq.items if isinstance(x, YScalar)] if isinstance(seq, YSequence) else []
        )

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
                hint=""
                if did_you_mean(node.text, known)
                else f"declared {section}: {', '.join(known)}",
            )
        return node.text

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

    def expr(
        self, node: YNode | None, expect: Literal["bool", "number"], default: Any = None
    ) -> Expr | None:
        """Parse an expression field; numbers and booleans count as their source text."""
        if node is None:
            if default is None or self.symbols is None:
                return None
            return parse_expr(str(default).lower(), self.symbols, expect)
        if not isinstance(node, YScalar) or self.symbols is None:
            return None
        try:
            e = parse_expr(node.text, self.symbols, expect)
        except ExprError as err:
            self.expr_error(node, err)
            return None
        self.names_used |= e.names
        return e

    def effects(self, owner: YMapping, key: str) -> tuple[Effect, ...]:
        out = []
        for n in self.texts(owner, key):
            if self.symbols is None:
                continue
            try:
                eff = parse_effect(n.text, self.symbols)
            except ExprError as err:
                self.expr_error(n, err)
                continue
            self.names_used |= eff.value.names
            out.append(eff)
        return tuple(out)

    def expr_error(self, node: YScalar, err: ExprError) -> None:
        line, col = self.doc.scalar_linecol(node, err.offset)
        code = err.code if err.code in ("E201", "E202", "E203", "E204", "E205") else "E201"
        self.rep.add(code, err.message, line, col, err.length)

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

    # -- ids and symbols ---------------------------------------------------------------------------
    def collect_ids(self) -> None:
        for section in ("meters", "facts", "stages", "personas", "actions", "events"):
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
            )

    def section(self, key: str) -> YMapping | None:
        node = self.doc.root.get(key)
        return node if isinstance(node, YMapping) and self.sound((key,)) else None

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

    # -- sections ------------------------------------------------------------------------------------
    def build(self) -> m.Scenario | None:
        """Check everything, then return the Scenario (None if any error was reported)."""
        self.collect_ids()
        self.closed: dict[str, str] = {}
        self.moved_to: set[str] = set()
        self.revealed: set[str] = set()
        self.bounds: dict[str, tuple[float, float]] = {}
        cal = self.section("calendar")
        calendar = None
        if cal is not None:
            calendar = m.Calendar(
                int(self.val(cal, "days")),
                float(self.val(cal, "hoursPerDay", defaults("calendar"))),
            )
            self.days = calendar.days
        parts = (
            self.metadata(),
            calendar,
            self.meters(),
            self.facts(),
            self.stages(),
            self.personas(),
            self.actions(),
            self.events(),
            self.inbound(),
            self.dynamics(),
            self.forecast(),
            self.scoring(),
        )
        self.warnings()
        if self.rep.has_errors or any(p is None for p in parts):
            return None
        return m.Scenario(self.source, *parts)  # type: ignore[arg-type]

    def metadata(self) -> m.Metadata | None:
        n, d = self.section("metadata"), defaults("metadata")
        if n is None:
            return None
        locale = self.val(n, "locale", d)
        known = faker_locales()
        if known and locale not in known:
            self.error(
                n.get("locale") or n,
                "S014",
                f"Faker has no locale '{locale}'{did_you_mean(str(locale), sorted(known))}",
                hint="customer names, companies and cities are generated in this locale",
            )
        return m.Metadata(
            id=self.val(n, "id"),
            title=self.val(n, "title"),
            summary=self.val(n, "summary", d),
            objectives=tuple(self.val(n, "objectives", d)),
            difficulty=self.val(n, "difficulty", d),
            minutes=int(self.val(n, "minutes", d)),
            locale=self.val(n, "locale", d),
            currency=self.val(n, "currency", d),
            briefing=self.val(n, "briefing", d),
        )

    def meters(self) -> tuple[m.Meter, ...] | None:
        out, d = [], defaults("meter")
        for _, n in self.items("meters"):
            mid = self.val(n, "id")
            lo, hi = float(self.val(n, "min", d)), float(self.val(n, "max", d))
            if lo >= hi:
                self.error(
                    n.get("max") or n,
                    "S308",
                    f"meter '{mid}': max ({hi:g}) must be above min ({lo:g})",
                )
            given = self.val(n, "default")
            start = float(given) if given is not None else (lo + hi) / 2
            if lo < hi and not lo <= start <= hi:
                self.error(
                    n.get("default"),
                    "S308",
                    f"default {start:g} is outside meter '{mid}' bounds {lo:g}..{hi:g}",
                )
            self.bounds[mid] = (lo, hi)
            out.append(
                m.Meter(
                    mid,
                    self.val(n, "label"),
                    lo,
                    hi,
                    start,
                    float(self.val(n, "drift", d)),
                    self.span(n),
                )
            )
        return tuple(out) if self.sound(("meters",)) else None

    def facts(self) -> tuple[m.Fact, ...] | None:
        d = defaults("fact")
        out = [
            m.Fact(
                self.val(n, "id"),
                self.val(n, "label"),
                self.val(n, "type", d),
                self.val(n, "question", d),
                self.span(n),
            )
            for _, n in self.items("facts")
        ]
        return tuple(out) if self.sound(("facts",)) else None

    def stages(self) -> tuple[m.Stage, ...] | None:
        out, d = [], defaults("stage")
        seq = self.doc.root.get("stages")
        terminals: dict[str, list[YScalar]] = {"won": [], "lost": []}
        for item in seq.items if isinstance(seq, YSequence) else []:
            t = item.get("terminal") if isinstance(item, YMapping) else None
            if isinstance(t, YScalar) and t.text in terminals:
                terminals[t.text].append(t)
                sid = self.val(item, "id") if isinstance(item, YMapping) else None
                if isinstance(sid, str):
                    self.closed[sid] = t.text
        for path, n in self.items("stages"):
            sid, terminal, rot = self.val(n, "id"), self.val(n, "terminal"), self.val(n, "rotDays")
            exits = []
            for _, c in self.sub_items(n, path, "exit"):
                when = _built(self.expr(c.get("when"), "bool"))
                exits.append(m.Criterion(when, self.val(c, "text"), self.span(c)))
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
            prob = int(self.val(n, "probability"))
            want = {"won": 100, "lost": 0}.get(terminal or "")
            if want is not None and prob != want:
                self.error(
                    n.get("probability"),
                    "S303",
                    f"the {terminal} stage has probability {want}, not {prob}",
                )
            out.append(
                m.Stage(
                    id=sid,
                    label=self.val(n, "label"),
                    probability=prob,
                    forecast=self.val(n, "forecast"),
                    rot_days=rot,
                    exit=tuple(exits),
                    terminal=terminal,
                    description=self.val(n, "description", d),
                    index=int(path[1]),
                    span=self.span(n),
                )
            )
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
        return tuple(out) if self.sound(("stages",)) else None

    def personas(self) -> tuple[m.Persona, ...] | None:
        out, d = [], defaults("persona")
        fact_types = dict(self.symbols.facts) if self.symbols else {}
        for _, n in self.items("personas"):
            pid = self.val(n, "id")
            dv = n.get("dealValue")
            lo, hi = self.range(dv, f"persona '{pid}' dealValue")
            meters = []
            mm = n.get("meters")
            for k, v in mm.items if isinstance(mm, YMapping) else []:
                mid = self.ref(k, "meters")
                rlo, rhi = self.range(v, f"meter '{mid}' range")
                b = self.bounds.get(str(mid))
                if b and (rlo < b[0] or rhi > b[1]):
                    self.error(
                        v,
                        "S308",
                        f"range [{rlo:g}, {rhi:g}] is outside meter '{mid}' bounds {b[0]:g}..{b[1]:g}",
                    )
                meters.append((str(mid), rlo, rhi))
            draws = []
            ff = n.get("facts")
            for k, v in ff.items if isinstance(ff, YMapping) else []:
                fid = self.ref(k, "facts")
                draw = self.draw(str(fid), fact_types.get(str(fid)), v)
                if draw is not None:
                    draws.append(draw)
            out.append(
                m.Persona(
                    pid,
                    self.val(n, "label"),
                    float(self.val(n, "weight", d)),
                    self.val(n, "style", d),
                    int(lo),
                    int(hi),
                    tuple(meters),
                    tuple(draws),
                    self.val(n, "description", d),
                    self.span(n),
                )
            )
        return tuple(out) if self.sound(("personas",)) else None

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

    def actions(self) -> tuple[m.Action, ...] | None:
        out, d = [], defaults("action")
        keys: dict[str, tuple[str, YScalar]] = {}
        for path, n in self.items("actions"):
            aid = self.val(n, "id")
            key = n.get("key")
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
            stage_nodes = self.texts(n, "stages")
            stages = [self.open_stage(s, f"action '{aid}' stage") for s in stage_nodes]
            self.no_repeats(stage_nodes, "stage")
            requires = self.expr(n.get("requires"), "bool")
            chance = self.expr(n.get("chance"), "number", d["chance"])
            if chance is not None and not chance.names and n.get("chance") is not None:
                p = chance.eval({})
                if not 0 <= p <= 1:
                    self.error(
                        n.get("chance"),
                        "S013",
                        f"chance must be between 0 and 1, not {p:g}",
                        hint=f"a chance is a probability: {p / 100:g} means {p:g} %"
                        if 1 < p <= 100
                        else "",
                    )
            success = self.outcome(n.get("success"), (*path, "success"))
            failure = (
                self.outcome(n.get("failure"), (*path, "failure"))
                if n.get("failure") is not None
                else m.Outcome((), (), None, "", self.span(n))
            )
            advice = []
            advice_stages = []
            for _, a in self.sub_items(n, path, "advice"):
                s = a.get("stage")
                sid = self.ref(s, "stages")
                if isinstance(s, YScalar):
                    advice_stages.append(s)
                    if sid in self.ids.get("stages", []) and sid not in stages:
                        self.error(
                            s,
                            "S310",
                            f"advice for stage '{sid}', where action '{aid}' is not available",
                            hint=f"add '{sid}' to the action's stages, or remove this advice",
                        )
                advice.append(
                    m.StageAdvice(
                        str(sid),
                        self.val(a, "rating"),
                        self.val(a, "text", defaults("advice")),
                        self.span(a),
                    )
                )
            self.no_repeats(advice_stages, "advice for stage")
            out.append(
                m.Action(
                    id=aid,
                    label=self.val(n, "label"),
                    key=self.val(n, "key"),
                    hours=float(self.val(n, "hours")),
                    contact=bool(self.val(n, "contact", d)),
                    stages=tuple(str(s) for s in stages),
                    requires=requires,
                    requires_text=self.val(n, "requiresText", d),
                    chance=_built(chance),
                    delay_days=int(self.val(n, "delayDays", d)),
                    success=_built(success),
                    failure=_built(failure),
                    advice=tuple(advice),
                    tags=tuple(self.val(n, "tags", d)),
                    description=self.val(n, "description", d),
                    span=self.span(n),
                )
            )
        return tuple(out) if self.sound(("actions",)) else None

    def outcome(self, node: YNode | None, path: Path) -> m.Outcome | None:
        if not isinstance(node, YMapping) or not self.sound(path):
            return None
        reveal_nodes = self.texts(node, "reveal")
        reveal = [str(self.ref(x, "facts")) for x in reveal_nodes]
        self.no_repeats(reveal_nodes, "fact")
        self.revealed.update(reveal)
        move = self.ref(node.get("moveTo"), "stages")
        if move:
            self.moved_to.add(move)
        feedback = self.placeholders(node.get("feedback"))
        return m.Outcome(
            self.effects(node, "effects"), tuple(reveal), move, feedback, self.span(node)
        )

    def events(self) -> tuple[m.Event, ...] | None:
        out, d = [], defaults("event")
        for _, n in self.items("events"):
            eid, chance, day = (
                self.val(n, "id"),
                float(self.val(n, "chance", d)),
                self.val(n, "day"),
            )
            if chance == 0 and day is None:
                self.error(
                    n.get("id"),
                    "S313",
                    f"event '{eid}' never happens: it has no 'chance' above 0 and no 'day'",
                    hint="add e.g. 'chance: 0.05' (5 % per deal per day) or 'day: 3'",
                )
            self.day(n.get("day"), "day")
            move = self.ref(n.get("moveTo"), "stages")
            if move:
                self.moved_to.add(move)
            out.append(
                m.Event(
                    eid,
                    self.val(n, "label"),
                    chance,
                    day,
                    self.expr(n.get("when"), "bool"),
                    self.effects(n, "effects"),
                    move,
                    bool(self.val(n, "referral", d)),
                    self.placeholders(n.get("text")),
                    self.span(n),
                )
            )
        return tuple(out) if self.sound(("events",)) else None

    def inbound(self) -> m.Inbound | None:
        n, d = self.section("inbound"), defaults("inbound")
        if n is None:
            return None
        initial = [self.open_stage(s, "an initial stage") for s in self.texts(n, "initialStages")]
        stage_node = n.get("stage")
        first_open = next((s for s in self.ids.get("stages", []) if s not in self.closed), "")
        stage = (
            self.open_stage(stage_node, "the stage of new leads")
            if isinstance(stage_node, YScalar)
            else first_open
        )
        arrivals = []
        for _, a in self.sub_items(n, ("inbound",), "schedule"):
            self.day(a.get("day"), "arrival day")
            persona = self.ref(a.get("persona"), "personas")
            arrivals.append(
                m.Arrival(
                    int(self.val(a, "day")), int(self.val(a, "count", defaults("arrival"))), persona
                )
            )
        self.moved_to.update(str(s) for s in [*initial, stage])
        return m.Inbound(
            int(self.val(n, "initial", d)),
            tuple(str(s) for s in initial),
            float(self.val(n, "perDay", d)),
            tuple(arrivals),
            int(self.val(n, "answerWithinDays", d)),
            str(stage),
            self.span(n),
        )

    def dynamics(self) -> m.Dynamics | None:
        n, d = self.section("dynamics"), defaults("dynamics")
        if n is None:
            return None
        return m.Dynamics(
            contacts_per_day=int(self.val(n, "contactsPerDay", d)),
            overcontact_effects=self.effects(n, "overcontactEffects"),
            rot_effects=self.effects(n, "rotEffects"),
            lost_when=self.expr(n.get("lostWhen"), "bool"),
            lost_text=self.placeholders(n.get("lostText")),
            large_deal=int(self.val(n, "largeDeal")),
            bad_fit=self.expr(n.get("badFit"), "bool"),
            span=self.span(n),
        )

    def forecast(self) -> m.Forecast | None:
        node = self.doc.root.get("forecast")
        if node is not None and not (isinstance(node, YMapping) and self.sound(("forecast",))):
            return None
        points = self.texts(node, "checkpoints") if isinstance(node, YMapping) else []
        for p in points:
            self.day(p, "checkpoint day")
        self.no_repeats(points, "checkpoint day")
        days = sorted({p.value for p in points if isinstance(p.value, int)})
        return m.Forecast(tuple(days), self.span(node or self.doc.root))

    def scoring(self) -> m.Scoring | None:
        n = self.section("scoring")
        if n is None:
            return None
        dims: dict[str, YScalar] = {}
        dimensions = []
        for _, x in self.sub_items(n, ("scoring",), "dimensions"):
            idn = x.get("id")
            assert isinstance(idn, YScalar)
            if idn.text in dims:
                self.error(
                    idn,
                    "S101",
                    f"dimension '{idn.text}' is listed twice (first at line {dims[idn.text].line})",
                )
            dims.setdefault(idn.text, idn)
            dimensions.append(
                m.Dimension(
                    idn.text,
                    self.val(x, "label"),
                    float(self.val(x, "weight")),
                    self.val(x, "tip", defaults("dimension")),
                    self.span(x),
                )
            )
        total = sum(dd.weight for dd in dimensions)
        if dimensions and self.sound(("scoring", "dimensions")) and abs(total - 100) > 1e-6:
            parts = " + ".join(f"{dd.id} {dd.weight:g}" for dd in dimensions)
            self.error(
                n.key_node("dimensions"),
                "S304",
                f"dimension weights add up to {total:g}, not 100",
                hint=parts,
            )
        rules: list[m.Rule] = []
        seen_rules: dict[str, YScalar] = {}
        for _, x in self.sub_items(n, ("scoring",), "rules"):
            idn, dim = x.get("id"), x.get("dimension")
            assert isinstance(idn, YScalar) and isinstance(dim, YScalar)
            if idn.text in seen_rules:
                self.error(
                    idn,
                    "S101",
                    f"rule '{idn.text}' is listed twice (first at line {seen_rules[idn.text].line})",
                )
            seen_rules.setdefault(idn.text, idn)
            if self.sound(("scoring", "dimensions")) and dim.text not in dims:
                self.error(
                    dim,
                    "S107",
                    f"rule '{idn.text}' counts toward '{dim.text}', which scoring.dimensions does not weigh",
                    hint=f"add a '{dim.text}' dimension, or use one of: {', '.join(dims)}",
                )
            rules.append(
                m.Rule(
                    idn.text,
                    dim.text,
                    float(self.val(x, "points")),
                    self.val(x, "text", defaults("rule")),
                    self.span(x),
                )
            )
        grades: list[m.Grade] = []
        mins: dict[float, YScalar] = {}
        for _, x in self.sub_items(n, ("scoring",), "grades"):
            lo = x.get("min")
            assert isinstance(lo, YScalar)
            key = float(lo.value)  # type: ignore[arg-type]
            if key in mins:
                self.error(
                    lo,
                    "S311",
                    f"two grade bands start at {key:g} (the other at line {mins[key].line})",
                )
            mins.setdefault(key, lo)
            grades.append(
                m.Grade(key, str(self.val(x, "grade")), self.val(x, "text", defaults("grade")))
            )
        if grades and self.sound(("scoring", "grades")) and 0 not in mins:
            self.error(
                n.key_node("grades"),
                "S311",
                "no grade band has 'min: 0', so low scores get no grade",
                hint="give the lowest band 'min: 0'",
            )
        grades.sort(key=lambda g: -g.min)
        return m.Scoring(
            int(self.val(n, "quota")), tuple(dimensions), tuple(rules), tuple(grades), self.span(n)
        )

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


def build(doc: Document, rep: Reporter, bad_paths: list[Path], source: str) -> m.Scenario | None:
    """Check the document and build the Scenario; None when any error was reported."""
    return Builder(doc, rep, bad_paths, source).build()


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
