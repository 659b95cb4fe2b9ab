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
from sim.scenario.declare import fields_of
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

    def make(self, cls: type[T], node: YMapping, **given: Any) -> T:
        """A model object from its mapping: `given` fields as passed, the plain declared fields
        (numbers, texts, enums, lists of texts) read by their key with their default, texts shown
        to the trainee checked for placeholders, and the span where it was written."""
        kw = dict(given)
        for f in fields_of(cls):  # type: ignore[arg-type]
            if f.name in kw:
                continue
            if f.meta["text"]:
                kw[f.name] = self.placeholders(node.get(f.key))
            elif f.plain is not None:
                v = self.val(node, f.key)
                kw[f.name] = f.plain(f.default if v is None else v)
        if "span" in cls.__dataclass_fields__ and "span" not in kw:  # type: ignore[attr-defined]
            kw["span"] = self.span(node)
        return cls(**kw)

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
            calendar = self.make(m.Calendar, cal)
            self.days = calendar.days
        metadata, meters, facts = self.metadata(), self.meters(), self.facts()
        stages, personas, actions = self.stages(), self.personas(), self.actions()
        events, inbound, dynamics = self.events(), self.inbound(), self.dynamics()
        forecast, scoring = self.forecast(), self.scoring()
        styles, objections = self.styles(), self.objections(actions)
        if (
            calendar is not None
            and stages is not None
            and events is not None
            and inbound is not None
        ):
            self.check_budget(calendar, inbound, events, stages)
        self.warnings()
        parts = (metadata, calendar, meters, facts, stages, personas, actions, events, inbound)
        if self.rep.has_errors or any(p is None for p in (*parts, dynamics, forecast, scoring)):
            return None
        if styles is None or objections is None:
            return None
        return m.Scenario(
            source=self.source,
            metadata=_built(metadata),
            calendar=_built(calendar),
            meters=_built(meters),
            facts=_built(facts),
            stages=_built(stages),
            personas=_built(personas),
            actions=_built(actions),
            events=_built(events),
            inbound=_built(inbound),
            dynamics=_built(dynamics),
            forecast=_built(forecast),
            scoring=_built(scoring),
            styles=styles,
            objections=objections,
        )

    def metadata(self) -> m.Metadata | None:
        n = self.section("metadata")
        if n is None:
            return None
        meta = self.make(m.Metadata, n)
        self.check_locale(n, meta.locale)
        return meta

    def meters(self) -> tuple[m.Meter, ...] | None:
        out, d = [], defaults("meter")
        for _, n in self.items("meters"):
            mid = self.val(n, "id")
            lo, hi = float(self.val(n, "min", d)), float(self.val(n, "max", d))
            given = self.val(n, "default")
            start = float(given) if given is not None else (lo + hi) / 2
            self.check_meter(n, mid, lo, hi, start)
            out.append(self.make(m.Meter, n, default=start))
        return tuple(out) if self.sound(("meters",)) else None

    def facts(self) -> tuple[m.Fact, ...] | None:
        out = [self.make(m.Fact, n) for _, n in self.items("facts")]
        return tuple(out) if self.sound(("facts",)) else None

    def stages(self) -> tuple[m.Stage, ...] | None:
        out = []
        seq = self.doc.root.get("stages")
        terminals = self.stage_terminals(seq)
        for path, n in self.items("stages"):
            sid, terminal, rot = self.val(n, "id"), self.val(n, "terminal"), self.val(n, "rotDays")
            exits = []
            for _, c in self.sub_items(n, path, "exit"):
                when = _built(self.expr(c.get("when"), "bool"))
                exits.append(self.make(m.Criterion, c, when=when))
            prob = int(self.val(n, "probability"))
            self.check_stage(n, sid, terminal, rot, exits, prob)
            out.append(
                self.make(
                    m.Stage,
                    n,
                    probability=prob,
                    rot_days=rot,
                    exit=tuple(exits),
                    terminal=terminal,
                    index=int(path[1]),
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
                self.make(
                    m.Persona,
                    n,
                    style=str(self.ref(n.get("style"), "styles") or d["style"]),
                    deal_value=(int(lo), int(hi)),
                    meters=tuple(meters),
                    facts=tuple(draws),
                    committee=self.committee(n.get("committee")),
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
            members.append(self.make(m.Member, x, meters=tuple(ranges)))
        if engaged is None:
            return None
        return self.make(
            m.Committee, node, meters=tuple(personal), engaged=engaged, members=tuple(members)
        )

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
                else m.Outcome(
                    effects=(), reveal=(), move_to=None, feedback="", span=self.span(n), texts=()
                )
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
                    self.make(
                        m.StageAdvice,
                        a,
                        stage=str(sid),
                        text=self.placeholders(a.get("text")),
                        when=when,
                    )
                )
            self.no_repeats(advice_stages, "advice for stage")
            variants = tuple(
                self.variant(v, vp, aid, stages, success, failure)
                for vp, v in self.sub_items(n, path, "variants")
            )
            out.append(
                self.make(
                    m.Action,
                    n,
                    stages=tuple(str(s) for s in stages),
                    requires=requires,
                    chance=_built(chance),
                    success=_built(success),
                    failure=_built(failure),
                    advice=tuple(advice),
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
        return self.make(
            m.Variant,
            n,
            stages=tuple(s.text for s in stage_nodes),
            styles=tuple(s.text for s in style_nodes),
            when=self.expr(n.get("when"), "bool"),
            chance=chance,
            success=win,
            failure=lose,
        )

    def styles(self) -> tuple[m.Style, ...] | None:
        if self.doc.root.get("styles") is None:
            return m.DEFAULT_STYLES
        out = tuple(self.make(m.Style, n) for _, n in self.items("styles"))
        return out if self.sound(("styles",)) else None

    def objections(self, actions: tuple[m.Action, ...] | None) -> tuple[m.Objection, ...] | None:
        out = []
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
                self.make(
                    m.Objection,
                    n,
                    when=_built(self.expr(n.get("when"), "bool")),
                    stages=tuple(str(s) for s in stages),
                    handled_by=tuple(h.text for h in handlers),
                    mishandled_by=tuple(h.text for h in wrong),
                    mishandled=self.effects(n, "mishandled"),
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
                text = self.placeholders(item.get("text"))
                texts.append(
                    self.make(m.Said, item, text=text, when=self.expr(item.get("when"), "bool"))
                )
            fallback = next((t.text for t in reversed(texts) if t.when is None), "")
        else:
            fallback = self.placeholders(fb)
        if base is not None:
            given = set(node.keys())
            return m.Outcome(
                effects=self.effects(node, "effects") if "effects" in given else base.effects,
                reveal=tuple(reveal) if "reveal" in given else base.reveal,
                move_to=move if "moveTo" in given else base.move_to,
                feedback=fallback if "feedback" in given else base.feedback,
                span=self.span(node),
                texts=tuple(texts) if "feedback" in given else base.texts,
            )
        return m.Outcome(
            effects=self.effects(node, "effects"),
            reveal=tuple(reveal),
            move_to=move,
            feedback=fallback,
            span=self.span(node),
            texts=tuple(texts),
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
                self.make(
                    m.Event,
                    n,
                    chance=chance,
                    day=day,
                    when=self.expr(n.get("when"), "bool"),
                    effects=self.effects(n, "effects"),
                    move_to=move,
                )
            )
        return tuple(out) if self.sound(("events",)) else None

    def inbound(self) -> m.Inbound | None:
        n = self.section("inbound")
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
            arrivals.append(self.make(m.Arrival, a, persona=persona))
        self.moved_to.update(str(s) for s in [*initial, stage])
        return self.make(
            m.Inbound,
            n,
            initial_stages=tuple(str(s) for s in initial),
            schedule=tuple(arrivals),
            stage=str(stage),
        )

    def dynamics(self) -> m.Dynamics | None:
        n = self.section("dynamics")
        if n is None:
            return None
        return self.make(
            m.Dynamics,
            n,
            overcontact_effects=self.effects(n, "overcontactEffects"),
            rot_effects=self.effects(n, "rotEffects"),
            lost_when=self.expr(n.get("lostWhen"), "bool"),
            lost_text=self.placeholders(n.get("lostText")),
            bad_fit=self.expr(n.get("badFit"), "bool"),
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
        return m.Forecast(checkpoints=tuple(days), span=self.span(node or self.doc.root))

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
            dimensions.append(self.make(m.Dimension, x))
        self.check_weights(n, dimensions)
        rules: list[m.Rule] = []
        seen_rules: dict[str, YScalar] = {}
        for _, x in self.sub_items(n, ("scoring",), "rules"):
            idn, dim = x.get("id"), x.get("dimension")
            assert isinstance(idn, YScalar) and isinstance(dim, YScalar)
            self.listed_once(idn, seen_rules, "rule")
            self.check_rule_dimension(idn, dim, dims)
            rules.append(self.make(m.Rule, x))
        grades: list[m.Grade] = []
        mins: dict[float, YScalar] = {}
        for _, x in self.sub_items(n, ("scoring",), "grades"):
            lo = x.get("min")
            assert isinstance(lo, YScalar)
            key = float(lo.value)  # type: ignore[arg-type]
            self.check_grade_min(lo, key, mins)
            grades.append(self.make(m.Grade, x, min=key))
        self.check_lowest_grade(n, grades, mins)
        grades.sort(key=lambda g: -g.min)
        return self.make(
            m.Scoring, n, dimensions=tuple(dimensions), rules=tuple(rules), grades=tuple(grades)
        )


def build(doc: Document, rep: Reporter, bad_paths: list[Path], source: str) -> m.Scenario | None:
    """Check the document and build the Scenario; None when any error was reported."""
    return Builder(doc, rep, bad_paths, source).build()
