"""The coach's reading of one customer: each exit criterion with its current value and
threshold, what moves the deal on, why it is a bad fit, and which action builds what is
missing — all derived from the scenario's expressions (`sim.scenario.explain`).

Only what the trainee has discovered is shown: a hidden fact reads "unknown" even when a
criterion (badly written) tests its hidden value. Pure: reads a `Game`, changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine import hints
from sim.engine.committee import committee_of
from sim.engine.outcomes import style_hidden
from sim.engine.phrases import Phrase
from sim.scenario.explain import Test, explain, leaves, makers, movers

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer
    from sim.engine.game import Game
    from sim.scenario.model import Action, Criterion, Outcome, Scenario

FLAG_LABELS = {"large": Phrase("Large deal")}


@dataclass(frozen=True, slots=True)
class Part:
    """One tested value of a criterion: 'Trust' '32 / 40', met or not."""

    label: str
    value: str
    met: bool


@dataclass(frozen=True, slots=True)
class CriterionView:
    """An exit criterion as the card shows it."""

    text: str
    met: bool
    parts: tuple[Part, ...]
    better: str
    """The action that works toward it ('' when met or when none does)."""
    unsure: bool = False
    """Met or not depends on the buyer's buying style, which the trainee has not learned
    yet (`met` is then False and the parts are the ones to work toward): the card shows
    neither ✓ nor ✗, so the gate does not give the hidden style away."""


def _fact_label(sc: Scenario, fact: str) -> str:
    return next((f.label for f in sc.facts if f.id == fact), fact)


def _meter_label(sc: Scenario, meter: str) -> str:
    return next((m.label for m in sc.meters if m.id == meter), meter)


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:g}"


def _part(sc: Scenario, c: Customer, t: Test, env: Mapping[str, Any]) -> Part | None:
    if t.kind == "meter":
        cur = float(env.get(t.name, 0.0))
        met = {
            "<": cur < t.number,
            "<=": cur <= t.number,
            ">": cur > t.number,
            ">=": cur >= t.number,
            "==": cur == t.number,
            "!=": cur != t.number,
        }[t.op]
        value = (
            f"{_num(cur)} / {_num(t.number)}"
            if t.op in (">=", ">")
            else Phrase(
                "{value} (needs {op} {number})", value=_num(cur), op=t.op, number=_num(t.number)
            )
        )
        return Part(_meter_label(sc, t.name), value, met)
    if t.kind in ("fact", "known"):
        label = _fact_label(sc, t.name)
        if t.name not in c.known:
            return Part(label, Phrase("unknown"), False)
        truth = c.facts.get(t.name)
        if t.kind == "known":
            shown = (
                Phrase("yes")
                if truth is True
                else (Phrase("no") if truth is False else _num(float(truth or 0)))
            )
            return Part(label, Phrase("known ({value})", value=shown), True)
        holds = bool(truth) == t.positive
        if t.positive:
            no = Phrase("no {fact}", fact=label.lower())
            return Part(label, Phrase("confirmed") if holds else no, holds)
        return Part(label, Phrase("no") if holds else Phrase("yes"), holds)
    if t.kind == "flag" and t.name.startswith("engaged."):
        who = _member(sc, c, t.name[8:])
        if who is not None:  # a committee role: name the person, as the committee list does
            val = bool(env.get(t.name))
            shown = Phrase("engaged") if val else Phrase("not engaged")
            return Part(who[1], shown, val == t.positive)
    if t.kind == "flag":
        val = bool(env.get(t.name))
        yes_no = Phrase("yes") if val else Phrase("no")
        return Part(FLAG_LABELS.get(t.name, t.name), yes_no, val == t.positive)
    return None


def _parts(sc: Scenario, c: Customer, t: Test, env: Mapping[str, Any], met: bool) -> list[Part]:
    if t.kind == "all":
        return [p for x in t.parts for p in _parts(sc, c, x, env, met)]
    if t.kind == "any":
        alts = [_parts(sc, c, x, env, met) for x in t.parts]
        if met:  # show the alternative that holds
            return next((a for a in alts if a and all(p.met for p in a)), alts[0])
        # unmet: the alternatives one can work toward (not built-in flags like `large`; a
        # committee member's engagement is work: aim actions at them)
        work = [a for x, a in zip(t.parts, alts, strict=True) if _workable(x)]
        return [p for a in (work or alts) for p in a]
    p = _part(sc, c, t, env)
    return [p] if p else []


def _workable(t: Test) -> bool:
    """Whether the trainee can work toward a test: anything but a built-in flag (`large`),
    except a committee member's engagement (`engaged.<role>`), which is won by aimed work."""
    return t.kind != "flag" or t.name.startswith("engaged.")


def _member(sc: Scenario, c: Customer, role: str) -> tuple[int, str] | None:
    """The first member of `role` in the customer's committee: (index, label), or None."""
    com = committee_of(sc, c)
    if com is None:
        return None
    return next(((k, m.label) for k, m in enumerate(com.members) if m.role == role), None)


def _engage_hint(sc: Scenario, c: Customer, role: str, env: Mapping[str, Any]) -> str:
    """'Visit / business lunch (v), aimed at the Chief financial officer: trust +15'."""
    com = committee_of(sc, c)
    who = _member(sc, c, role)
    if com is None or who is None:
        return ""
    for meter in com.meters:
        acts = hints.builders_now(sc, c, Test("meter", meter, ">=", 0.0), env)
        if acts:
            a, low, high = acts[0]
            if low != high:
                return Phrase(
                    "{action} ({key}), aimed at the {who}: {meter} {low} to {high}",
                    action=a.label,
                    key=a.key,
                    who=who[1],
                    meter=_meter_label(sc, meter).lower(),
                    low=f"{low:+g}",
                    high=f"{high:+g}",
                )
            return Phrase(
                "{action} ({key}), aimed at the {who}: {meter} {amount}",
                action=a.label,
                key=a.key,
                who=who[1],
                meter=_meter_label(sc, meter).lower(),
                amount=f"{low:+g}",
            )
    return ""


def _better(sc: Scenario, c: Customer, t: Test, env: Mapping[str, Any], made: bool = True) -> str:
    for leaf in leaves(t):
        p = _part(sc, c, leaf, env)
        if p is None or p.met:
            continue
        if leaf.kind == "flag":
            if leaf.name.startswith("engaged.") and (
                hint := _engage_hint(sc, c, leaf.name[8:], env)
            ):
                return hint
            continue
        if leaf.kind in ("fact", "known") and leaf.name in c.known:
            if made and (hint := _made_by(sc, c, leaf, p, env)):
                return hint
            dq = next((a for a in sc.actions if "disqualify" in a.tags), None)
            then = f"{dq.label} ({dq.key})" if dq else Phrase("consider disqualifying")
            return Phrase(
                "{label}: {value}, and nothing changes that — {then}",
                label=p.label,
                value=p.value,
                then=then,
            )
        acts = hints.builders_now(sc, c, leaf, env)
        if acts:
            a, low, high = acts[0]
            return hints.action_hint(a, leaf, p.label, low, high)
    return ""


def _made_by(sc: Scenario, c: Customer, t: Test, p: Part, env: Mapping[str, Any]) -> str:
    """'Champion: no champion — Process workshop (w) can change that if it succeeds': a
    known fact that an action (or one of its variants) can make what the criterion wants;
    when the variant's condition does not hold yet, what to do before it ('' when no action
    can)."""
    for a, when in makers(sc, t, c.stage):
        if when is None or when.evaluate(env):
            return Phrase(
                "{label}: {value} — {action} ({key}) can change that if it succeeds",
                label=p.label,
                value=p.value,
                action=a.label,
                key=a.key,
            )
        first = _better(sc, c, explain(when.source, sc), env, made=False)
        if first:
            return Phrase(
                "{label}: {value} — {action} ({key}) can change that; before it: {first}",
                label=p.label,
                value=p.value,
                action=a.label,
                key=a.key,
                first=first,
            )
    if found := makers(sc, t, c.stage):
        return Phrase(
            "{label}: {value} — {action} ({key}) can change that later",
            label=p.label,
            value=p.value,
            action=found[0][0].label,
            key=found[0][0].key,
        )
    return ""


def criteria(game: Game, c: Customer) -> list[CriterionView]:
    """The current stage's exit criteria for customer `c`, as the card shows them."""
    sc = game.scenario
    env = c.env(sc, game.day)
    out = []
    for cr in game.stage_of(c).exit:
        out.append(view(sc, c, cr, env))
    return out


def view(sc: Scenario, c: Customer, cr: Criterion, env: Mapping[str, Any]) -> CriterionView:
    met = bool(cr.when.evaluate(env))
    tree = explain(cr.when.source, sc)
    unsure = (
        style_unknown(sc, c)
        and len({bool(cr.when.evaluate({**env, "style": s.id})) for s in sc.styles}) > 1
    )
    if unsure:
        met = False  # as far as the trainee can tell: shown as the parts to work toward
    return CriterionView(
        cr.text,
        met,
        tuple(_parts(sc, c, tree, env, met)),
        "" if met else _better(sc, c, tree, env),
        unsure,
    )


def style_unknown(sc: Scenario, c: Customer) -> bool:
    """Whether the buyer's style is hidden in this scenario and not learned yet."""
    return "style" not in c.known and style_hidden(sc)


def style_hint(sc: Scenario, c: Customer) -> str:
    """'depends on the buyer's style — First meeting (v) reveals it', for an unsure criterion."""
    acts = sorted(
        (a for a in sc.actions if c.stage in a.stages and "style" in a.success.reveal),
        key=lambda a: a.hours,
    )
    if not acts:
        return Phrase("depends on the buyer's style, not learned yet")
    return Phrase(
        "depends on the buyer's style, not learned yet — {action} ({key}) reveals it",
        action=acts[0].label,
        key=acts[0].key,
    )


def moves_on(game: Game, c: Customer) -> list[str]:
    """'Discovery meeting (d): moves to Qualification when it succeeds' for the deal's stage."""
    sc = game.scenario
    found = movers(sc, c.stage)
    if not found:
        return []
    order = {s.id: (s.index if s.is_open else len(sc.stages)) for s in sc.stages}
    nearest = min(order[d] for _, d, _ in found)  # the next step, not a leap to the end
    out: list[str] = []
    for a, dest, only_success in found:
        if order[dest] != nearest:
            continue
        st = sc.stage(dest)
        what = Phrase("wins the deal") if st.terminal == "won" else f"→ {st.label}"
        if only_success:
            out.append(
                Phrase(
                    "{action} ({key}) {what} if it succeeds", action=a.label, key=a.key, what=what
                )
            )
        else:
            out.append(
                Phrase("{action} ({key}) {what} (either way)", action=a.label, key=a.key, what=what)
            )
    return out


def moves_on_blocked(game: Game, c: Customer) -> list[str]:
    """'“I need my boss to sign off” (Meet their decision maker (v))': the open objections
    that block the gate, so no move in `moves_on` can take the deal on until answered."""
    from sim.engine.objections import better, gate_blockers

    sc = game.scenario
    blocking = {o.id for _, d, _ in movers(sc, c.stage) for o in gate_blockers(sc, c, d)}
    env = c.env(sc, game.day) if blocking else {}
    out = []
    for o in sc.objections:
        if o.id in blocking:
            fix = better(sc, c, o, env)
            out.append(
                Phrase("“{objection}” ({answer})", objection=o.label, answer=fix)
                if fix
                else f"“{o.label}”"
            )
    return out


def bad_fit_reasons(game: Game, c: Customer) -> list[str]:
    """Discovered facts that on their own prove the customer a bad fit ('Budget: no')."""
    sc = game.scenario
    bf = sc.dynamics.bad_fit
    if bf is None:
        return []
    env = c.env(sc, game.day)
    bools = [n for n in bf.names if n in c.facts and isinstance(c.facts[n], bool)]
    out: list[str] = []
    for n in bools:
        if n not in c.known:
            continue
        others = [x for x in bools if x != n]
        proven = True
        for combo in range(1 << len(others)):
            e = dict(env)
            for bit, name in enumerate(others):
                e[name] = bool(combo >> bit & 1)
            if not bf.evaluate(e):
                proven = False
                break
        if proven:
            label = _fact_label(sc, n)
            out.append(
                Phrase("{fact}: yes", fact=label)
                if c.facts[n]
                else Phrase("{fact}: no", fact=label)
            )
    return out


# ---------------------------------------------------------------------- judging a decision
def gate_unmet(
    sc: Scenario, c: Customer, a: Action, env: Mapping[str, Any], success: Outcome | None = None
) -> list[Criterion]:
    """Exit criteria of the deal's stage that would still be unmet if `a` succeeded and
    moved the deal on (its reveals and effects counted; `success`: the outcome that applies
    here, when a variant replaces the action's own). Empty when `a` does not move the
    deal forward, or when the gate would be met."""
    win = success if success is not None else a.success
    dest = win.move_to
    if dest is None or "disqualify" in a.tags:
        return []
    src, dst = sc.stage(c.stage), sc.stage(dest)
    if dst.terminal == "lost" or dst.index <= src.index:
        return []
    after = dict(env)
    for f in win.reveal:
        after["known." + f] = True
    for eff in win.effects:
        if eff.target in c.meters:
            m = sc.meter(eff.target)
            after[eff.target] = min(m.max, max(m.min, float(eff.apply(after[eff.target], after))))
    # What this very action reveals could not be known when deciding: a criterion counts as
    # unmet only if no outcome of those facts would meet it.
    news = [f for f in win.reveal if f not in c.known and isinstance(c.facts.get(f), bool)]
    unmet = []
    for cr in src.exit:
        met = False
        for combo in range(1 << len(news)):
            for bit, f in enumerate(news):
                after[f] = bool(combo >> bit & 1)
            if cr.when.evaluate(after):
                met = True
                break
        if not met:
            unmet.append(cr)
    return unmet


def style_blind(
    sc: Scenario, c: Customer, a: Action, env: Mapping[str, Any], success: Outcome | None = None
) -> bool:
    """Whether the coach's verdict on `a` for `c` would differ by buying style while the
    trainee has not learned the style: the result panel then shows a neutral comment, since
    "good: relationship buyers..." would give the hidden style away. The verdict logged and
    scored stays the one for the buyer's real style."""
    if not style_unknown(sc, c):
        return False
    seen = {
        (j.rating, str(j.text))
        for s in sc.styles
        for j in (judge(sc, c, a, {**env, "style": s.id}, success),)
    }
    return len(seen) > 1


@dataclass(frozen=True, slots=True)
class Judgement:
    """How the coach rates a decision at the moment it is taken, whatever the dice say."""

    rating: str
    """good / neutral / harmful."""
    text: str
    unmet: tuple[str, ...]
    """The exit criteria the action would push the deal through."""
    better: str = ""
    """What to do first instead ('' when nothing is unmet)."""


def judge(
    sc: Scenario, c: Customer, a: Action, env: Mapping[str, Any], success: Outcome | None = None
) -> Judgement:
    """The playbook's advice for `a` at the deal's stage in this situation; an action that
    would move the deal on through an unmet gate is harmful whatever the advice says, and
    a contact beyond the scenario's `contactsPerDay` is never good (neutral, saying why).
    `success`: the outcome that applies here (a variant's), when not the action's own."""
    adv = a.advice_for(c.stage, env)
    rating = adv.rating if adv else "neutral"
    text = adv.text if adv else ""
    unmet = gate_unmet(sc, c, a, env, success)
    hint = ""
    if unmet:
        hint = next(
            (h for cr in unmet if (h := _better(sc, c, explain(cr.when.source, sc), env))), ""
        )
        texts = "; ".join(cr.text.rstrip(".") for cr in unmet)
        if not hint:
            text = Phrase(
                "The gate is not met ({unmet}), so this pushes the deal on too early.",
                unmet=texts,
            )
        elif "nothing changes that" in hint:
            text = Phrase(
                "The gate is not met ({unmet}), so this pushes the deal on too early. {hint}.",
                unmet=texts,
                hint=hint,
            )
        else:
            text = Phrase(
                "The gate is not met ({unmet}), so this pushes the deal on too early. "
                "First: {hint}.",
                unmet=texts,
                hint=hint,
            )
        rating = "harmful"
    elif (n := contact_number(sc, a, env)) > sc.dynamics.contacts_per_day:
        # The right move on the wrong day: one contact too many annoys them (the
        # over-contact rule scores that), so the coach cannot call it good.
        limit = sc.dynamics.contacts_per_day
        if rating != "harmful":
            rating = "neutral"
            text = (
                Phrase(
                    "{advice} But this is contact {n} with them today, more than the {limit} "
                    "a day they welcome: they will feel pushed. Come back tomorrow.",
                    advice=text,
                    n=n,
                    limit=limit,
                )
                if text
                else Phrase(
                    "This is contact {n} with them today, more than the {limit} a day they "
                    "welcome: they will feel pushed. Come back tomorrow.",
                    n=n,
                    limit=limit,
                )
            )
    return Judgement(rating, text, tuple(cr.text for cr in unmet), hint)


def contact_number(sc: Scenario, a: Action, env: Mapping[str, Any]) -> int:
    """Which contact of the day with this person `a` would be (0: it is not a contact);
    `env` is theirs: a committee member's own count when the action is aimed at them."""
    return int(env.get("contacts_today", 0)) + 1 if a.contact else 0
