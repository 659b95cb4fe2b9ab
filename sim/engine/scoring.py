"""The balanced scorecard, computed from the event log and the scenario's rubric alone.

Each dimension scores 0-100: a base the dimension computes (revenue against quota,
average customer experience, forecast accuracy...) plus the points of the scenario's rules
that fired. Every point is an `Entry` naming the rule, the scenario line it comes from and
the log entry (day, customer, action) that triggered it. The total is the weighted mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sim.engine import events as E
from sim.engine.fmt import Formatter
from sim.engine.history import DealStory, fold
from sim.engine.phrases import Phrase
from sim.scenario.model import Scenario, Span

if TYPE_CHECKING:
    from sim.engine.game import Game


@dataclass(frozen=True, slots=True)
class Entry:
    """One explained contribution to a dimension's score."""

    dimension: str
    rule: str
    points: float
    text: str
    source: str
    """Where the rule is written: `file:line:col`."""
    seq: int | None = None
    """The log entry that triggered it (None for a computed base)."""
    day: int | None = None
    customer: int | None = None
    action: str | None = None
    better: str = ""
    """What would have been better (for negative entries)."""


@dataclass(frozen=True, slots=True)
class DimensionScore:
    id: str
    label: str
    weight: float
    score: float
    """0-100."""
    entries: tuple[Entry, ...]
    tip: str
    source: str

    @property
    def contribution(self) -> float:
        return round(self.weight * self.score / 100, 2)


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The whole debrief score: total, grade, dimensions, key moments, forecast figures."""

    total: float
    grade: str
    grade_text: str
    dimensions: tuple[DimensionScore, ...]
    best: tuple[Entry, ...]
    worst: tuple[Entry, ...]
    outcome: Mapping[str, Any]
    forecast: Mapping[str, float] = field(default_factory=dict)

    def dimension(self, dim_id: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.id == dim_id)

    def to_dict(self) -> dict[str, Any]:
        def entry(e: Entry) -> dict[str, Any]:
            return {k: getattr(e, k) for k in Entry.__slots__}

        return {
            "total": self.total,
            "grade": self.grade,
            "grade_text": self.grade_text,
            "outcome": dict(self.outcome),
            "forecast": dict(self.forecast),
            "dimensions": [
                {
                    "id": d.id,
                    "label": d.label,
                    "weight": d.weight,
                    "score": d.score,
                    "contribution": d.contribution,
                    "tip": d.tip,
                    "source": d.source,
                    "entries": [entry(e) for e in d.entries],
                }
                for d in self.dimensions
            ],
            "best": [entry(e) for e in self.best],
            "worst": [entry(e) for e in self.worst],
        }


def score_game(game: Game) -> Scorecard:
    """Score a finished (or unfinished) `Game`."""
    return score_log(game.scenario, game.log)


class _Scorer:
    def __init__(self, scenario: Scenario, log: list[E.Event]):
        self.sc = scenario
        self.log = log
        self.entries: dict[str, list[Entry]] = {
            d: [] for d in (x.id for x in scenario.scoring.dimensions)
        }
        self.last_day = scenario.calendar.days
        self.h = fold(scenario, log)
        """The deals' stories (sim/engine/history.py): what the dimensions are computed on."""
        self.deals = self.h.deals
        self.by_seq = {ev.seq: ev for ev in log}
        self.pending: dict[int, E.ActionTaken] = {}
        """Good delayed actions (a proposal read over days), judged when their answer comes."""
        self.credited: set[tuple[int, str]] = set()
        """(customer, stage) pairs that already earned decision credit."""
        self.engaged = self.h.engaged
        """Customers the trainee acted on."""
        self.last_action: dict[int, E.ActionTaken] = {}
        """Each customer's latest decision (the one a deal's close follows from)."""

    def span(self, span: Span) -> str:
        return f"{span.file}:{span.line}:{span.col}"

    def dim_source(self, dim: str) -> str:
        d = self.sc.scoring.dimension(dim)
        return self.span(d.span) if d else self.span(self.sc.scoring.span)

    def rule(
        self,
        rule_id: str,
        ev: E.Event | None,
        times: float = 1.0,
        detail: str = "",
        better: str = "",
        customer: int | None = None,
    ) -> None:
        """A scenario rule fired at log entry `ev` (None: at no entry; `customer` then
        names the deal)."""
        r = self.sc.scoring.rule(rule_id)
        if r is None or r.dimension not in self.entries:
            return
        text = Phrase("{text} {detail}", text=r.text, detail=detail) if detail else r.text
        self.entries[r.dimension].append(
            Entry(
                r.dimension,
                r.id,
                round(r.points * times, 4),
                text,
                self.span(r.span),
                ev.seq if ev else None,
                ev.day if ev else None,
                _customer(ev) if customer is None else customer,
                _about(ev),
                better,
            )
        )

    def note(
        self,
        dim: str,
        rule: str,
        ev: E.Event,
        text: str,
        points: float = 0.0,
        better: str = "",
    ) -> None:
        """An explained entry that is not one of the scenario's rules (often worth 0)."""
        if dim in self.entries:
            self.entries[dim].append(
                Entry(
                    dim,
                    rule,
                    round(points, 4),
                    text,
                    self.dim_source(dim),
                    ev.seq,
                    ev.day,
                    _customer(ev),
                    _about(ev),
                    better,
                )
            )

    def moved(self, ev: E.ActionTaken | E.ActionAnswered) -> bool:
        """Whether the action (or its delayed outcome) `ev` moved its deal forward or won it."""
        nxt = self.by_seq.get(ev.seq + 1)
        if (
            isinstance(nxt, E.StageChanged)
            and nxt.customer == ev.customer
            and nxt.cause == ev.action
        ):
            dst = self.sc.stage(nxt.to)
            return dst.terminal != "lost" and dst.index > self.sc.stage(nxt.from_).index
        return False

    def good_decision(
        self, ev: E.ActionTaken, label: str, stage_label: str, moved: bool = False
    ) -> None:
        """Credit a playbook-good choice only when it changed the deal -- revealed something
        unknown, moved a meter the stage's exit criteria read, or moved the deal -- and at most
        once per deal per stage. `moved`: its delayed answer moved the deal."""
        key = (ev.customer, ev.stage)
        if key in self.credited:
            return
        reads = {n for cr in self.sc.stage(ev.stage).exit for n in cr.when.names}
        moved_meter = any(k in reads and v > 0 for k, v in (ev.deltas or {}).items())
        if ev.revealed or moved_meter or moved or self.moved(ev):
            self.credited.add(key)
            self.rule(
                "good_action",
                ev,
                detail=Phrase("({action} at {stage})", action=label, stage=stage_label),
            )

    def base(self, dim: str, points: float, text: str, rule: str = "base") -> None:
        if dim in self.entries:
            self.entries[dim].append(Entry(dim, rule, round(points, 2), text, self.dim_source(dim)))

    # ------------------------------------------------------------------ walk the log
    def walk(self) -> None:
        sc = self.sc
        good_by_stage: dict[str, list[str]] = {}
        for a in sc.actions:
            for adv in a.advice:
                if adv.rating == "good":
                    good_by_stage.setdefault(adv.stage, []).append(a.label)
        for ev in self.log:
            match ev:
                case E.ActionTaken():
                    self.last_action[ev.customer] = ev
                    self.action(ev, good_by_stage)
                case E.ActionAnswered(customer=cust):
                    asked = self.pending.pop(cust, None)
                    if asked is not None and asked.action == ev.action:
                        merged = replace(asked, revealed=ev.revealed or (), deltas=ev.deltas or {})
                        self.good_decision(
                            merged,
                            sc.action(ev.action).label,
                            sc.stage(asked.stage).label,
                            moved=self.moved(ev),
                        )
                case E.StageChanged():
                    self.stage_changed(ev)
                case E.InboundSlow():
                    self.rule(
                        "inbound_slow",
                        ev,
                        better=Phrase(
                            "Answer a new inbound lead the day it arrives; "
                            "a quick call costs half an hour."
                        ),
                    )
                case E.Rotting():
                    self.rule(
                        "rotting",
                        ev,
                        detail=Phrase(
                            "({days} days idle at {stage})",
                            days=ev.idle,
                            stage=sc.stage(ev.stage).label,
                        ),
                        better=ROT_BETTER,
                    )
                case E.RottingSummary():  # further nights of spells logged once (per deal-night)
                    self.rule(
                        "rotting",
                        ev,
                        times=ev.deals,
                        detail=Phrase("({n} deal still idle past the limit)", n=ev.deals)
                        if ev.deals == 1
                        else Phrase("({n} deals still idle past the limit)", n=ev.deals),
                        better=ROT_BETTER,
                    )
                case E.Overcontact():
                    self.rule(
                        "overcontact",
                        ev,
                        detail=Phrase("({contacts} contacts in one day)", contacts=ev.contacts),
                        better=Phrase(
                            "Spread contact over days; more than a couple of touches a day annoys."
                        ),
                    )
                case E.ReminderMissed():
                    self.rule(
                        "reminder_missed",
                        ev,
                        detail=Phrase(
                            '("{step}")',
                            step=Phrase("Follow up") if ev.text == "Follow up" else ev.text,
                        ),
                        better=Phrase(
                            "Do the next step you promised on the day it is due, or move it."
                        ),
                    )
                case E.DealClosed():
                    self.deal_closed(ev)

    def action(self, ev: E.ActionTaken, good_by_stage: Mapping[str, list[str]]) -> None:
        sc = self.sc
        cust = ev.customer
        a = sc.action(ev.action)
        stage_label = sc.stage(ev.stage).label
        if ev.rating == "harmful":
            recs = [x for x in good_by_stage.get(ev.stage, []) if x != a.label]
            better = ev.advice
            if recs:
                better = Phrase(
                    "{advice} At {stage}, the playbook recommends: {actions}.",
                    advice=ev.advice,
                    stage=stage_label,
                    actions=", ".join(recs),
                )
            detail = Phrase("({action} at {stage})", action=a.label, stage=stage_label)
            self.rule("harmful_action", ev, detail=detail, better=better)
        elif ev.rating == "good":
            if ev.success is None:  # answered later: judged by its outcome
                self.pending[cust] = ev
            else:
                self.good_decision(ev, a.label, stage_label)
        if "discount" in a.tags and ev.day >= self.last_day:
            self.rule(
                "discount_late",
                ev,
                detail=Phrase("({action} on day {day})", action=a.label, day=ev.day),
                better=Phrase("Discounts belong in a negotiation, not in an end-of-period rush."),
            )

    def stage_changed(self, ev: E.StageChanged) -> None:
        sc = self.sc
        dst = sc.stage(ev.to)
        if ev.unmet:
            unmet = "; ".join(u.rstrip(".") for u in ev.unmet)
            self.rule(
                "gate_skipped",
                ev,
                times=1,
                detail=Phrase(
                    "({from_} → {to}; unmet: {unmet})",
                    from_=sc.stage(ev.from_).label,
                    to=dst.label,
                    unmet=unmet,
                ),
                better=Phrase("Meet the stage's exit criteria first: {unmet}.", unmet=unmet),
            )
        if ev.skipped:
            labels = ", ".join(sc.stage(s).label for s in ev.skipped)
            self.rule(
                "stage_skipped",
                ev,
                times=len(ev.skipped),
                detail=Phrase("(skipped {stages})", stages=labels),
                better=Phrase("Take the deal through {stages} before moving on.", stages=labels),
            )

    def deal_closed(self, ev: E.DealClosed) -> None:
        if ev.reason == "disqualified" and ev.bad_fit is not None:
            if ev.bad_fit and ev.evident is not False:
                self.rule("disqualified_bad_fit", ev)
            elif ev.bad_fit:
                self.note(
                    "hygiene",
                    "disqualified_hunch",
                    ev,
                    Phrase(
                        "Disqualified a bad fit on a hunch: nothing discovered had shown it yet, "
                        "so no credit."
                    ),
                    better=Phrase("Discover budget and fit first; disqualify on evidence."),
                )
            else:
                self.rule(
                    "disqualified_good_fit",
                    ev,
                    better=Phrase("Disqualify on evidence from discovery, not on a hunch."),
                )

    # ------------------------------------------------------------------ dimensions
    def results(self) -> None:
        quota = self.sc.scoring.quota or 1
        fm = Formatter.of(self.sc.metadata)
        won = [(c, d.closed) for c, d in self.deals.items() if d.closed and d.result == "won"]
        total = margin = given = 0.0
        for c, ev in won:
            pts = 100 * ev.value / quota
            off = max(0.0, self.deals[c].initial - ev.value)  # given away in discounts
            share = f"{100 * ev.value / quota:.0f}"
            text = Phrase(
                "Won a deal worth {amount} ({share}% of quota).",
                amount=fm.money(ev.value),
                share=share,
            )
            better = ""
            pushed = self.last_action.get(c)
            if pushed is not None and pushed.action == ev.cause and pushed.gate:
                # Won by pushing through an unmet gate: the odds taken count, the luck does not,
                # so pushing pays no more on average than its odds (and its costs are certain).
                pts *= pushed.chance
                off *= pushed.chance
                text = Phrase(
                    "Won a deal worth {amount}, pushed through an unmet gate at {odds} odds: "
                    "it counts {odds} of its {share}% of quota; the rest was luck.",
                    amount=fm.money(ev.value),
                    odds=f"{pushed.chance:.0%}",
                    share=share,
                )
                better = Phrase(
                    "Meet the gate first ({gate}), then ask.", gate="; ".join(pushed.gate)
                )
            self.entries.setdefault("results", []).append(
                Entry(
                    "results",
                    "won_deal",
                    round(pts, 2),
                    text,
                    self.dim_source("results"),
                    ev.seq,
                    ev.day,
                    c,
                    ev.cause,
                    better,
                )
            )
            total += round(pts, 2)
            margin += 100 * off / quota
            given += off
        if not won:
            self.base("results", 0, Phrase("No deal won; quota is {quota}.", quota=fm.money(quota)))
        self.margin_past_quota(total, margin, given, fm)

    def margin_past_quota(self, total: float, margin: float, given: float, fm: Formatter) -> None:
        """Results top out at 100 % of quota, which used to hide the margin given away in
        discounts once the quota was met: a discount cost nothing to a desk past quota. Here
        results are what the deals won were worth before discounts (at most the quota),
        less the margin given away -- below quota exactly the revenue, as before."""
        if margin <= 0 or total + margin <= 100:
            return  # below quota the discounted revenue already shows the margin
        charge = min(100.0, total) - (100.0 - margin)
        if total > 100:
            self.base(
                "results",
                100 - total,
                Phrase("Revenue past quota adds no points: results top out at 100% of quota."),
                rule="past_quota",
            )
        self.base(
            "results",
            -charge,
            Phrase(
                "Discounts gave away {amount} ({share}% of quota) on the deals won: past "
                "quota the margin still counts.",
                amount=fm.money(given),
                share=f"{margin:.0f}",
            ),
            rule="margin_given",
        )

    def experience(self, final: Final) -> None:
        try:
            m = self.sc.meter("experience")
        except KeyError:
            self.base("experience", 100, Phrase("The scenario has no experience meter."))
            return
        first = self.sc.open_stages[0].index
        # Customers who were owed attention: inbound leads, deals already in the pipeline, and
        # everyone the trainee acted on. A name on a list nobody called has no experience yet.
        owed = [
            c for c, d in self.deals.items() if d.inbound or d.start > first or c in self.engaged
        ]
        vals = [
            (final[c]["meters"].get("experience", m.default) - m.min) / ((m.max - m.min) or 1) * 100
            for c in owed
            if c in final
        ]
        if not vals:
            self.base(
                "experience", 0, Phrase("Nobody was served: no customer experience to speak of.")
            )
            return
        avg = sum(vals) / len(vals)
        self.base(
            "experience",
            avg,
            Phrase(
                "Average customer experience at the end: {avg}/100 across the {n} customers "
                "you owed attention (inbound, in the pipeline, or contacted), won or lost.",
                avg=f"{avg:.0f}",
                n=len(vals),
            ),
        )

    def forecast(self, final: Final) -> dict[str, float]:
        """Per deal and checkpoint: the trainee's probability against what happened (a
        value-weighted Brier score), as skill over the stage probabilities (Brier skill score)."""
        cps = self.sc.forecast.checkpoints
        fm = Formatter.of(self.sc.metadata)
        if not cps:
            self.base("forecast", 100, Phrase("This scenario asks for no forecast."))
            return {}
        commits = self.h.forecasts
        won_value = {
            c: d.closed.value for c, d in self.deals.items() if d.closed and d.result == "won"
        }
        per = 100 / len(cps)
        src = self.span(self.sc.forecast.span)
        accs, biases, briers, skills = [], [], [], []
        for cp in cps:
            ev = commits.get(cp)
            if ev is None:
                missed = self.h.missed_forecasts.get(cp)
                if missed is not None or self.h.over is not None:
                    self.entries.setdefault("forecast", []).append(
                        Entry(
                            "forecast",
                            "forecast_missed",
                            0.0,
                            Phrase(
                                "No forecast committed at the day-{day} checkpoint: 0 of {points}.",
                                day=cp,
                                points=f"{per:.0f}",
                            ),
                            src,
                            missed.seq if missed else None,
                            cp,
                            better=Phrase(
                                "Commit a forecast at every checkpoint; managers plan on it."
                            ),
                        )
                    )
                    accs.append(0.0)
                    skills.append(-1.0)
                continue
            stage_at = ev.stages or {}
            open_vals = dict(ev.open)
            if not open_vals:
                self.entries.setdefault("forecast", []).append(
                    Entry(
                        "forecast",
                        "forecast_skill",
                        round(per * SKILL_ZERO, 2),
                        Phrase(
                            "Day-{day}: no open deal to forecast, so no skill shown either way.",
                            day=cp,
                        ),
                        src,
                        ev.seq,
                        cp,
                    )
                )
                skills.append(0.0)
                continue
            committed = set(ev.deals)
            probs = dict(ev.probabilities or {})
            likely = [
                i
                for i in open_vals
                if stage_at.get(i)
                and self.sc.stage(stage_at[i]).forecast in ("best_case", "commit")
            ]
            if not committed and not probs and likely:
                # Nothing committed while deals stood at best-case or commit stages. Proper
                # scoring alone would reward it whenever the trainee then sells nothing (a
                # forecast of nothing comes true by itself): the clerk probe scores 100 on
                # forecast on management_software_zh without this rule.
                self.entries.setdefault("forecast", []).append(
                    Entry(
                        "forecast",
                        "forecast_empty",
                        0.0,
                        Phrase(
                            "Day-{day}: an empty forecast while {n} deal(s) stood at "
                            "best-case or commit stages: 0 of {points}.",
                            day=cp,
                            n=len(likely),
                            points=f"{per:.0f}",
                        ),
                        src,
                        ev.seq,
                        cp,
                        better=Phrase(
                            "Commit the deals you expect to close, or give each a "
                            "probability, even a low one."
                        ),
                    )
                )
                accs.append(0.0)
                skills.append(-1.0)
                continue
            ref = {i: self.stage_probability(stage_at.get(i), final, i) for i in open_vals}
            p = {
                i: probs.get(i, COMMIT_P if i in committed else omitted_p(ref[i]))
                for i in open_vals
            }
            won = {i: 1.0 if i in won_value else 0.0 for i in open_vals}
            mean_v = sum(open_vals.values()) / len(open_vals) or 1.0
            w = {i: max(v, 1.0) / mean_v for i, v in open_vals.items()}  # a big deal counts more
            err = sum(w[i] * (p[i] - won[i]) ** 2 for i in open_vals)
            ref_err = sum(w[i] * (ref[i] - won[i]) ** 2 for i in open_vals)
            brier, ref_brier = err / len(open_vals), ref_err / len(open_vals)
            # Brier skill over the stage probabilities, on summed errors; a reference that
            # erred by less than one whole deal counts as one, so that a lucky small pipeline
            # does not turn a small miss into a huge relative one.
            skill = max(-1.0, (ref_err - err) / max(ref_err, 1.0))
            actual = sum(won_value.get(i, 0.0) for i in open_vals)
            expected = sum(p[i] * open_vals[i] for i in open_vals)
            acc = (
                max(0.0, 1 - abs(expected - actual) / actual)
                if actual
                else (1.0 if expected < 1 else 0.0)
            )
            bias = (expected - actual) / actual if actual else (1.0 if expected >= 1 else 0.0)
            accs.append(acc)
            biases.append(bias)
            briers.append(brier)
            skills.append(skill)
            pts = per * max(0.0, min(1.0, SKILL_ZERO + SKILL_SLOPE * skill))
            self.entries.setdefault("forecast", []).append(
                Entry(
                    "forecast",
                    "forecast_skill",
                    round(pts, 2),
                    Phrase(
                        "Day-{day} forecast: expected {expected} vs won {actual} (bias {bias}); "
                        "Brier {brier} against {ref} for the stage probabilities: skill {skill}.",
                        day=cp,
                        expected=fm.money(expected),
                        actual=fm.money(actual),
                        bias=f"{bias:+.0%}",
                        brier=f"{brier:.2f}",
                        ref=f"{ref_brier:.2f}",
                        skill=f"{skill:+.0%}",
                    ),
                    src,
                    ev.seq,
                    cp,
                    better=""
                    if skill > 0
                    else Phrase(
                        "Give each open deal your honest chance: higher where the exit criteria "
                        "are met and budget and fit are known, low for deals you have not worked."
                    ),
                )
            )
            for i in sorted(open_vals, key=lambda i: (-abs(p[i] - won[i]) * open_vals[i], i)):
                miss = p[i] - won[i]
                if abs(miss) <= 0.5:  # a coin flip is neither happy ears nor a sandbag
                    continue
                way = (
                    Phrase("happy ears: it did not close")
                    if miss > 0
                    else Phrase("sandbagged: it closed won")
                )
                self.entries.setdefault("forecast", []).append(
                    Entry(
                        "forecast",
                        "misforecast",
                        0.0,
                        Phrase(
                            "Day-{day}: deal #{deal} ({amount}) forecast at {p} -- {way}.",
                            day=cp,
                            deal=i,
                            amount=fm.money(open_vals[i]),
                            p=f"{p[i]:.0%}",
                            way=way,
                        ),
                        src,
                        ev.seq,
                        cp,
                        i,
                    )
                )
        return {
            "accuracy": round(sum(accs) / len(accs), 4) if accs else 0.0,
            "bias": round(sum(biases) / len(biases), 4) if biases else 0.0,
            "brier": round(sum(briers) / len(briers), 4) if briers else 1.0,
            "skill": round(sum(skills) / len(skills), 4) if skills else 0.0,
        }

    def stage_probability(self, stage: str | None, final: Final, c: int) -> float:
        if stage is None:
            stage = final.get(c, {}).get("stage", self.sc.open_stages[0].id)
        return self.sc.stage(stage).probability / 100

    def hygiene(self, final: Final) -> None:
        bf_expr = self.sc.dynamics.bad_fit
        bad = [c for c, d in self.deals.items() if d.bad_fit]
        if bf_expr is None or not bad:
            self.base("hygiene", 100, Phrase("There were no bad fits to weed out."))
            return
        facts = {n for n in bf_expr.names if "." not in n}
        # Base: of the bad fits you worked on, the share whose misfit you brought to light.
        worked = [c for c in bad if c in self.engaged]
        if not self.engaged:
            self.base(
                "hygiene",
                0,
                Phrase(
                    "{bad} of {n} customers were bad fits; you looked at none of them.",
                    bad=len(bad),
                    n=len(self.deals),
                ),
            )
        elif not worked:
            self.base(
                "hygiene",
                HYGIENE_BASE,
                Phrase("None of the customers you worked on was a bad fit."),
            )
        else:
            seen = [
                c
                for c in worked
                if (closed := self.deals[c].closed) is not None
                and closed.evident
                or facts <= (set(final.get(c, {}).get("known", ())) | self.deals[c].known)
            ]
            self.base(
                "hygiene",
                HYGIENE_BASE * len(seen) / len(worked),
                Phrase(
                    "{seen} of the {n} bad fits you worked on were found out by discovery.",
                    seen=len(seen),
                    n=len(worked),
                ),
            )
        open_stages = self.sc.open_stages
        limit = open_stages[min(1, len(open_stages) - 1)].index
        for c in bad:
            deal = self.deals[c]
            closed = deal.closed
            if closed and closed.reason == "disqualified":
                continue
            known = set(final.get(c, {}).get("known", ())) | deal.known
            if deal.max_open > limit or (not closed and facts <= known):
                # A deal still open is pinned to no log entry (seq None).
                at = E.Event(seq=closed.seq, day=closed.day) if closed else None
                self.rule(
                    "bad_fit_kept",
                    at,
                    customer=c,
                    better=Phrase(
                        "Once discovery shows they are not a fit, disqualify them and free your "
                        "time."
                    ),
                )

    def process_base(self) -> None:
        """The starting credit is earned by a pipeline that moves: in proportion to the
        deals you worked that moved forward (or were rightly closed)."""
        if "process" not in self.entries:
            return
        # A bad fit let go on evidence counts neither way: triage does not lower the share
        # (it used to), and a desk that only disqualifies has no pipeline that moves.
        worked = [c for c in self.engaged if c in self.deals and not _let_go(self.deals[c])]
        moved = [
            c
            for c in worked
            if self.deals[c].max_open > self.deals[c].start or self.deals[c].result == "won"
        ]
        share = len(moved) / len(worked) if worked else 0.0
        self.entries["process"].insert(
            0,
            Entry(
                "process",
                "base",
                round(PROCESS_BASE * min(1.0, share / MOVED_SHARE), 2),
                Phrase(
                    "Starting credit for a pipeline that moves: {moved} of the {n} deals you "
                    "worked moved forward (bad fits let go on evidence count neither way). "
                    "Good decisions add to it, shortcuts cost.",
                    moved=len(moved),
                    n=len(worked),
                ),
                self.dim_source("process"),
            ),
        )


def _let_go(d: DealStory) -> bool:
    """Whether a deal was a bad fit disqualified on evidence (what triage asks for)."""
    closed = d.closed
    return (
        d.result == "disqualified"
        and closed is not None
        and bool(closed.bad_fit)
        and closed.evident is not False
    )


ROT_BETTER = Phrase("Touch every open deal before its rot limit; a next-step reminder helps.")

PROCESS_BASE = 50.0
MOVED_SHARE = 0.5
"""Share of worked deals that must move forward for the full process starting credit."""
FOLLOWUP_BASE = 100.0
HYGIENE_BASE = 50.0
COMMIT_P = 0.9
"""Probability a committed deal counts for when the trainee gave none."""
OMIT_P = 0.05
"""Probability a deal left out of the forecast counts for (at most: see `omitted_p`)."""


def omitted_p(stage_p: float) -> float:
    """What a deal left out of the forecast counts for: 5 %, or its stage's labelled
    probability when that is lower. Leaving a deal out says "no more than the board says":
    on a 1 % stage it must not count as a bolder 5 % than the reference it is scored
    against (docs/scoring.md)."""
    return min(OMIT_P, stage_p)


SKILL_ZERO = 0.6
"""Share of a checkpoint's points that a forecast as good as the stage probabilities earns."""
SKILL_SLOPE = 2.0
"""Each 1 % of Brier skill above (below) the stage probabilities adds (takes) this share."""


def score_log(scenario: Scenario, log: Iterable[E.Event]) -> Scorecard:
    """Score a game from its event log (a finished run, or a run so far)."""
    log = list(log)
    s = _Scorer(scenario, log)
    s.walk()
    over = s.h.over
    final: Final = over.final if over else {}
    s.results()
    s.process_base()
    if "followup" in s.entries:
        s.entries["followup"].insert(
            0,
            Entry(
                "followup",
                "base",
                FOLLOWUP_BASE,
                Phrase("Starting credit: slow answers, rotting deals and over-contact cost."),
                s.dim_source("followup"),
            ),
        )
    s.experience(final)
    fc = s.forecast(final)
    s.hygiene(final)
    dims = []
    for d in scenario.scoring.dimensions:
        es = tuple(s.entries.get(d.id, []))
        score = round(max(0.0, min(100.0, sum(e.points for e in es))), 2)
        dims.append(DimensionScore(d.id, d.label, d.weight, score, es, d.tip, s.dim_source(d.id)))
    total = round(sum(d.weight * d.score / 100 for d in dims), 2)
    capped = False
    ceiling = 0.0
    bands = sorted(scenario.scoring.grades, key=lambda g: -g.min)
    if over is not None and not over.won and len(bands) >= 3:
        # Selling nothing cannot grade above the second-lowest band (D), however tidy the desk.
        ceiling = round(bands[-3].min - 0.01, 2)
        if total > ceiling:
            total = ceiling
            capped = True
    grade = next((g for g in scenario.scoring.grades if total >= g.min), None)
    moments = [e for d in dims for e in d.entries if e.seq is not None]
    best = tuple(
        sorted(
            (e for e in moments if e.points > 0 and not e.better),
            key=lambda e: (-e.points * s_weight(scenario, e.dimension), e.seq or 0),
        )[:3]
    )
    worst = tuple(
        sorted(
            (e for e in moments if e.points < 0),
            key=lambda e: (e.points * s_weight(scenario, e.dimension), e.seq or 0),
        )[:3]
    )
    outcome = (
        {k: v for k, v in E.to_dict(over).items() if k not in ("seq", "day", "type", "final")}
        if over
        else {}
    )
    return Scorecard(
        total,
        grade.grade if grade else "",
        Phrase(
            "No deal won: a desk that sells nothing grades {grade} at best (capped at {ceiling}). "
            "{text}",
            grade=bands[-2].grade,
            ceiling=f"{ceiling:g}",
            text=grade.text if grade else "",
        )
        if capped
        else (grade.text if grade else ""),
        tuple(dims),
        best,
        worst,
        outcome,
        fc,
    )


Final = Mapping[int, Mapping[str, Any]]
"""The game_over event's final state of every deal, by customer."""


def _customer(ev: E.Event | None) -> int | None:
    return ev.customer if isinstance(ev, E.CustomerEvent) else None


def _about(ev: E.Event | None) -> str | None:
    """The action (or the cause of a move) an event is about."""
    match ev:
        case E.ActionTaken(action=a) | E.ActionAnswered(action=a):
            return a
        case E.StageChanged(cause=c) | E.DealClosed(cause=c):
            return c
    return None


def s_weight(scenario: Scenario, dim: str) -> float:
    d = scenario.scoring.dimension(dim)
    return d.weight if d else 0.0
