"""The balanced scorecard, computed from the event log and the scenario's rubric alone.

Each dimension scores 0-100: a base the dimension computes (revenue against quota,
average customer experience, forecast accuracy...) plus the points of the scenario's rules
that fired. Every point is an `Entry` naming the rule, the scenario line it comes from and
the log entry (day, customer, action) that triggered it. The total is the weighted mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.scenario.model import Scenario, Span


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
                {"id": d.id, "label": d.label, "weight": d.weight, "score": d.score,
                 "contribution": d.contribution, "tip": d.tip, "source": d.source,
                 "entries": [entry(e) for e in d.entries]}
                for d in self.dimensions
            ],
            "best": [entry(e) for e in self.best],
            "worst": [entry(e) for e in self.worst],
        }


def score_game(game: Any) -> Scorecard:
    """Score a finished (or unfinished) `Game`."""
    return score_log(game.scenario, game.log)


class _Scorer:
    def __init__(self, scenario: Scenario, log: list[dict[str, Any]]):
        self.sc = scenario
        self.log = log
        self.entries: dict[str, list[Entry]] = {d: [] for d in (x.id for x in scenario.scoring.dimensions)}
        self.last_day = scenario.calendar.days
        self.customers: dict[int, dict[str, Any]] = {}

    def span(self, span: Span) -> str:
        return f"{span.file}:{span.line}:{span.col}"

    def dim_source(self, dim: str) -> str:
        d = self.sc.scoring.dimension(dim)
        return self.span(d.span) if d else self.span(self.sc.scoring.span)

    def rule(self, rule_id: str, ev: Mapping[str, Any], times: float = 1.0, detail: str = "",
             better: str = "") -> None:
        r = self.sc.scoring.rule(rule_id)
        if r is None or r.dimension not in self.entries:
            return
        text = r.text + (f" {detail}" if detail else "")
        self.entries[r.dimension].append(Entry(
            r.dimension, r.id, round(r.points * times, 4), text, self.span(r.span),
            ev.get("seq"), ev.get("day"), ev.get("customer"), ev.get("action") or ev.get("cause"), better))

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
            t = ev["type"]
            cust: int = ev.get("customer", -1)
            if t == "lead_arrived":
                self.customers[cust] = {"bad_fit": ev.get("bad_fit"), "value": ev["value"],
                                        "max_stage": sc.stage(ev["stage"]).index, "known": set()}
            elif t == "action":
                a = sc.action(ev["action"])
                info = self.customers.get(cust, {})
                if ev.get("revealed"):
                    info.setdefault("known", set()).update(ev["revealed"])
                stage_label = sc.stage(ev["stage"]).label
                if ev["rating"] == "harmful":
                    recs = [x for x in good_by_stage.get(ev["stage"], []) if x != a.label]
                    better = ev.get("advice", "")
                    if recs:
                        better += f" At {stage_label}, the playbook recommends: {', '.join(recs)}."
                    self.rule("harmful_action", ev, detail=f"({a.label} at {stage_label})", better=better)
                elif ev["rating"] == "good":
                    self.rule("good_action", ev, detail=f"({a.label} at {stage_label})")
                if "discount" in a.tags and ev["day"] >= self.last_day:
                    self.rule("discount_late", ev, detail=f"({a.label} on day {ev['day']})",
                              better="Discounts belong in a negotiation, not in an end-of-period rush.")
            elif t == "outcome":
                if ev.get("revealed"):
                    self.customers.get(cust, {}).setdefault("known", set()).update(ev["revealed"])
            elif t == "stage_changed":
                dst = sc.stage(ev["to"])
                if cust in self.customers and dst.is_open:
                    moved = self.customers[cust]
                    moved["max_stage"] = max(moved["max_stage"], dst.index)
                if ev["unmet"]:
                    unmet = "; ".join(u.rstrip(".") for u in ev["unmet"])
                    self.rule("gate_skipped", ev, times=1,
                              detail=f"({sc.stage(ev['from']).label} → {dst.label}; unmet: {unmet})",
                              better=f"Meet the stage's exit criteria first: {unmet}.")
                if ev["skipped"]:
                    labels = ", ".join(sc.stage(s).label for s in ev["skipped"])
                    self.rule("stage_skipped", ev, times=len(ev["skipped"]), detail=f"(skipped {labels})",
                              better=f"Take the deal through {labels} before moving on.")
            elif t == "inbound_slow":
                self.rule("inbound_slow", ev, better="Answer a new inbound lead the day it arrives; a quick call costs half an hour.")
            elif t == "rotting":
                self.rule("rotting", ev, detail=f"({ev['idle']} days idle at {sc.stage(ev['stage']).label})",
                          better="Touch every open deal before its rot limit; a next-step reminder helps.")
            elif t == "overcontact":
                self.rule("overcontact", ev, detail=f"({ev['contacts']} contacts in one day)",
                          better="Spread contact over days; more than a couple of touches a day annoys.")
            elif t == "reminder_missed":
                self.rule("reminder_missed", ev, detail=f"(\"{ev['text']}\")",
                          better="Do the next step you promised on the day it is due, or move it.")
            elif t == "deal_closed":
                info = self.customers.setdefault(cust, {})
                info["closed"] = ev
                if ev["reason"] == "disqualified" and ev.get("bad_fit") is not None:
                    if ev["bad_fit"]:
                        self.rule("disqualified_bad_fit", ev)
                    else:
                        self.rule("disqualified_good_fit", ev,
                                  better="Disqualify on evidence from discovery, not on a hunch.")

    # ------------------------------------------------------------------ dimensions
    def results(self) -> None:
        quota = self.sc.scoring.quota or 1
        won = [(c, i["closed"]) for c, i in self.customers.items()
               if i.get("closed") and i["closed"]["result"] == "won"]
        for c, ev in won:
            pts = 100 * ev["value"] / quota
            self.entries.setdefault("results", []).append(Entry(
                "results", "won_deal", round(pts, 2),
                f"Won a deal worth {ev['value']:,.0f} ({100 * ev['value'] / quota:.0f}% of quota).",
                self.dim_source("results"), ev["seq"], ev["day"], c, ev.get("cause")))
        if not won:
            self.base("results", 0, f"No deal won; quota is {quota:,.0f}.")

    def experience(self, final: Mapping[str, Any]) -> None:
        try:
            m = self.sc.meter("experience")
        except KeyError:
            self.base("experience", 100, "The scenario has no experience meter.")
            return
        vals = [(c["meters"].get("experience", m.default) - m.min) / ((m.max - m.min) or 1) * 100
                for c in final.values()]
        if not vals:
            self.base("experience", 0, "No customers.")
            return
        avg = sum(vals) / len(vals)
        self.base("experience", avg, f"Average customer experience at the end: {avg:.0f}/100 across {len(vals)} customers, won or lost.")

    def forecast(self, final: Mapping[str, Any]) -> dict[str, float]:
        cps = self.sc.forecast.checkpoints
        if not cps:
            self.base("forecast", 100, "This scenario asks for no forecast.")
            return {}
        commits = {ev["checkpoint"]: ev for ev in self.log if ev["type"] == "forecast"}
        won_value = {c: i["closed"]["value"] for c, i in self.customers.items()
                     if i.get("closed") and i["closed"]["result"] == "won"}
        per = 100 / len(cps)
        accs, biases, briers = [], [], []
        for cp in cps:
            ev = commits.get(cp)
            if ev is None:
                missed = next((e for e in self.log if e["type"] == "forecast_missed" and e["checkpoint"] == cp), None)
                if missed is not None or any(e["type"] == "game_over" for e in self.log):
                    self.entries.setdefault("forecast", []).append(Entry(
                        "forecast", "forecast_missed", 0.0, f"No forecast committed at the day-{cp} checkpoint: 0 of {per:.0f}.",
                        self.span(self.sc.forecast.span), missed["seq"] if missed else None, cp,
                        better="Commit a forecast at every checkpoint; managers plan on it."))
                    accs.append(0.0)
                continue
            open_ids = [int(k) for k in ev["open"]]
            committed = set(ev["deals"])
            actual = sum(won_value.get(i, 0.0) for i in open_ids)
            f = ev["amount"]
            acc = 1.0 if actual == 0 and f == 0 else max(0.0, 1 - abs(f - actual) / actual) if actual else 0.0
            bias = (f - actual) / actual if actual else (1.0 if f else 0.0)
            probs = {int(k): v for k, v in ev.get("probabilities", {}).items()}
            brier = sum((probs.get(i, 1.0 if i in committed else 0.0) - (1.0 if i in won_value else 0.0)) ** 2
                        for i in open_ids) / (len(open_ids) or 1)
            accs.append(acc)
            biases.append(bias)
            briers.append(brier)
            pts = per * (0.6 * acc + 0.4 * (1 - brier))
            self.entries.setdefault("forecast", []).append(Entry(
                "forecast", "forecast_accuracy", round(pts, 2),
                f"Day-{cp} forecast {f:,.0f} vs actual {actual:,.0f}: accuracy {acc:.0%}, bias {bias:+.0%}, Brier {brier:.2f}.",
                self.span(self.sc.forecast.span), ev["seq"], cp,
                better="" if acc > 0.8 else "Commit only deals at a commit-category stage with a confirmed budget."))
        return {
            "accuracy": round(sum(accs) / len(accs), 4) if accs else 0.0,
            "bias": round(sum(biases) / len(biases), 4) if biases else 0.0,
            "brier": round(sum(briers) / len(briers), 4) if briers else 1.0,
        }

    def hygiene(self, final: Mapping[str, Any]) -> None:
        bf_expr = self.sc.dynamics.bad_fit
        bad = [c for c, i in self.customers.items() if i.get("bad_fit")]
        if bf_expr is None or not bad:
            self.base("hygiene", 100, "There were no bad fits to weed out.")
            return
        self.base("hygiene", 50, f"{len(bad)} of {len(self.customers)} customers were bad fits.")
        facts = {n for n in bf_expr.names if "." not in n}
        open_stages = self.sc.open_stages
        limit = open_stages[min(1, len(open_stages) - 1)].index
        for c in bad:
            info = self.customers[c]
            closed = info.get("closed")
            if closed and closed["reason"] == "disqualified":
                continue
            known = set(final.get(str(c), {}).get("known", ())) | info.get("known", set())
            if info["max_stage"] > limit or (not closed and facts <= known):
                at = {"seq": closed["seq"], "day": closed["day"]} if closed else {}
                self.rule("bad_fit_kept", {**at, "customer": c},
                          better="Once discovery shows they are not a fit, disqualify them and free your time.")


PROCESS_BASE = 50.0
FOLLOWUP_BASE = 100.0


def score_log(scenario: Scenario, log: Iterable[dict[str, Any]]) -> Scorecard:
    """Score a game from its event log (a finished run, or a run so far)."""
    log = list(log)
    s = _Scorer(scenario, log)
    s.walk()
    over = next((e for e in log if e["type"] == "game_over"), None)
    final = over["final"] if over else {}
    s.results()
    if "process" in s.entries:
        s.entries["process"].insert(0, Entry("process", "base", PROCESS_BASE,
                                             "Starting credit: good choices add to it, shortcuts cost.",
                                             s.dim_source("process")))
    if "followup" in s.entries:
        s.entries["followup"].insert(0, Entry("followup", "base", FOLLOWUP_BASE,
                                              "Starting credit: slow answers, rotting deals and over-contact cost.",
                                              s.dim_source("followup")))
    s.experience(final)
    fc = s.forecast(final)
    s.hygiene(final)
    dims = []
    for d in scenario.scoring.dimensions:
        es = tuple(s.entries.get(d.id, []))
        score = round(max(0.0, min(100.0, sum(e.points for e in es))), 2)
        dims.append(DimensionScore(d.id, d.label, d.weight, score, es, d.tip, s.dim_source(d.id)))
    total = round(sum(d.weight * d.score / 100 for d in dims), 2)
    grade = next((g for g in scenario.scoring.grades if total >= g.min), None)
    moments = [e for d in dims for e in d.entries if e.seq is not None]
    best = tuple(sorted((e for e in moments if e.points > 0 and not e.better),
                        key=lambda e: (-e.points * s_weight(scenario, e.dimension), e.seq or 0))[:3])
    worst = tuple(sorted((e for e in moments if e.points < 0),
                         key=lambda e: (e.points * s_weight(scenario, e.dimension), e.seq or 0))[:3])
    outcome = {k: v for k, v in over.items() if k not in ("seq", "day", "type", "final")} if over else {}
    return Scorecard(total, grade.grade if grade else "", grade.text if grade else "",
                     tuple(dims), best, worst, outcome, fc)


def s_weight(scenario: Scenario, dim: str) -> float:
    d = scenario.scoring.dimension(dim)
    return d.weight if d else 0.0
