"""Static analysis of a valid scenario (`salesim lint`): things the format allows but that are
probably not what the author meant — stages no path reaches, gates nothing can open, meters
nobody reads, rules that can never fire. Codes L1xx; each is in the catalogue with an example.

The checks read only the loaded `Scenario` (and its file, for source lines), so they are pure
and fast; the checks that need play (L2xx) live in `sim/commands/lint.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

from sim.scenario.diagnostics import Reporter, Severity
from sim.scenario.flow import moves, reachable
from sim.scenario.model import NO_SPAN, Scenario, Span

FORECAST_ORDER = {"pipeline": 0, "best_case": 1, "commit": 2, "closed": 3, "omitted": -1}
_COMPARE = re.compile(r"\b([a-z][a-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\b")


def _expressions(s: Scenario) -> Iterator[tuple[str, Span]]:
    """Every expression of the scenario with where it is written (approximately: its owner)."""
    for st in s.stages:
        for c in st.exit:
            yield str(c.when), c.span
    for a in s.actions:
        yield str(a.chance), a.span
        if a.requires is not None:
            yield str(a.requires), a.span
        for o in (a.success, a.failure):
            for e in o.effects:
                yield str(e.value), o.span
    for ev in s.events:
        if ev.when is not None:
            yield str(ev.when), ev.span
        for e in ev.effects:
            yield str(e.value), ev.span
    d = s.dynamics
    for e in (*d.overcontact_effects, *d.rot_effects):
        yield str(e.value), d.span
    for x in (d.lost_when, d.bad_fit):
        if x is not None:
            yield str(x), d.span


def _names(s: Scenario) -> set[str]:
    read: set[str] = set()
    for st in s.stages:
        for c in st.exit:
            read |= c.when.names
    for a in s.actions:
        read |= a.chance.names
        if a.requires is not None:
            read |= a.requires.names
        for o in (a.success, a.failure):
            for e in o.effects:
                read |= e.value.names
    for ev in s.events:
        if ev.when is not None:
            read |= ev.when.names
    d = s.dynamics
    for x in (d.lost_when, d.bad_fit):
        if x is not None:
            read |= x.names
    for a in s.actions:  # stage- and style-specific outcomes
        for v in a.variants:
            for x in (v.chance, v.when):
                if x is not None:
                    read |= x.names
            for vo in (v.success, v.failure):
                for e in vo.effects if vo is not None else ():
                    read |= e.value.names
    for ob in s.objections:  # raised from hidden facts
        read |= ob.when.names
        for e in ob.mishandled:
            read |= e.value.names
    return read


def _written(s: Scenario) -> set[str]:
    out = {e.target for a in s.actions for o in (a.success, a.failure) for e in o.effects}
    out |= {e.target for ev in s.events for e in ev.effects}
    out |= {e.target for e in (*s.dynamics.overcontact_effects, *s.dynamics.rot_effects)}
    for a in s.actions:
        for v in a.variants:
            out |= {e.target for o in (v.success, v.failure) if o for e in o.effects}
    out |= {e.target for ob in s.objections for e in ob.mishandled}
    return out


def lint(s: Scenario, rep: Reporter) -> None:
    """Report every L1xx finding for `s` into `rep`."""

    def add(
        code: str, message: str, span: Span, hint: str = "", severity: Severity = "warning"
    ) -> None:
        if span is NO_SPAN or span.line <= 0:
            rep.add(code, message, hint=hint, severity=severity)
        else:
            rep.add(code, message, span.line, span.col, 1, hint=hint, severity=severity)

    edges = moves(s)
    into = {m.target for m in edges}
    reach = reachable(s)
    for st in s.stages:
        if st.id in into and st.id not in reach:  # S401 covers stages nothing moves to
            sources = sorted({m.source for m in edges if m.target == st.id})
            add(
                "L101",
                f"no path reaches stage '{st.id}': only {', '.join(sources)} lead to it, "
                "and no deal ever gets there",
                st.span,
                "add a move into one of those stages, or start some customers there (inbound.initialStages)",
            )
    for st in s.open_stages:
        if st.id in reach and not [m for m in edges if m.source == st.id]:
            add(
                "L102",
                f"stage '{st.id}' has no way out: no action moves a deal on from it",
                st.span,
                "give an action available here a 'moveTo' (on success), or a 'disqualify' action",
            )
    for a in s.actions:
        if not any(x in reach for x in a.stages):
            add(
                "L103",
                f"action '{a.id}' is never available: no deal reaches {', '.join(a.stages)}",
                a.span,
            )
    read, written = _names(s), _written(s)
    read_facts = {n.removeprefix("known.") for n in read}
    for m in s.meters:
        if m.id not in read and m.id != "experience":  # the experience dimension reads that meter
            add(
                "L104",
                f"meter '{m.id}' is never read: no chance, condition or gate uses it",
                m.span,
                "use it in a chance or an exit gate, or remove it",
                "note",
            )
        if m.id not in written and not m.drift:
            add(
                "L105",
                f"meter '{m.id}' never changes: no effect writes it and it has no drift",
                m.span,
                f"add effects such as '{m.id} += 5' to the actions that should move it",
                "note",
            )
    revealed = {f for a in s.actions for o in (a.success, a.failure) for f in o.reveal}
    revealed |= {
        f
        for a in s.actions
        for v in a.variants
        for o in (v.success, v.failure)
        if o
        for f in o.reveal
    }
    for f in s.facts:
        if f.id not in read_facts and f.id in revealed:
            add(
                "L106",
                f"fact '{f.id}' is revealed but nothing reads it",
                f.span,
                f"use it in a chance or gate (e.g. 'known.{f.id}'), or let it be shown only — then ignore this",
                "note",
            )
    bounds = {m.id: (m.min, m.max) for m in s.meters}
    seen: set[tuple[str, int]] = set()
    for text, span in _expressions(s):
        for name, op, number in _COMPARE.findall(text):
            if name not in bounds or (text, span.line) in seen:
                continue
            low, high = bounds[name]
            v = float(number)
            verdict = _constant(op, v, low, high)
            if verdict is not None:
                seen.add((text, span.line))
                add(
                    "L107",
                    f"'{name} {op} {number}' is always {verdict}: '{name}' stays within {low:g}..{high:g}",
                    span,
                    f"compare with a value inside {low:g}..{high:g}",
                )
    last_p, last_f, last_id = -1, -1, ""
    for st in s.open_stages:
        rank = FORECAST_ORDER.get(st.forecast, 0)
        if st.probability < last_p or rank < last_f:
            add(
                "L108",
                f"stage '{st.id}' ({st.probability}%, {st.forecast}) comes after '{last_id}' "
                "but is less likely to close",
                st.span,
                "order stages from first contact to signature; probabilities and forecast categories rise along them",
            )
        last_p, last_f, last_id = max(last_p, st.probability), max(last_f, rank), st.id
    for rule in s.scoring.rules:
        why = _never_fires(s, rule.id)
        if why:
            add(
                "L109",
                f"rule '{rule.id}' can never fire: {why}",
                rule.span,
                "remove the rule, or add what it needs",
            )
    for a in s.actions:
        if not any(adv.rating != "neutral" for adv in a.advice):
            continue
        for outcome, name in ((a.success, "success"), (a.failure, "failure")):
            if not outcome.feedback.strip() and _can_happen(a, name):
                add(
                    "L110",
                    f"action '{a.id}' is rated by its advice but its {name} shows no feedback",
                    outcome.span if outcome.span.line else a.span,
                    "the trainee learns from what they read; write what the customer says or does",
                )
    for st in s.open_stages:
        for c in st.exit:
            for name in sorted(c.when.names):
                fact = name.removeprefix("known.")
                if name.startswith("known.") and not any(
                    fact in a.success.reveal + a.failure.reveal
                    for a in s.actions
                    if st.id in a.stages
                ):
                    add(
                        "L112",
                        f"the exit gate of '{st.id}' needs '{name}', but no action available in "
                        f"'{st.id}' reveals '{fact}'",
                        c.span,
                        f"a deal that starts in '{st.id}' or arrives there with '{fact}' unknown is stuck; "
                        f"let an action of this stage reveal '{fact}'",
                    )
    _objectives(s, add, rep.lines)
    _folded_cjk(add, rep.lines)


def _constant(op: str, v: float, low: float, high: float) -> str | None:
    """'true' or 'false' when `x op v` cannot change for x in [low, high]."""
    if op in (">=", ">"):
        if v <= low if op == ">=" else v < low:
            return "true"
        if v > high if op == ">=" else v >= high:
            return "false"
    if op in ("<=", "<"):
        if v >= high if op == "<=" else v > high:
            return "true"
        if v < low if op == "<=" else v <= low:
            return "false"
    if op in ("==", "!=") and not low <= v <= high:
        return "false" if op == "==" else "true"
    return None


def _can_happen(a: object, outcome: str) -> bool:
    chance = str(getattr(a, "chance", "")).strip()
    try:
        p = float(chance)
    except ValueError:
        return True
    return p > 0 if outcome == "success" else p < 1


def _never_fires(s: Scenario, rule_id: str) -> str:
    tags = {t for a in s.actions for t in a.tags}
    ratings = {adv.rating for a in s.actions for adv in a.advice}
    if rule_id == "good_action" and "good" not in ratings:
        return "no advice rates an action 'good'"
    if rule_id == "harmful_action" and "harmful" not in ratings:
        return "no advice rates an action 'harmful'"
    if rule_id == "gate_skipped" and not any(st.exit for st in s.stages):
        return "no stage has exit criteria"
    if rule_id in ("disqualified_bad_fit", "disqualified_good_fit") and "disqualify" not in tags:
        return "no action is tagged 'disqualify'"
    if (
        rule_id in ("bad_fit_kept", "disqualified_bad_fit", "disqualified_good_fit")
        and s.dynamics.bad_fit is None
    ):
        return "dynamics.badFit does not say who is a bad fit"
    if rule_id == "discount_late" and "discount" not in tags:
        return "no action is tagged 'discount'"
    if rule_id == "inbound_slow" and not (s.inbound.per_day > 0 or s.inbound.schedule):
        return "no inbound leads arrive during the run (inbound.perDay, inbound.schedule)"
    if rule_id == "overcontact" and not any(a.contact for a in s.actions):
        return "no action is a contact (contact: true)"
    if rule_id == "stage_skipped" and not any(
        m.source in {st.id for st in s.open_stages}
        and s.stage(m.target).index - s.stage(m.source).index > 1
        and s.stage(m.target).terminal != "lost"
        for m in moves(s)
    ):
        return "no action jumps over a stage"
    return ""


_OBJECTIVE_RULES = (
    (re.compile(r"\b(answer|respond|reply)", re.I), {"inbound_slow"}, "inbound_slow"),
    (
        re.compile(r"\bdisqualif", re.I),
        {"disqualified_bad_fit", "bad_fit_kept"},
        "disqualified_bad_fit",
    ),
    (
        re.compile(r"\bqualif(y|ied|ication)\b", re.I),
        {"gate_skipped", "stage_skipped"},
        "gate_skipped",
    ),
    (re.compile(r"\bdiscount", re.I), {"discount_late", "harmful_action"}, "discount_late"),
)


def _objectives(s: Scenario, add: object, lines: list[str]) -> None:
    """L111: an objective that announces a habit no scoring rule rewards or punishes."""

    def where(objective: str) -> Span:
        for i, text in enumerate(lines, 1):
            if objective[:40] in text:
                return Span(s.source, i, text.index(objective[:40]) + 1)
        return NO_SPAN

    rules = {r.id for r in s.scoring.rules}
    dims = {d.id for d in s.scoring.dimensions if d.weight > 0}
    for objective in s.metadata.objectives:
        for pattern, wanted, example in _OBJECTIVE_RULES:
            if pattern.search(objective) and not rules & wanted:
                add(
                    "L111",
                    f"objective '{objective}' is scored by no rule",
                    where(objective),  # type: ignore[operator]
                    f"add a scoring rule such as '{example}', or reword the objective",
                    "note",
                )
                break
        else:
            if re.search(r"\bforecast", objective, re.I) and "forecast" not in dims:
                add(
                    "L111",
                    f"objective '{objective}' is scored by no dimension",
                    where(objective),  # type: ignore[operator]
                    "give the 'forecast' dimension a weight",
                    "note",
                )


_FOLDED = re.compile(r"^(?P<indent>\s*)(?:-\s+)*(?:[^\s#:][^#:]*:\s+)?>[-+]?[1-9]?\s*(?:#.*)?$")
_CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]"
)


def _folded_cjk(add: Callable[..., None], lines: list[str]) -> None:
    """L113: a folded block (`>` or `>-`) whose lines break between CJK characters: YAML
    folds each line break into a space, which Chinese, Japanese and Korean text do not have."""
    for i, line in enumerate(lines):
        m = _FOLDED.match(line)
        if not m:
            continue
        indent = len(m.group("indent"))
        block: list[str] = []
        for nxt in lines[i + 1 :]:
            if nxt.strip() and len(nxt) - len(nxt.lstrip()) <= indent:
                break
            block.append(nxt.strip())
        text = [b for b in block if b]
        if any(_CJK.search(a[-1:]) and _CJK.search(b[:1]) for a, b in pairwise(text)):
            add(
                "L113",
                "folded text ('>') breaks lines between CJK characters: YAML joins the lines "
                "with a space, so the text shows spaces in the middle of a sentence",
                Span("", i + 1, line.index(">") + 1),
                "use a literal block ('|') or one plain line per text; Chinese needs no folding",
            )
