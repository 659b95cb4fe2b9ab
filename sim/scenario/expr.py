"""The scenario expression language: conditions, chances and effects, parsed and type-checked
at load time, evaluated by a whitelist of closures — never `eval`/`exec`.

Grammar (EBNF; keywords are lower case, whitespace is free)::

    expression  = ternary ;
    ternary     = or_expr [ "if" or_expr "else" ternary ] ;
    or_expr     = and_expr { "or" and_expr } ;
    and_expr    = not_expr { "and" not_expr } ;
    not_expr    = "not" not_expr | comparison ;
    comparison  = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum ] ;
    sum         = term { ( "+" | "-" ) term } ;
    term        = unary { ( "*" | "/" ) unary } ;
    unary       = "-" unary | atom ;
    atom        = number | string | "true" | "false" | name | call | "(" expression ")" ;
    name        = identifier [ "." identifier ] ;          (* interest, known.budget *)
    call        = ( "min" | "max" | "abs" | "clamp" ) "(" expression { "," expression } ")" ;
    effect      = target ( "=" | "+=" | "-=" | "*=" ) expression ;

Names: every meter (number); every fact (its hidden true value: bool or number);
`known.<fact>` (bool: has the trainee discovered it); `value` (deal value, number);
`large` (bool: value >= dynamics.largeDeal); `stage`, `persona` and `style` (compare with
a string: `stage == "proposal"` — the string is checked against the scenario's ids);
`day`, `days_idle`, `days_in_stage`, `contacts_today` (numbers).
Effect targets: meters (`=`, `+=`, `-=`, `*=`), facts (`=`), `value` (any operator).
Division by zero yields 0. Expressions are at most 500 characters and 32 levels deep.

Numbers are bounded: a literal beyond ±MAX_NUMBER is refused (E210), and every arithmetic
result and effect is clamped to ±MAX_NUMBER, so NaN and infinity can never be produced —
not in the state, the log, a run file or any report.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

MAX_LENGTH = 500
MAX_DEPTH = 32
MAX_NUMBER = 1e15
"""Largest magnitude a number in an expression may have (as `yamlsafe.MAX_INT`): literals
beyond it are refused, results beyond it are clamped, so floats stay exact and finite."""

Type = str
"""'number', 'bool', or 'enum:<kind>' (stage, persona, style)."""

Env = Mapping[str, Any]
Fn = Callable[[Env], Any]

FUNCTIONS: dict[str, tuple[int, int]] = {
    "min": (2, 8),
    "max": (2, 8),
    "abs": (1, 1),
    "clamp": (3, 3),
}
BUILTIN_NAMES: dict[str, Type] = {
    "value": "number",
    "large": "bool",
    "stage": "enum:stage",
    "persona": "enum:persona",
    "style": "enum:style",
    "day": "number",
    "days_idle": "number",
    "days_in_stage": "number",
    "contacts_today": "number",
}
STYLES = ("relationship", "consultative")
KNOWN_STYLE = "known.style"
"""Whether the trainee has learned the buyer's style (an outcome's `reveal: [style]`)."""
ROLES = ("user", "economic_buyer", "technical_evaluator", "procurement", "champion")
"""Roles of a buying committee's members."""
COMMITTEE_NAMES: dict[str, Type] = {
    **{f"engaged.{r}": "bool" for r in ROLES},
    "committee.size": "number",
    "committee.engaged": "number",
}
"""Names a scenario with buying committees can read: whether a member of a role is engaged
(false when the deal has no such member), the committee's size and how many are engaged."""
KEYWORDS = {"and", "or", "not", "if", "else", "true", "false"}
RESERVED = (*BUILTIN_NAMES, *FUNCTIONS, *sorted(KEYWORDS), "known")
"""Names a meter or fact id may not take: they already mean something in an expression."""


def bounded(x: Any) -> Any:
    """`x` clamped to ±MAX_NUMBER (NaN becomes 0); booleans and text pass through."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return x
    if x != x:  # NaN
        return 0.0
    if x > MAX_NUMBER:
        return MAX_NUMBER
    if x < -MAX_NUMBER:
        return -MAX_NUMBER
    return x


class ExprError(Exception):
    """A problem in an expression, located by character offset inside its text."""

    def __init__(self, message: str, offset: int = 0, length: int = 1, code: str = "E201"):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.length = max(1, length)
        self.code = code


@dataclass(frozen=True)
class Symbols:
    """What names an expression may use, with their types."""

    meters: tuple[str, ...] = ()
    facts: Mapping[str, str] = field(default_factory=dict)
    stages: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    styles: tuple[str, ...] = STYLES
    """Buying styles (the scenario's `styles`, or relationship and consultative)."""
    committee: bool = False
    """Whether the committee names (`engaged.<role>`, ...) exist: some persona has one."""

    def type_of(self, name: str) -> Type | None:
        if self.committee and name in COMMITTEE_NAMES:
            return COMMITTEE_NAMES[name]
        if name in self.meters:
            return "number"
        if name in self.facts:
            return self.facts[name]
        if name.startswith("known.") and (name[6:] in self.facts or name == KNOWN_STYLE):
            return "bool"
        return BUILTIN_NAMES.get(name)

    def enum_values(self, kind: str) -> tuple[str, ...]:
        return {"stage": self.stages, "persona": self.personas, "style": self.styles}.get(kind, ())

    def all_names(self) -> list[str]:
        names = list(self.meters) + list(self.facts) + [f"known.{f}" for f in self.facts]
        committee = list(COMMITTEE_NAMES) if self.committee else []
        return [*names, KNOWN_STYLE, *BUILTIN_NAMES, *committee]


@dataclass(frozen=True)
class Expr:
    """A parsed, type-checked expression. Call `evaluate(env)` with the customer's names."""

    source: str
    type: Type
    names: frozenset[str]
    fn: Fn = field(repr=False, compare=False)

    def evaluate(self, env: Env) -> Any:
        return self.fn(env)

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Effect:
    """`target op value`: a change to a meter, a fact or the deal value."""

    source: str
    target: str
    op: Literal["=", "+=", "-=", "*="]
    value: Expr

    def apply(self, current: float, env: Env) -> Any:
        """The target's new value: finite and within ±MAX_NUMBER whatever `current` was."""
        v = self.value.fn(env)
        if self.op == "=":
            return bounded(v)
        current = bounded(current)
        if self.op == "+=":
            return bounded(current + v)
        if self.op == "-=":
            return bounded(current - v)
        return bounded(current * v)

    def __str__(self) -> str:
        return self.source


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+(?:\.\d*)?|\.\d+)
    | (?P<str>"[^"\n]*"|'[^'\n]*')
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
    | (?P<op>==|!=|<=|>=|\+=|-=|\*=|[-+*/<>()=,])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # num, str, name, op, end
    text: str
    pos: int


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    n = len(text)
    while pos < n:
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
            ch = text[bad]
            hint = " (strings need matching quotes)" if ch in "\"'" else ""
            raise ExprError(f"unexpected character {ch!r}{hint}", bad, 1, "E201")
        kind = m.lastgroup or "op"
        start = m.start(kind)
        toks.append(_Tok(kind, m.group(kind), start))
        pos = m.end()
    toks.append(_Tok("end", "", len(text)))
    return toks


# A typed node during parsing: (type, closure, start offset, end offset)
@dataclass
class _Node:
    type: Type
    fn: Fn
    start: int
    end: int
    literal: str | None = None  # string literal text, for enum checks


def _and(fa: Fn, fb: Fn) -> Fn:
    return lambda env: bool(fa(env)) and bool(fb(env))


def _or(fa: Fn, fb: Fn) -> Fn:
    return lambda env: bool(fa(env)) or bool(fb(env))


def _safe_div(x: float, y: float) -> float:
    return x / y if y else 0.0


_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": _safe_div,
}


def _binary(f: Callable[[Any, Any], Any], fa: Fn, fb: Fn) -> Fn:
    return lambda env: bounded(f(bounded(fa(env)), bounded(fb(env))))


class _Parser:
    def __init__(self, text: str, symbols: Symbols):
        self.text = text
        self.symbols = symbols
        self.toks = _tokenize(text)
        self.i = 0
        self.depth = 0
        self.names: set[str] = set()

    # -- token helpers -------------------------------------------------------------
    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def at(self, *texts: str) -> bool:
        t = self.tok
        return t.kind in ("op", "name") and t.text in texts

    def take(self) -> _Tok:
        t = self.tok
        self.i += 1
        return t

    def expect(self, text: str) -> _Tok:
        if not self.at(text):
            t = self.tok
            got = "the end" if t.kind == "end" else repr(t.text)
            raise ExprError(f"expected {text!r} but found {got}", t.pos, max(1, len(t.text)))
        return self.take()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(
                f"expression nested deeper than {MAX_DEPTH} levels", self.tok.pos, 1, "E204"
            )

    def need(self, node: _Node, want: str, what: str) -> None:
        if node.type != want and not (want == "number" and node.type == "number"):
            shown = node.type.replace("enum:", "")
            raise ExprError(
                f"{what} needs a {want} but {self.text[node.start : node.end]!r} is a {shown}",
                node.start,
                node.end - node.start,
                "E203",
            )

    # -- grammar --------------------------------------------------------------------
    def expression(self) -> _Node:
        self.enter()
        try:
            return self.ternary()
        finally:
            self.depth -= 1

    def ternary(self) -> _Node:
        a = self.or_expr()
        if not self.at("if"):
            return a
        self.take()
        cond = self.or_expr()
        self.need(cond, "bool", "the condition after 'if'")
        self.expect("else")
        b = self.ternary()
        if a.type != b.type:
            raise ExprError(
                f"both branches of 'if ... else' must have the same type ({a.type} vs {b.type})",
                a.start,
                b.end - a.start,
                "E203",
            )
        fa, fc, fb = a.fn, cond.fn, b.fn
        return _Node(a.type, lambda env: fa(env) if fc(env) else fb(env), a.start, b.end)

    def _chain(self, sub: Callable[[], _Node], word: str) -> _Node:
        a = sub()
        while self.at(word):
            self.take()
            b = sub()
            self.need(a, "bool", f"'{word}'")
            self.need(b, "bool", f"'{word}'")
            fn = _and(a.fn, b.fn) if word == "and" else _or(a.fn, b.fn)
            a = _Node("bool", fn, a.start, b.end)
        return a

    def or_expr(self) -> _Node:
        return self._chain(self.and_expr, "or")

    def and_expr(self) -> _Node:
        return self._chain(self.not_expr, "and")

    def not_expr(self) -> _Node:
        if self.at("not"):
            start = self.take().pos
            self.enter()
            try:
                a = self.not_expr()
            finally:
                self.depth -= 1
            self.need(a, "bool", "'not'")
            fa = a.fn
            return _Node("bool", lambda env: not fa(env), start, a.end)
        return self.comparison()

    def comparison(self) -> _Node:
        a = self.sum()
        if not self.at("==", "!=", "<", "<=", ">", ">="):
            return a
        op = self.take().text
        b = self.sum()
        if op in ("==", "!="):
            self._check_equal_types(a, b)
        else:
            self.need(a, "number", f"'{op}'")
            self.need(b, "number", f"'{op}'")
        fa, fb = a.fn, b.fn
        ops: dict[str, Fn] = {
            "==": lambda env: fa(env) == fb(env),
            "!=": lambda env: fa(env) != fb(env),
            "<": lambda env: fa(env) < fb(env),
            "<=": lambda env: fa(env) <= fb(env),
            ">": lambda env: fa(env) > fb(env),
            ">=": lambda env: fa(env) >= fb(env),
        }
        return _Node("bool", ops[op], a.start, b.end)

    def _check_equal_types(self, a: _Node, b: _Node) -> None:
        for x, y in ((a, b), (b, a)):
            if x.type.startswith("enum:") and y.type == "string":
                kind = x.type[5:]
                allowed = self.symbols.enum_values(kind)
                if y.literal not in allowed:
                    import difflib

                    close = difflib.get_close_matches(y.literal or "", allowed, n=1)
                    hint = f" — did you mean '{close[0]}'?" if close else ""
                    raise ExprError(
                        f"unknown {kind} '{y.literal}'{hint}", y.start, y.end - y.start, "E202"
                    )
                return
        if a.type != b.type:
            raise ExprError(
                f"cannot compare a {a.type.replace('enum:', '')} with a {b.type.replace('enum:', '')}",
                a.start,
                b.end - a.start,
                "E203",
            )

    def _arith(self, sub: Callable[[], _Node], ops: tuple[str, ...]) -> _Node:
        a = sub()
        while self.at(*ops):
            op = self.take().text
            b = sub()
            self.need(a, "number", f"'{op}'")
            self.need(b, "number", f"'{op}'")
            fn = _binary(_ARITH[op], a.fn, b.fn)
            a = _Node("number", fn, a.start, b.end)
        return a

    def sum(self) -> _Node:
        return self._arith(self.term, ("+", "-"))

    def term(self) -> _Node:
        return self._arith(self.unary, ("*", "/"))

    def unary(self) -> _Node:
        if self.at("-"):
            start = self.take().pos
            self.enter()
            try:
                a = self.unary()
            finally:
                self.depth -= 1
            self.need(a, "number", "'-'")
            fa = a.fn
            return _Node("number", lambda env: -bounded(fa(env)), start, a.end)
        return self.atom()

    def atom(self) -> _Node:
        t = self.tok
        end = t.pos + len(t.text)
        if t.kind == "num":
            self.take()
            v = float(t.text)
            if not v <= MAX_NUMBER:
                shown = t.text if len(t.text) <= 20 else t.text[:12] + "…"
                raise ExprError(
                    f"the number {shown} is too large; numbers in expressions stay within "
                    f"±{MAX_NUMBER:,.0f}",
                    t.pos,
                    len(t.text),
                    "E210",
                )
            return _Node("number", lambda env: v, t.pos, end)
        if t.kind == "str":
            self.take()
            s = t.text[1:-1]
            return _Node("string", lambda env: s, t.pos, end, literal=s)
        if t.kind == "name":
            if t.text in ("true", "false"):
                self.take()
                b = t.text == "true"
                return _Node("bool", lambda env: b, t.pos, end)
            if t.text in FUNCTIONS and self.toks[self.i + 1].text == "(":
                return self.call()
            if t.text in KEYWORDS:
                raise ExprError(f"expected a value but found {t.text!r}", t.pos, len(t.text))
            return self.name()
        if self.at("("):
            self.take()
            inner = self.expression()
            close = self.expect(")")
            inner.start, inner.end = t.pos, close.pos + 1
            return inner
        got = "the end of the expression" if t.kind == "end" else repr(t.text)
        raise ExprError(f"expected a value but found {got}", t.pos, max(1, len(t.text)))

    def name(self) -> _Node:
        t = self.take()
        end = t.pos + len(t.text)
        typ = self.symbols.type_of(t.text)
        if typ is None:
            import difflib

            close = difflib.get_close_matches(t.text, self.symbols.all_names(), n=1)
            hint = f" — did you mean '{close[0]}'?" if close else ""
            raise ExprError(f"unknown name '{t.text}'{hint}", t.pos, len(t.text), "E202")
        self.names.add(t.text)
        key = t.text
        return _Node(typ, lambda env: env[key], t.pos, end)

    def call(self) -> _Node:
        t = self.take()
        self.expect("(")
        args = [self.expression()]
        while self.at(","):
            self.take()
            args.append(self.expression())
        close = self.expect(")")
        lo, hi = FUNCTIONS[t.text]
        if not lo <= len(args) <= hi:
            want = str(lo) if lo == hi else f"{lo} to {hi}"
            raise ExprError(
                f"{t.text}() takes {want} arguments, not {len(args)}",
                t.pos,
                close.pos + 1 - t.pos,
                "E203",
            )
        for a in args:
            self.need(a, "number", f"{t.text}()")
        fns = [a.fn for a in args]
        if t.text == "min":
            fn: Fn = lambda env: min(f(env) for f in fns)  # noqa: E731
        elif t.text == "max":
            fn = lambda env: max(f(env) for f in fns)  # noqa: E731
        elif t.text == "abs":
            f0 = fns[0]
            fn = lambda env: abs(f0(env))  # noqa: E731
        else:
            fx, flo, fhi = fns
            fn = lambda env: max(flo(env), min(fhi(env), fx(env)))  # noqa: E731
        return _Node("number", fn, t.pos, close.pos + 1)


def _check_size(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise ExprError(
            f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}",
            MAX_LENGTH,
            1,
            "E204",
        )
    if not text.strip():
        raise ExprError("empty expression", 0, 1)


def parse_expr(text: str, symbols: Symbols, expect: Literal["bool", "number"]) -> Expr:
    """Parse and type-check `text`; raise ExprError with the offset of the first problem."""
    _check_size(text)
    p = _Parser(text, symbols)
    node = p.expression()
    if p.tok.kind != "end":
        t = p.tok
        raise ExprError(f"unexpected {t.text!r} after a complete expression", t.pos, len(t.text))
    if node.type != expect:
        shown = node.type.replace("enum:", "")
        what = "a condition (true/false)" if expect == "bool" else "a number"
        raise ExprError(f"expected {what} but this is a {shown}", 0, len(text), "E203")
    return Expr(text, node.type, frozenset(p.names), node.fn)


def effect_targets(symbols: Symbols) -> dict[str, tuple[Type, tuple[str, ...]]]:
    """Names an effect may change, with their type and allowed operators."""
    targets: dict[str, tuple[Type, tuple[str, ...]]] = {
        "value": ("number", ("=", "+=", "-=", "*="))
    }
    for m in symbols.meters:
        targets[m] = ("number", ("=", "+=", "-=", "*="))
    for f, typ in symbols.facts.items():
        targets[f] = (typ, ("=",) if typ == "bool" else ("=", "+=", "-=", "*="))
    return targets


def parse_effect(text: str, symbols: Symbols) -> Effect:
    """Parse `target op expression`, e.g. `interest += 5` or `competitor = true`."""
    _check_size(text)
    toks = _tokenize(text)
    if len(toks) < 3 or toks[0].kind != "name" or toks[1].text not in ("=", "+=", "-=", "*="):
        raise ExprError(
            "an effect looks like 'interest += 5': a meter, fact or 'value', an operator (=, +=, -=, *=) and an expression",
            0,
            len(text),
            "E205",
        )
    target, op = toks[0], toks[1]
    targets = effect_targets(symbols)
    if target.text not in targets:
        import difflib

        close = difflib.get_close_matches(target.text, list(targets), n=1)
        hint = f" — did you mean '{close[0]}'?" if close else ""
        if symbols.type_of(target.text) is None:  # not a name at all: say so
            what = f"unknown name '{target.text}' in an effect: not a meter, a fact or 'value'"
        else:
            what = (
                f"'{target.text}' cannot be changed by an effect (only meters, facts and 'value')"
            )
        raise ExprError(f"{what}{hint}", target.pos, len(target.text), "E202")
    typ, ops = targets[target.text]
    if op.text not in ops:
        raise ExprError(
            f"'{target.text}' is a {typ}; use {' or '.join(repr(o) for o in ops)}",
            op.pos,
            len(op.text),
            "E203",
        )
    rhs_start = op.pos + len(op.text)
    rhs = text[rhs_start:]
    try:
        value = parse_expr(rhs, symbols, "bool" if typ == "bool" else "number")
    except ExprError as e:
        raise ExprError(e.message, e.offset + rhs_start, e.length, e.code) from None
    return Effect(text, target.text, op.text, value)  # type: ignore[arg-type]
