"""Model building: a structurally valid YAML tree → a frozen `Scenario`.

Runs after the structure check. Reads each part of the document into its model object,
parsing expressions and effects on the way (type-checked by `sim.scenario.expr`), and runs
the consistency checks of `sim.scenario.checks` as it reaches each part, so diagnostics
come in document order. Every built object carries the `Span` where it was written.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from sim.scenario import model as m
from sim.scenario.checks import Checker, Path
from sim.scenario.diagnostics import Reporter
from sim.scenario.expr import COMMITTEE_NAMES, Effect, Expr, ExprError, parse_effect, parse_expr
from sim.scenario.hints import expr_hint
from sim.scenario.schema import defaults
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence

T = TypeVar("T")


def _built(part: T | None) -> T:
    """A part that is None only when an error has been reported — and then the whole
    Scenario is discarded, so the placeholder never reaches the engine."""
    return part  # type: ignore[return-value]


class Builder(Checker):
    """One pass over the document: checks every part and builds its model object."""

    # -- reading fields ------------------------------------------------------------------------------
    def span(self, node: YNode) -> m.Span:
        return m.Span(self.source, node.line, node.col)

    def texts(self, node: YMapping, key: str) -> list[YScalar]:
        seq = node.get(key)
        return (
            [x for x in seq.items if isinstance(x, YScalar)] if isinstance(seq, YSequence) else []
        )

    def section(self, key: str) -> YMapping | None:
        node = self.doc.root.get(key)
        return node if isinstance(node, YMapping) and self.sound((key,)) else None

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
        code = err.code if err.code in ("E201", "E202", "E203", "E204", "E205", "E210") else "E201"
        self.rep.add(
            code, err.message, line, col, err.length, hint=expr_hint(node.text, err.message)
        )

    # -- sections ------------------------------------------------------------------------------------
    def build(self) -> m.Scenario | None:
        """Check everything, then return the Scenario (None if any error was reported)."""
        self.collect_ids()
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
        styles, objections = self.styles(), self.objections(parts[6])
        cal_, stages_, events_, inbound_ = parts[1], parts[4], parts[7], parts[8]
        if (
            cal_ is not None
            and stages_ is not None
            and events_ is not None
            and inbound_ is not None
        ):
            self.check_budget(cal_, inbound_, events_, stages_)
        self.warnings()
        if self.rep.has_errors or any(p is None for p in parts):
            return None
        if styles is None or objections is None:
            return None
        return m.Scenario(
            self.source,
            *parts,  # type: ignore[arg-type]
            styles=styles,
            objections=objections,
        )

    def metadata(self) -> m.Metadata | None:
        n, d = self.section("metadata"), defaults("metadata")
        if n is None:
            return None
        self.check_locale(n, self.val(n, "locale", d))
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
            lesson=self.val(n, "lesson", d),
        )

    def meters(self) -> tuple[m.Meter, ...] | None:
        out, d = [], defaults("meter")
        for _, n in self.items("meters"):
            mid = self.val(n, "id")
            lo, hi = float(self.val(n, "min", d)), float(self.val(n, "max", d))
            given = self.val(n, "default")
            start = float(given) if given is not None else (lo + hi) / 2
            self.check_meter(n, mid, lo, hi, start)
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
        terminals = self.stage_terminals(seq)
        for path, n in self.items("stages"):
            sid, terminal, rot = self.val(n, "id"), self.val(n, "terminal"), self.val(n, "rotDays")
            exits = []
            for _, c in self.sub_items(n, path, "exit"):
                when = _built(self.expr(c.get("when"), "bool"))
                exits.append(m.Criterion(when, self.val(c, "text"), self.span(c)))
            prob = int(self.val(n, "probability"))
            self.check_stage(n, sid, terminal, rot, exits, prob)
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
        self.check_terminals(seq, terminals)
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
                self.check_meter_range(v, mid, rlo, rhi)
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
                    str(self.ref(n.get("style"), "styles") or d["style"]),
                    int(lo),
                    int(hi),
                    tuple(meters),
                    tuple(draws),
                    self.val(n, "description", d),
                    self.span(n),
                    self.committee(n.get("committee")),
                )
            )
        return tuple(out) if self.sound(("personas",)) else None

    def committee(self, node: YNode | None) -> m.Committee | None:
        """A persona's buying committee (None when it has none or it is broken: then an error
        has been reported)."""
        if not isinstance(node, YMapping):
            return None
        personal = [str(self.ref(x, "meters")) for x in self.texts(node, "meters")]
        self.no_repeats(self.texts(node, "meters"), "meter")
        engaged = self.expr(node.get("engagedWhen"), "bool")
        if engaged is not None and engaged.names & set(COMMITTEE_NAMES):
            self.error(
                node.get("engagedWhen"),
                "S132",
                "whether a member is engaged cannot depend on who else is engaged",
                hint="read the member's own meters, e.g. 'trust >= 60'",
            )
            engaged = None
        members = []
        seq = node.get("members")
        for i, x in enumerate(seq.items if isinstance(seq, YSequence) else []):
            if not isinstance(x, YMapping):
                continue
            ranges = []
            mm = x.get("meters")
            for k, v in mm.items if isinstance(mm, YMapping) else []:
                mid = str(self.ref(k, "meters"))
                if i == 0:
                    self.error(
                        k,
                        "S132",
                        "the first member is the contact on the card: they start with the "
                        "deal's own meters",
                        hint="set their range in the persona's `meters`, or put another "
                        "member first",
                    )
                elif mid not in personal:
                    self.error(
                        k,
                        "S132",
                        f"'{mid}' is not one of the committee's personal meters "
                        f"({', '.join(personal)})",
                        hint=f"add '{mid}' to the committee's `meters`, or drop this range",
                    )
                rlo, rhi = self.range(v, f"meter '{mid}' range")
                self.check_meter_range(v, mid, rlo, rhi)
                ranges.append((mid, rlo, rhi))
            members.append(
                m.Member(self.val(x, "role"), self.val(x, "label"), tuple(ranges), self.span(x))
            )
        if engaged is None:
            return None
        return m.Committee(tuple(personal), engaged, tuple(members), self.span(node))

    def actions(self) -> tuple[m.Action, ...] | None:
        out, d = [], defaults("action")
        keys: dict[str, tuple[str, YScalar]] = {}
        for path, n in self.items("actions"):
            aid = self.val(n, "id")
            self.check_key(n.get("key"), aid, keys)
            stage_nodes = self.texts(n, "stages")
            stages = [self.open_stage(s, f"action '{aid}' stage") for s in stage_nodes]
            self.no_repeats(stage_nodes, "stage")
            requires = self.expr(n.get("requires"), "bool")
            chance = self.expr(n.get("chance"), "number", d["chance"])
            self.check_chance(n, chance)
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
                when = self.expr(a.get("when"), "bool")
                if isinstance(s, YScalar):
                    if a.get("when") is None:  # conditional advice may repeat a stage
                        advice_stages.append(s)
                    self.check_advice_stage(s, sid, aid, stages)
                advice.append(
                    m.StageAdvice(
                        str(sid),
                        self.val(a, "rating"),
                        self.placeholders(a.get("text")),
                        self.span(a),
                        when,
                    )
                )
            self.no_repeats(advice_stages, "advice for stage")
            variants = tuple(
                self.variant(v, vp, aid, stages, success, failure)
                for vp, v in self.sub_items(n, path, "variants")
            )
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
                    variants=variants,
                )
            )
        return tuple(out) if self.sound(("actions",)) else None

    def variant(
        self,
        n: YMapping,
        path: Path,
        aid: str,
        stages: list[str | None],
        success: m.Outcome | None,
        failure: m.Outcome | None,
    ) -> m.Variant:
        """One entry of an action's `variants`: outcomes merged over the action's own."""
        stage_nodes = self.texts(n, "stages")
        for s in stage_nodes:
            sid = self.ref(s, "stages")
            self.check_variant_stage(s, sid, aid, stages)
        style_nodes = self.texts(n, "styles")
        for s in style_nodes:
            self.ref(s, "styles")
        self.no_repeats(stage_nodes, "stage")
        self.no_repeats(style_nodes, "style")
        chance = self.expr(n.get("chance"), "number")
        if n.get("chance") is not None:
            self.check_chance(n, chance)
        win = self.outcome(n.get("success"), (*path, "success"), success)
        lose = self.outcome(n.get("failure"), (*path, "failure"), failure)
        return m.Variant(
            stages=tuple(s.text for s in stage_nodes),
            styles=tuple(s.text for s in style_nodes),
            when=self.expr(n.get("when"), "bool"),
            chance=chance,
            success=win,
            failure=lose,
            description=self.val(n, "description", defaults("variant")),
            span=self.span(n),
        )

    def styles(self) -> tuple[m.Style, ...] | None:
        if self.doc.root.get("styles") is None:
            return m.DEFAULT_STYLES
        d = defaults("style")
        out = tuple(
            m.Style(
                self.val(n, "id"), self.val(n, "label"), self.val(n, "description", d), self.span(n)
            )
            for _, n in self.items("styles")
        )
        return out if self.sound(("styles",)) else None

    def objections(self, actions: tuple[m.Action, ...] | None) -> tuple[m.Objection, ...] | None:
        out, d = [], defaults("objection")
        kinds = set()
        for a in actions or ():
            kinds.add(a.id)
            kinds.update(a.tags)
        for _, n in self.items("objections"):
            stage_nodes = self.texts(n, "stages")
            stages = [self.open_stage(s, "an objection's stage") for s in stage_nodes]
            self.no_repeats(stage_nodes, "stage")
            handlers = self.texts(n, "handledBy")
            wrong = self.texts(n, "mishandledBy")
            if actions is not None:
                for h in [*handlers, *wrong]:
                    self.check_action_kind(h, kinds)
            out.append(
                m.Objection(
                    id=self.val(n, "id"),
                    label=self.val(n, "label"),
                    when=_built(self.expr(n.get("when"), "bool")),
                    stages=tuple(str(s) for s in stages),
                    chance=float(self.val(n, "chance", d)),
                    handled_by=tuple(h.text for h in handlers),
                    mishandled_by=tuple(h.text for h in wrong),
                    mishandled=self.effects(n, "mishandled"),
                    blocks=self.val(n, "blocks", d),
                    close_cut=float(self.val(n, "closeCut", d)),
                    text=self.placeholders(n.get("text")),
                    handled_text=self.placeholders(n.get("handledText")),
                    span=self.span(n),
                )
            )
        return tuple(out) if self.sound(("objections",)) else None

    def outcome(
        self, node: YNode | None, path: Path, base: m.Outcome | None = None
    ) -> m.Outcome | None:
        """An outcome; with `base`, keys left out are taken from it (a variant's outcome).
        A variant without this outcome is `base` itself."""
        if base is not None and node is None:
            return base
        if not isinstance(node, YMapping) or not self.sound(path):
            return None
        reveal_nodes = self.texts(node, "reveal")
        reveal = ["style" if x.text == "style" else str(self.ref(x, "facts")) for x in reveal_nodes]
        self.no_repeats(reveal_nodes, "fact")
        self.revealed.update(reveal)
        move = self.ref(node.get("moveTo"), "stages")
        if move:
            self.moved_to.add(move)
        fb = node.get("feedback")
        texts: list[m.Said] = []
        if isinstance(fb, YSequence):
            for _, item in self.sub_items(node, path, "feedback"):
                texts.append(
                    m.Said(
                        self.placeholders(item.get("text")),
                        self.expr(item.get("when"), "bool"),
                        self.span(item),
                    )
                )
            fallback = next((t.text for t in reversed(texts) if t.when is None), "")
        else:
            fallback = self.placeholders(fb)
        if base is not None:
            given = set(node.keys())
            return m.Outcome(
                self.effects(node, "effects") if "effects" in given else base.effects,
                tuple(reveal) if "reveal" in given else base.reveal,
                move if "moveTo" in given else base.move_to,
                fallback if "feedback" in given else base.feedback,
                self.span(node),
                tuple(texts) if "feedback" in given else base.texts,
            )
        return m.Outcome(
            self.effects(node, "effects"),
            tuple(reveal),
            move,
            fallback,
            self.span(node),
            tuple(texts),
        )

    def events(self) -> tuple[m.Event, ...] | None:
        out, d = [], defaults("event")
        for _, n in self.items("events"):
            eid, chance, day = (
                self.val(n, "id"),
                float(self.val(n, "chance", d)),
                self.val(n, "day"),
            )
            self.check_event_happens(n, eid, chance, day)
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
            self.listed_once(idn, dims, "dimension")
            dimensions.append(
                m.Dimension(
                    idn.text,
                    self.val(x, "label"),
                    float(self.val(x, "weight")),
                    self.val(x, "tip", defaults("dimension")),
                    self.span(x),
                )
            )
        self.check_weights(n, dimensions)
        rules: list[m.Rule] = []
        seen_rules: dict[str, YScalar] = {}
        for _, x in self.sub_items(n, ("scoring",), "rules"):
            idn, dim = x.get("id"), x.get("dimension")
            assert isinstance(idn, YScalar) and isinstance(dim, YScalar)
            self.listed_once(idn, seen_rules, "rule")
            self.check_rule_dimension(idn, dim, dims)
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
            self.check_grade_min(lo, key, mins)
            grades.append(
                m.Grade(key, str(self.val(x, "grade")), self.val(x, "text", defaults("grade")))
            )
        self.check_lowest_grade(n, grades, mins)
        grades.sort(key=lambda g: -g.min)
        return m.Scoring(
            int(self.val(n, "quota")), tuple(dimensions), tuple(rules), tuple(grades), self.span(n)
        )


def build(doc: Document, rep: Reporter, bad_paths: list[Path], source: str) -> m.Scenario | None:
    """Check the document and build the Scenario; None when any error was reported."""
    return Builder(doc, rep, bad_paths, source).build()
