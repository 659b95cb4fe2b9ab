"""Key moments judged as decisions, apart from their luck, and what the ghost did instead.

A decision is an action the trainee took. It is judged by what the coach said at the moment
(the log keeps the rating, the advice, an unmet gate and the odds), never by the dice: a
harmful decision is a worst moment even when it won, a win at long odds is luck and never a
best decision, and one event is never both. Moments that were not actions (a lead left
unanswered, a deal left to rot) are omissions and can only be worst. `ghost_diff` puts, for
the customers that mattered most, what the expert did on the same seed next to what the
trainee did. Pure data from (scenario, log, scorecard).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.engine import events as E
from sim.engine import hints
from sim.engine.scoring import Entry, Scorecard
from sim.i18n import _, phrase, tr
from sim.scenario.explain import explain, leaves

if TYPE_CHECKING:  # pragma: no cover
    from sim.scenario.model import Action, Scenario

LUCKY = 0.35
"""A success at odds below this is luck, not a decision to copy."""
UNLUCKY = 0.65
"""A failure at odds above this was bad luck."""


@dataclass(frozen=True, slots=True)
class Decision:
    """One action the trainee took, with its odds and everything that followed from it."""

    seq: int
    day: int
    customer: int
    action: str
    stage: str
    chance: float
    success: bool | None
    """None when the answer never came (the run ended first)."""
    rating: str
    advice: str
    gate: tuple[str, ...]
    better: str
    """What the coach said to do first (logged with an unmet gate)."""
    won: bool
    entries: tuple[Entry, ...]
    """Score entries caused by the decision (its own and its consequences')."""

    @property
    def lucky(self) -> bool:
        return bool(self.success) and self.chance < LUCKY

    def impact(self, weights: Mapping[str, float], sign: int) -> float:
        """Weighted points of the entries of one sign (+1 gains, -1 costs)."""
        return sum(
            e.points * weights.get(e.dimension, 0) / 100
            for e in self.entries
            if e.points * sign > 0
        )


def _weights(sc: Scenario) -> dict[str, float]:
    return {d.id: d.weight for d in sc.scoring.dimensions}


def decisions(sc: Scenario, log: Sequence[E.Event], card: Scorecard) -> list[Decision]:
    """Every action of the log as a `Decision`, with the entries it caused."""
    by_seq: dict[int, list[Entry]] = {}
    for d in card.dimensions:
        for e in d.entries:
            if e.seq is not None:
                by_seq.setdefault(e.seq, []).append(e)
    cause: dict[int, int] = {}  # event seq -> the action seq that caused it
    last: dict[tuple[int, str], int] = {}
    acts: dict[int, E.ActionTaken] = {}
    success: dict[int, bool | None] = {}
    won: set[int] = set()
    for ev in log:
        seq = ev.seq
        match ev:
            case E.ActionTaken(customer=c, action=a):
                last[(c, a)] = seq
                acts[seq] = ev
                success[seq] = ev.success
            case E.ActionAnswered(customer=c, action=a) if (c, a) in last:
                src = last[(c, a)]
                cause[seq] = src
                success[src] = ev.success
            case E.StageChanged(customer=c, cause=a) | E.DealClosed(customer=c, cause=a) if (
                c,
                a,
            ) in last:
                src = last[(c, a)]
                if src >= max((s for (cc, _), s in last.items() if cc == c), default=src):
                    cause[seq] = src
                    if isinstance(ev, E.DealClosed) and ev.result == "won":
                        won.add(src)
    caused: dict[int, list[Entry]] = {}
    for seq, entries in by_seq.items():
        caused.setdefault(cause.get(seq, seq), []).extend(entries)
    return [
        Decision(
            seq,
            ev.day,
            ev.customer,
            ev.action,
            ev.stage,
            ev.chance,
            success[seq],
            ev.rating,
            ev.advice,
            ev.gate or (),
            ev.better or "",
            seq in won,
            tuple(caused.get(seq, ())),
        )
        for seq, ev in acts.items()
    ]


def odds_text(d: Decision) -> str:
    """'won at 18% odds: lucky; the gate was unmet' — the dice, told apart from the decision.
    A sure action (odds 100%) has no dice to tell: only its gate, if unmet, is said."""
    pct = f"{d.chance:.0%}"
    if d.chance >= 1 and d.success is not False:
        gate = "; ".join(g.rstrip(".") for g in d.gate)
        return tr("the gate was unmet ({unmet})", unmet=gate) if gate else ""
    if d.success is None:
        said = tr("taken at {odds} odds; the answer came after the run", odds=pct)
    elif d.success:
        said = (
            tr("won at {odds} odds", odds=pct)
            if d.won
            else tr("succeeded at {odds} odds", odds=pct)
        )
        if d.lucky:
            said += _(": lucky")
    else:
        said = tr("failed at {odds} odds", odds=pct)
        if d.chance >= UNLUCKY:
            said += (
                _(": unlucky") if d.rating == "harmful" else _(": unlucky — the decision was sound")
            )
    if d.gate:
        said += tr("; the gate was unmet ({unmet})", unmet="; ".join(g.rstrip(".") for g in d.gate))
    return said


def _offered(sc: Scenario, stage: str) -> list[Action]:
    """Actions offered at `stage` that its playbook does not call harmful there."""
    return [
        a
        for a in sc.actions
        if stage in a.stages
        and not any(x.stage == stage and x.rating == "harmful" and x.when is None for x in a.advice)
    ]


def gate_better(sc: Scenario, stage: str, gate: Sequence[str]) -> str:
    """The action that builds the first unmet criterion, from the scenario's own effects."""
    try:
        st = sc.stage(stage)
    except KeyError:
        return ""
    for cr in st.exit:
        if cr.text not in gate:
            continue
        for leaf in leaves(explain(cr.when.source, sc)):
            acts = hints.ranked(sc, leaf, _offered(sc, stage), hints.for_stage(sc, stage))
            if not acts:
                continue
            a, low, high = acts[0]
            if leaf.kind == "meter":
                meter = sc.meter(leaf.name).label.lower()
                does = (
                    tr(
                        "{meter} {delta} toward {target}",
                        meter=meter,
                        delta=f"{low:+g}",
                        target=f"{leaf.number:g}",
                    )
                    if low == high
                    else tr(
                        "{meter} {low} to {high} toward {target}",
                        meter=meter,
                        low=f"{low:+g}",
                        high=f"{high:+g}",
                        target=f"{leaf.number:g}",
                    )
                )
            else:
                fact = next((f.label.lower() for f in sc.facts if f.id == leaf.name), leaf.name)
                does = tr("reveals the {fact}", fact=fact)
            return tr(
                "{action} ({key}) first: {does}; then move the deal on.",
                action=a.label,
                key=a.key,
                does=does,
            )
    return ""


HUNCH_RULES = ("disqualified_good_fit", "disqualified_hunch")
"""Rules for disqualifying without evidence: "Better:" names the action that finds it."""


def evidence_better(sc: Scenario, stage: str | None) -> str:
    """The action (allowed at `stage`) that reveals most of what proves a bad fit, named from
    the scenario's own effects: 'Discovery meeting (d) first: reveals the budget, good fit;
    disqualify when they show a bad fit.' Where no action at `stage` reveals it, the action
    that works the deal toward the stage's gate."""
    bad_fit = sc.dynamics.bad_fit
    facts = set(bad_fit.names) if bad_fit is not None else set()
    acts = [a for a in sc.actions if stage is None or stage in a.stages]
    scored = [(len(facts & set(a.success.reveal)), a) for a in acts]
    scored = [(n, a) for n, a in scored if n]
    if not scored:  # nothing at this stage finds it out: work the deal toward its gate instead
        try:
            exits = [cr.text for cr in sc.stage(stage).exit] if stage else []
        except KeyError:
            exits = []
        return gate_better(sc, stage, exits) if stage else ""
    _, best = min(scored, key=lambda x: (-x[0], x[1].hours))
    labels = [f.label.lower() for f in sc.facts if f.id in facts and f.id in best.success.reveal]
    key = f" ({best.key})" if best.key else ""
    return (
        f"{best.label}{key} first: reveals the {', '.join(labels)}; "
        "disqualify when they show a bad fit."
    )


def worst_candidates(
    sc: Scenario, log: Sequence[E.Event], card: Scorecard
) -> tuple[list[tuple[float, Decision | Entry]], list[tuple[float, Decision]]]:
    """(worst, best) candidates with their weight, each event in one list at most."""
    w = _weights(sc)
    decs = decisions(sc, log, card)
    worst: list[tuple[float, Decision | Entry]] = []
    best: list[tuple[float, Decision]] = []
    claimed: set[int] = set()
    for d in decs:
        claimed.update(e.seq for e in d.entries if e.seq is not None)
        claimed.add(d.seq)
        if d.rating == "harmful":
            worst.append((min(d.impact(w, -1), -0.01), d))
        elif d.rating == "good" and not d.lucky and d.impact(w, +1) > 0:
            best.append((d.impact(w, +1), d))
    for dim in card.dimensions:
        for e in dim.entries:
            if e.points < 0 and e.seq is not None and e.seq not in claimed:
                worst.append((e.points * w.get(e.dimension, 0) / 100, e))
    # decisions first (key moments are decisions), then omissions; the costliest first
    worst.sort(key=lambda x: (isinstance(x[1], Entry), x[0], x[1].seq or 0))
    best.sort(key=lambda x: (-x[0], x[1].seq))
    return worst, best


PUSHED = ("gate_skipped", "stage_skipped", "harmful_action")
"""Process rules for moving a deal on before it was ready."""


def _won_by_pushing(card: Scorecard) -> bool:
    """Whether a deal that was won had been pushed through a gate (or the card cannot tell:
    a scorecard without per-customer entries is read as pushed)."""
    entries = [e for d in card.dimensions for e in d.entries]
    if not entries:
        return True
    won = {e.customer for e in entries if e.dimension == "results" and e.points > 0}
    pushed = {e.customer for e in entries if e.dimension == "process" and e.rule in PUSHED}
    return bool(won & pushed)


def profile_text(card: Scorecard, grade_text: str) -> str:
    """The grade's text, unless the profile of the run says something truer, followed by
    the habit that lost the most weighted points and the tip for it, so two runs with the same grade but different habits are told different things."""
    s = {d.id: d.score for d in card.dimensions}
    results, process = s.get("results"), s.get("process")
    if results is None or process is None:
        return grade_text
    if results < 20 and process >= 60:
        return _(
            "A clean process, but nothing sold: the discipline is there; now spend the hours on "
            "the qualified deals and ask for the signature when the gate is met."
        )
    if results >= 60 and process < 40:
        if _won_by_pushing(card):
            return _(
                "You sold, but by pushing deals through their gates; that luck will not "
                "repeat. Meet each stage's criteria first."
            )
        return _(
            "Your sales followed the process, but the deals you pushed through their gates "
            "did not sell and cost process points. Meet each stage's criteria first."
        )
    if process >= 70 and all(v >= 55 for v in s.values()) and card.total < 70:
        return _(
            "A disciplined run: no shortcuts; the score is held back by what the dice and the "
            "calendar allowed, not by your process."
        )
    # Revenue is the consequence; the habit that cost the most points is what to work on.
    habits = [d for d in card.dimensions if d.id != "results"] or list(card.dimensions)
    weakest = max(habits, key=lambda d: d.weight * (100 - d.score))
    focus = ""
    if weakest.score < 70:
        args = {"dimension": weakest.label.lower(), "score": f"{weakest.score:.0f}"}
        focus = (
            tr(
                "You lost the most points on {dimension} ({score}/100): {tip}",
                tip=weakest.tip,
                **args,
            )
            if weakest.tip
            else tr("You lost the most points on {dimension} ({score}/100).", **args)
        )
    if process >= 60 and card.total < 70:  # the grade's text may blame a process that held
        opener = _("Your process held; the score is held back elsewhere.")
        return f"{opener} {focus}".strip()
    return f"{phrase(grade_text)} {focus}".strip()


# ---------------------------------------------------------------------- the ghost's differences
@dataclass(frozen=True, slots=True)
class GhostLine:
    """One customer: what the trainee did and what the expert did on the same seed."""

    customer: int
    contact: str
    company: str
    value: float
    you: str
    ghost: str
    you_result: str
    ghost_result: str


def _story(sc: Scenario, log: Sequence[E.Event], customer: int) -> tuple[str, str]:
    steps: list[str] = []
    result = _("open")
    for ev in log:
        if not isinstance(ev, E.CustomerEvent) or ev.customer != customer:
            continue
        if isinstance(ev, E.ActionTaken):
            try:
                label = sc.action(ev.action).label
            except KeyError:
                label = ev.action
            step = tr("d{day}", day=ev.day) + f" {label}"
            if ev.gate:
                step += " (" + _("gate unmet") + ")"
            elif ev.rating == "harmful":
                step += " (" + _("harmful here") + ")"
            if ev.success is False:
                step += " ✗"
            steps.append(step)
        elif isinstance(ev, E.DealClosed):
            result = f"{_(ev.reason)} " + tr("d{day}", day=ev.day)
        elif isinstance(ev, E.GoneCold):
            steps.append(tr("d{day}", day=ev.day) + " " + _("went cold"))
    if len(steps) > 7:
        steps = steps[:3] + ["… " + tr("{n} more", n=len(steps) - 6) + " …"] + steps[-3:]
    return (" → ".join(steps) if steps else _("nothing")), result


def ghost_diff(
    sc: Scenario,
    log: Sequence[E.Event],
    ghost_log: Sequence[E.Event],
    names: Callable[[int], tuple[str, str]],
    limit: int = 3,
) -> tuple[GhostLine, ...]:
    """For the customers that mattered most (largest value where the two runs ended
    differently, or where the trainee took a harmful decision), both stories side by side.
    `names(index)` gives (contact, company)."""

    def ends(lg: Sequence[E.Event]) -> dict[int, str]:
        return {e.customer: e.reason for e in lg if isinstance(e, E.DealClosed)}

    mine, theirs = ends(log), ends(ghost_log)
    values = {e.customer: e.value for e in log if isinstance(e, E.LeadArrived)}
    ghost_ids = {e.customer for e in ghost_log if isinstance(e, E.LeadArrived)}
    harmful = {e.customer for e in log if isinstance(e, E.ActionTaken) and e.rating == "harmful"}
    rows = []
    for c, value in values.items():
        if c not in ghost_ids:
            continue
        a, b = mine.get(c, "open"), theirs.get(c, "open")
        differs = a != b
        if not differs and c not in harmful:
            continue
        weight = value * (2 if b == "won" and a != "won" else 1) * (1.5 if c in harmful else 1)
        rows.append((weight, c))
    out = []
    for _weight, c in sorted(rows, key=lambda x: (-x[0], x[1]))[:limit]:
        you, you_res = _story(sc, log, c)
        ghost, ghost_res = _story(sc, ghost_log, c)
        contact, company = names(c)
        out.append(GhostLine(c, contact, company, values[c], you, ghost, you_res, ghost_res))
    return tuple(out)
