"""Model building: a structurally valid YAML tree → a frozen `Scenario`.

Runs after the structure check. Reads each part of the document into its model object,
parsing expressions and effects on the way (type-checked by `sim.scenario.expr`), and runs
the consistency checks of `sim.scenario.checks` as it reaches each part, so diagnostics
come in document order. Every built object carries the `Span` where it was written.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from sim.scenario import checks
from sim.scenario import model as m
from sim.scenario.declare import Field, default_of, fields_of
from sim.scenario.diagnostics import Reporter
from sim.scenario.expr import COMMITTEE_NAMES, Effect, Expr, ExprError, parse_effect, parse_expr
from sim.scenario.hints import expr_hint
from sim.scenario.reading import Path, Reader
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence

T = TypeVar("T")

METER = {f.name: f for f in fields_of(m.Meter)}


def _built(part: T | None) -> T:
    """A part that is None only when an error has been reported — and then the whole
    Scenario is discarded, so the placeholder never reaches the engine."""
    return part  # type: ignore[return-value]


class Builder(Reader):
    """One pass over the document: reads every part into its model object and runs the checks
    of `sim.scenario.checks` on what it has built."""

    meters_built: list[m.Meter]
    """The meters read so far (sound items, even when another meter is broken)."""

    # -- reading fields ------------------------------------------------------------------------------
    def span(self, node: YNode) -> m.Span:
        return m.Span(self.source, node.line, node.col)

    def make(self, cls: type[T], node: YMapping, **given: Any) -> T:
        """A model object from its mapping: `given` fields as passed, the plain declared fields
        (numbers, texts, enums, lists of texts) read by their key with their default, texts shown
        to the trainee checked for placeholders, and the span where it was written."""
        kw = dict(given)
        for f in fields_of(cls):
            if f.name in kw:
                continue
            if f.meta["text"]:
                kw[f.name] = self.placeholders(node.get(f.key))
            elif f.plain is not None:
                kw[f.name] = self.plain(f, node)
        if "span" in cls.__dataclass_fields__ and "span" not in kw:  # type: ignore[attr-defined]
            kw["span"] = self.span(node)
        obj = cls(**kw)
        self.at.written(obj, node)
        return obj

    def plain(self, f: Field, node: YMapping) -> Any:
        """A plain field's value (its default when left out), as its declared type."""
        v = self.val(node, f.key)
        v = f.default if v is None else v
        return None if v is None or f.plain is None else f.plain(v)

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
            checks.budget(calendar, inbound, events, stages, self.at)
        parts = (metadata, calendar, meters, facts, stages, personas, actions, events, inbound)
        if self.rep.has_errors or any(p is None for p in (*parts, dynamics, forecast, scoring)):
            return None
        if styles is None or objections is None:
            return None
        scenario = m.Scenario(
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
        checks.warnings(scenario, self.at)
        return scenario

    def metadata(self) -> m.Metadata | None:
        n = self.section("metadata")
        if n is None:
            return None
        meta = self.make(m.Metadata, n)
        checks.locale(meta, self.at)
        return meta

    def meters(self) -> tuple[m.Meter, ...] | None:
        out = self.meters_built = []
        for _, n in self.items("meters"):
            lo, hi, start = (self.plain(METER[k], n) for k in ("min", "max", "default"))
            meter = self.make(m.Meter, n, default=(lo + hi) / 2 if start is None else start)
            checks.meter_bounds(meter, self.at)
            out.append(meter)
        return tuple(out) if self.sound(("meters",)) else None

    def facts(self) -> tuple[m.Fact, ...] | None:
        out = [self.make(m.Fact, n) for _, n in self.items("facts")]
        return tuple(out) if self.sound(("facts",)) else None

    def stages(self) -> tuple[m.Stage, ...] | None:
        out = []
        seq = self.doc.root.get("stages")
        terminals = self.stage_terminals(seq)
        for path, n in self.items("stages"):
            exits = []
            for _, c in self.sub_items(n, path, "exit"):
                when = _built(self.expr(c.get("when"), "bool"))
                exits.append(self.make(m.Criterion, c, when=when))
            stage = self.make(m.Stage, n, exit=tuple(exits), index=int(path[1]))
            checks.stage_kind(stage, self.at)
            out.append(stage)
        self.check_terminals(seq, terminals)
        return tuple(out) if self.sound(("stages",)) else None

    def personas(self) -> tuple[m.Persona, ...] | None:
        out = []
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
                meters.append((str(mid), rlo, rhi))
            draws = []
            ff = n.get("facts")
            for k, v in ff.items if isinstance(ff, YMapping) else []:
                fid = self.ref(k, "facts")
                draw = self.draw(str(fid), fact_types.get(str(fid)), v)
                if draw is not None:
                    draws.append(draw)
            persona = self.make(
                m.Persona,
                n,
                style=str(self.ref(n.get("style"), "styles") or default_of(m.Persona, "style")),
                deal_value=(int(lo), int(hi)),
                meters=tuple(meters),
                facts=tuple(draws),
                committee=self.committee(n.get("committee")),
            )
            checks.meter_ranges(persona, self.meters_built, self.at)
            out.append(persona)
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
                ranges.append((mid, rlo, rhi))
            member = self.make(m.Member, x, meters=tuple(ranges))
            checks.meter_ranges(member, self.meters_built, self.at)
            members.append(member)
        if engaged is None:
            return None
        return self.make(
            m.Committee, node, meters=tuple(personal), engaged=engaged, members=tuple(members)
        )

    def actions(self) -> tuple[m.Action, ...] | None:
        out = []
        for path, n in self.items("actions"):
            aid = self.val(n, "id")
            stage_nodes = self.texts(n, "stages")
            stages = [self.open_stage(s, f"action '{aid}' stage") for s in stage_nodes]
            self.no_repeats(stage_nodes, "stage")
            requires = self.expr(n.get("requires"), "bool")
            chance = self.expr(n.get("chance"), "number", default_of(m.Action, "chance"))
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
                if isinstance(s, YScalar) and a.get("when") is None:
                    advice_stages.append(s)  # conditional advice may repeat a stage
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
            action = self.make(
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
            checks.chance(action, self.at)
            checks.action_stages(action, self.ids.get("stages", []), self.at)
            out.append(action)
        checks.action_keys(out, self.at)
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
            self.ref(s, "stages")
        style_nodes = self.texts(n, "styles")
        for s in style_nodes:
            self.ref(s, "styles")
        self.no_repeats(stage_nodes, "stage")
        self.no_repeats(style_nodes, "style")
        chance = self.expr(n.get("chance"), "number")
        win = self.outcome(n.get("success"), (*path, "success"), success)
        lose = self.outcome(n.get("failure"), (*path, "failure"), failure)
        variant = self.make(
            m.Variant,
            n,
            stages=tuple(s.text for s in stage_nodes),
            styles=tuple(s.text for s in style_nodes),
            when=self.expr(n.get("when"), "bool"),
            chance=chance,
            success=win,
            failure=lose,
        )
        checks.chance(variant, self.at)
        return variant

    def styles(self) -> tuple[m.Style, ...] | None:
        if self.doc.root.get("styles") is None:
            return m.DEFAULT_STYLES
        out = tuple(self.make(m.Style, n) for _, n in self.items("styles"))
        return out if self.sound(("styles",)) else None

    def objections(self, actions: tuple[m.Action, ...] | None) -> tuple[m.Objection, ...] | None:
        out = []
        for _, n in self.items("objections"):
            stage_nodes = self.texts(n, "stages")
            stages = [self.open_stage(s, "an objection's stage") for s in stage_nodes]
            self.no_repeats(stage_nodes, "stage")
            handlers = self.texts(n, "handledBy")
            wrong = self.texts(n, "mishandledBy")
            objection = self.make(
                m.Objection,
                n,
                when=_built(self.expr(n.get("when"), "bool")),
                stages=tuple(str(s) for s in stages),
                handled_by=tuple(h.text for h in handlers),
                mishandled_by=tuple(h.text for h in wrong),
                mishandled=self.effects(n, "mishandled"),
            )
            if actions is not None:
                checks.objection_answers(objection, actions, self.at)
            out.append(objection)
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
        move = self.ref(node.get("moveTo"), "stages")
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
        out = []
        for _, n in self.items("events"):
            self.day(n.get("day"), "day")
            move = self.ref(n.get("moveTo"), "stages")
            out.append(
                self.make(
                    m.Event,
                    n,
                    when=self.expr(n.get("when"), "bool"),
                    effects=self.effects(n, "effects"),
                    move_to=move,
                )
            )
            checks.event_happens(out[-1], self.at)
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
        section = ("scoring",)
        dimensions = [
            self.make(m.Dimension, x) for _, x in self.sub_items(n, section, "dimensions")
        ]
        checks.listed_once(dimensions, "dimension", self.at)
        weighed = self.sound((*section, "dimensions"))
        if weighed:
            checks.weights(n, dimensions, self.at)
        rules = [self.make(m.Rule, x) for _, x in self.sub_items(n, section, "rules")]
        checks.listed_once(rules, "rule", self.at)
        if weighed:
            checks.rule_dimensions(rules, dimensions, self.at)
        grades = [self.make(m.Grade, x) for _, x in self.sub_items(n, section, "grades")]
        checks.grade_bands(n, grades, self.sound((*section, "grades")), self.at)
        grades.sort(key=lambda g: -g.min)
        return self.make(
            m.Scoring, n, dimensions=tuple(dimensions), rules=tuple(rules), grades=tuple(grades)
        )


def build(doc: Document, rep: Reporter, bad_paths: list[Path], source: str) -> m.Scenario | None:
    """Check the document and build the Scenario; None when any error was reported."""
    return Builder(doc, rep, bad_paths, source).build()
