"""What a condition tests, in parts a person can read: the scenario's own expressions,
taken apart into facts, thresholds and alternatives, plus which actions build each part.

`explain(expr, scenario)` turns a (checked) boolean expression into a small tree of
`Test`s — "trust >= 40", "budget is true and known", "large deals only" — so the card can
show "Trust 32 / 40" or "Budget: no budget" from the expression itself, never from
hand-written words. `builders(...)` answers "which action raises trust / reveals the budget"
from the actions' effects and reveals. Pure: no engine state, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.scenario.expr import _Tok, _tokenize

if TYPE_CHECKING:  # pragma: no cover
    from sim.scenario.expr import Expr
    from sim.scenario.model import Action, Outcome, Scenario

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True, slots=True)
class Test:
    """One readable part of a condition.

    kind: 'meter' (name op number), 'fact' (a fact's value, `positive` or negated; `known`
    when the condition also requires it to be discovered), 'known' (only that a fact is
    discovered), 'flag' (a built-in yes/no such as `large`), 'all' / 'any' (parts), or
    'other' (anything else, shown as its source)."""

    kind: str
    name: str = ""
    op: str = ""
    number: float = 0.0
    positive: bool = True
    known: bool = False
    parts: tuple[Test, ...] = ()
    source: str = ""


# ---------------------------------------------------------------------- a tiny re-parse
class _Reader:
    """Reads an already-checked expression into `Test`s (the checker has vouched for it)."""

    def __init__(self, text: str, meters: set[str], facts: set[str]):
        self.text = text
        self.toks = _tokenize(text)
        self.i = 0
        self.meters = meters
        self.facts = facts

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def at(self, word: str) -> bool:
        return self.tok.kind in ("op", "name") and self.tok.text == word

    def read(self) -> Test:
        start = self.tok.pos
        t = self.or_expr()
        if self.at("if") or self.tok.kind != "end":
            return Test("other", source=self.text[start:].strip())
        return t

    def or_expr(self) -> Test:
        parts = [self.and_expr()]
        while self.at("or"):
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Test("any", parts=tuple(parts))

    def and_expr(self) -> Test:
        parts = [self.not_expr()]
        while self.at("and"):
            self.i += 1
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else _merge_known(Test("all", parts=tuple(parts)))

    def not_expr(self) -> Test:
        if self.at("not"):
            self.i += 1
            inner = self.not_expr()
            return _negate(inner)
        return self.comparison()

    def comparison(self) -> Test:
        start = self.i
        a = self.atom()
        if self.tok.kind == "op" and self.tok.text in _FLIP and self.tok.text not in ("=",):
            op = self.take()
            b = self.atom()
            end = self.toks[self.i - 1]
            src = self.text[self.toks[start].pos : end.pos + len(end.text)]
            if a[0] == "name" and b[0] == "num" and a[1] in self.meters:
                return Test("meter", name=a[1], op=op, number=b[2], source=src)
            if a[0] == "num" and b[0] == "name" and b[1] in self.meters:
                return Test("meter", name=b[1], op=_FLIP[op], number=a[2], source=src)
            return Test("other", source=src)
        if a[0] == "name":
            name = a[1]
            if name.startswith("known."):
                return Test("known", name=name[6:], source=name)
            if name in self.facts:
                return Test("fact", name=name, source=name)
            return Test("flag", name=name, source=name)
        if a[0] == "test" and a[3] is not None:
            return a[3]
        end = self.toks[self.i - 1]
        return Test("other", source=self.text[self.toks[start].pos : end.pos + len(end.text)])

    def take(self) -> str:
        t = self.tok
        self.i += 1
        return t.text

    def atom(self) -> tuple[str, str, float, Test | None]:
        t = self.tok
        if t.kind == "num":
            self.i += 1
            return ("num", t.text, float(t.text), None)
        if (
            t.kind == "name"
            and t.text not in ("true", "false")
            and self.toks[self.i + 1].text != "("
        ):
            self.i += 1
            return ("name", t.text, 0.0, None)
        if self.at("("):
            self.i += 1
            inner = self.or_expr()
            if self.at(")"):
                self.i += 1
                return ("test", "", 0.0, inner)
        # anything else (arithmetic, calls, strings): skip to a boundary, keep the source
        start, depth = t.pos, 0
        while self.tok.kind != "end":
            if self.at("("):
                depth += 1
            elif self.at(")"):
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and self.tok.text in ("and", "or", "if", "else"):
                break
            self.i += 1
        end = self.toks[self.i - 1] if self.i else t
        return ("test", "", 0.0, Test("other", source=self.text[start : end.pos + len(end.text)]))


def _negate(t: Test) -> Test:
    if t.kind == "fact":
        return Test(
            "fact", name=t.name, positive=not t.positive, known=t.known, source="not " + t.source
        )
    if t.kind == "flag":
        return Test("flag", name=t.name, positive=not t.positive, source="not " + t.source)
    if t.kind == "known":
        return Test("other", source="not " + t.source)
    if t.kind == "meter":
        ops = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
        return Test("meter", name=t.name, op=ops[t.op], number=t.number, source="not " + t.source)
    return Test("other", source="not (" + (t.source or "…") + ")")


def _merge_known(t: Test) -> Test:
    """`known.budget and budget` reads as one test: the budget is confirmed."""
    facts = {p.name for p in t.parts if p.kind == "fact"}
    parts = []
    for p in t.parts:
        if p.kind == "known" and p.name in facts:
            continue
        if p.kind == "fact" and any(q.kind == "known" and q.name == p.name for q in t.parts):
            p = Test("fact", name=p.name, positive=p.positive, known=True, source=p.source)
        parts.append(p)
    return parts[0] if len(parts) == 1 else Test("all", parts=tuple(parts))


def explain(source: str, scenario: Scenario) -> Test:
    """The readable tree of a boolean expression of `scenario` (see `Test`)."""
    meters = {m.id for m in scenario.meters}
    facts = {f.id for f in scenario.facts}
    try:
        return _Reader(source, meters, facts).read()
    except (IndexError, ValueError, Exception):  # pragma: no cover - checked expressions parse
        return Test("other", source=source)


def leaves(t: Test) -> list[Test]:
    """The tests a condition is made of, flattened (alternatives included)."""
    if t.kind in ("all", "any"):
        return [x for p in t.parts for x in leaves(p)]
    return [t]


# ---------------------------------------------------------------------- what builds a test
def _constant(effect: Any) -> float | None:
    if effect.value.names:
        return None
    try:
        return float(effect.value.evaluate({}))
    except (TypeError, ValueError):  # pragma: no cover
        return None


def raises(action: Action, meter: str) -> float:
    """How much the action's own success raises (positive) or lowers a meter (constant
    effects); a variant may land differently (see `gain` and `sim.engine.outcomes`)."""
    return gain(action.success, meter)


def gain(outcome: Outcome, meter: str) -> float:
    """How much an outcome raises (positive) or lowers a meter (constant effects)."""
    total = 0.0
    for eff in outcome.effects:
        if eff.target != meter:
            continue
        v = _constant(eff)
        if v is None:
            continue
        total += v if eff.op == "+=" else (-v if eff.op == "-=" else 0.0)
    return total


def builders(scenario: Scenario, test: Test, stage: str | None = None) -> list[Action]:
    """Actions that work toward `test` (best first): those raising its meter, revealing its
    fact, or — for `fact` tests — revealing it. Only actions allowed at `stage` when given."""
    acts = [a for a in scenario.actions if stage is None or stage in a.stages]
    if test.kind == "meter":
        up = test.op in (">", ">=")
        scored = [(raises(a, test.name) * (1 if up else -1), a) for a in acts]
        return [a for s, a in sorted(scored, key=lambda x: (-x[0], x[1].hours)) if s > 0]
    if test.kind in ("fact", "known"):
        return sorted((a for a in acts if test.name in a.success.reveal), key=lambda a: a.hours)
    return []


def movers(scenario: Scenario, stage: str) -> list[tuple[Action, str, bool]]:
    """Actions that move a deal on from `stage`: (action, destination stage, on success only)."""
    st = scenario.stage(stage)
    out = []
    for a in scenario.actions:
        if stage not in a.stages or "disqualify" in a.tags:
            continue
        dest = a.success.move_to
        if dest is None:
            continue
        d = scenario.stage(dest)
        if d.terminal == "won" or (d.is_open and d.index > st.index):
            out.append((a, dest, a.failure.move_to != dest))
    return out


def makers(
    scenario: Scenario, test: Test, stage: str | None = None
) -> list[tuple[Action, Expr | None]]:
    """Actions whose success makes a fact what a `fact` test wants (an effect `champion =
    true`), cheapest first, each with the condition under which it does (a variant's
    `when`; None: always). Variants naming buying styles are left out: the coach must not
    give a hidden style away. Only actions (and variants) allowed at `stage` when given."""
    if test.kind != "fact":
        return []
    out: list[tuple[Action, Expr | None]] = []
    for a in scenario.actions:
        if stage is not None and stage not in a.stages:
            continue
        outs: list[tuple[Any, Expr | None]] = [(a.success, None)]
        for v in a.variants:
            if (
                v.success is None
                or v.styles
                or (stage is not None and v.stages and stage not in v.stages)
            ):
                continue
            outs.append((v.success, v.when))
        for outcome, when in outs:
            if any(_sets(e, test.name, test.positive) for e in outcome.effects):
                out.append((a, when))
                break
    return sorted(out, key=lambda x: x[0].hours)


def _sets(effect: Any, fact: str, value: bool) -> bool:
    """Whether `effect` sets `fact` to `value` (a constant `fact = true`)."""
    if effect.target != fact or effect.op != "=":
        return False
    v = _constant(effect)
    return v is not None and bool(v) == value
