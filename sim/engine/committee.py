"""Buying committees: the people of a large deal, their personal meters, who is engaged, and
actions aimed at one of them.

A persona's committee lists 2..4 members with roles. Member 0 is the contact on the card and
reads the deal's own meters, so a command without a contact means what it always did. Each
other member has a personal copy of the committee's `meters` (say trust and interest), drawn
from a generator of its own (seed, customer), so customers without a committee, and every
draw that existed before, are unchanged. An action aimed at member k reads and changes k's
personal meters; every other meter, the facts and the stage belong to the deal.
Expressions read `engaged.<role>`, `committee.size` and `committee.engaged`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sim.engine.phrases import Phrase
from sim.scenario.expr import COMMITTEE_NAMES, ROLES, Effect
from sim.scenario.model import Committee, Scenario

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer, Getter
    from sim.engine.game import Game
    from sim.engine.identity import Identity

ROLE_LABELS = {
    "user": Phrase("User"),
    "economic_buyer": Phrase("Economic buyer"),
    "technical_evaluator": Phrase("Technical evaluator"),
    "procurement": Phrase("Procurement"),
    "champion": Phrase("Champion"),
}


def committee_of(scenario: Scenario, c: Customer) -> Committee | None:
    """The customer's committee (None: a single contact)."""
    if c.members is None:
        return None
    return scenario.persona(c.persona).committee


def draw_members(scenario: Scenario, game_seed: int, c: Customer) -> None:
    """Give a new customer the personal meters of their committee's members 1..n."""
    com = scenario.persona(c.persona).committee
    if com is None:
        return
    rng = random.Random(f"{game_seed}:committee:{c.index}")
    defaults = {m.id: m.default for m in scenario.meters}
    members = []
    for member in com.members[1:]:
        meters = {mid: defaults[mid] for mid in com.meters}
        for mid, lo, hi in member.meters:
            meters[mid] = float(round(lo + (hi - lo) * rng.random()))
        members.append(meters)
    c.members = members


def personal(scenario: Scenario, c: Customer, k: int) -> dict[str, float]:
    """Member k's personal meters (member 0: the deal's own, read live)."""
    com = committee_of(scenario, c)
    if com is None:
        return {}
    if k == 0:
        return {mid: c.meters[mid] for mid in com.meters}
    assert c.members is not None
    return c.members[k - 1]


class MemberEnv(Mapping[str, Any]):
    """A customer's names as member k sees them: their personal meters over the deal's."""

    __slots__ = ("_base", "_own")

    def __init__(self, base: Mapping[str, Any], own: Mapping[str, float]) -> None:
        self._base, self._own = base, own

    def __getitem__(self, name: str) -> Any:
        if name in self._own:
            return self._own[name]
        return self._base[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


def as_member(scenario: Scenario, c: Customer, k: int, env: Mapping[str, Any]) -> Mapping[str, Any]:
    """`env` as member k sees it (k = 0: `env` itself): their meters, their contacts today."""
    if k == 0:
        return env
    day = int(env["day"])
    return MemberEnv(env, {**personal(scenario, c, k), "contacts_today": touches(c, k, day)})


def touches(c: Customer, k: int, day: int) -> int:
    """How often member k (k >= 1) was contacted today."""
    when, n = c.member_contacts.get(k, (day, 0)) if c.member_contacts else (day, 0)
    return n if when == day else 0


def touch(c: Customer, k: int, day: int) -> int:
    """Count a contact with member k today (k >= 1); returns their contacts today."""
    n = touches(c, k, day) + 1
    if c.member_contacts is None:
        c.member_contacts = {}
    c.member_contacts[k] = (day, n)
    return n


def engaged(scenario: Scenario, c: Customer, env: Mapping[str, Any]) -> list[bool]:
    """For each member, whether they are engaged (the committee's `engagedWhen`)."""
    com = committee_of(scenario, c)
    if com is None:
        return []
    return [
        bool(com.engaged.evaluate(as_member(scenario, c, k, env))) for k in range(len(com.members))
    ]


def check_target(scenario: Scenario, c: Customer, k: int) -> str:
    """Why an action cannot be aimed at member k ('' when it can)."""
    if k == 0:
        return ""
    com = committee_of(scenario, c)
    if com is None:
        return "This customer has no buying committee: talk to the contact on the card."
    if not 0 <= k < len(com.members):
        return f"There is no committee member #{k} (members 0..{len(com.members) - 1})."
    return ""


def apply_effects(
    scenario: Scenario,
    c: Customer,
    k: int,
    effects: Iterable[Effect],
    env: Mapping[str, Any],
    deal_effects: Any,
) -> dict[str, float]:
    """Apply an outcome aimed at member k: personal meters change for k, the rest through
    `deal_effects` (the game's own effect routine). Returns the deltas, as the game does."""
    own = personal(scenario, c, k)
    mine = [e for e in effects if e.target in own]
    deltas: dict[str, float] = {}
    for eff in mine:
        m = scenario.meter(eff.target)
        old = own[eff.target]
        new = min(m.max, max(m.min, float(eff.apply(old, MemberEnv(env, own)))))
        own[eff.target] = new
        deltas[eff.target] = round(deltas.get(eff.target, 0.0) + new - old, 2)
    rest = deal_effects(c, [e for e in effects if e.target not in own])
    return {**{t: d for t, d in deltas.items() if d}, **rest}


def getters(scenario: Scenario, get: dict[str, Getter]) -> dict[str, Getter]:
    """How to read the committee names from a customer (empty without any committee)."""
    if not scenario.has_committees:
        return {}
    from sim.engine.customer import CustomerEnv

    def roles_engaged(c: Customer, day: int) -> dict[str, bool]:
        com = committee_of(scenario, c)
        if com is None:
            return {}
        flags = engaged(scenario, c, CustomerEnv(c, get, day))
        out: dict[str, bool] = {}
        for member, flag in zip(com.members, flags, strict=True):
            out[member.role] = out.get(member.role, False) or flag
        return out

    def role(r: str) -> Getter:
        return lambda c, day: roles_engaged(c, day).get(r, False)

    def count(c: Customer, day: int) -> int:
        return sum(engaged(scenario, c, CustomerEnv(c, get, day))) if c.members is not None else 0

    out: dict[str, Getter] = {f"engaged.{r}": role(r) for r in ROLES}
    out["committee.size"] = lambda c, day: len(c.members) + 1 if c.members is not None else 0
    out["committee.engaged"] = count
    assert set(out) == set(COMMITTEE_NAMES)
    return out


# -- people ------------------------------------------------------------------------------------


def member_identity(locale: str, game_seed: int, index: int, k: int) -> Identity:
    """Member k's name (k >= 1), from Faker seeded for (seed, customer, member): the same
    whoever asks first. Member 0 is the customer's own identity."""
    from sim.engine.identity import make_identity

    return make_identity(locale, game_seed + 7_919 * k, index)


_PERSON = re.compile(r"\{(contact|first_name|title)\}")


def speak_as(text: str, name: str, first_name: str, title: str) -> str:
    """Fill the person placeholders of a feedback text for a committee member; the company's
    placeholders stay for the card's usual filling."""
    values = {"contact": name, "first_name": first_name, "title": title}
    return _PERSON.sub(lambda m: values[m.group(1)], text)


def people(game: Game, index: int) -> list[dict[str, Any]]:
    """The committee of customer `index` as the card shows it: per member their name, title,
    role, personal meters, whether they are engaged and how often they were contacted today
    against the day's limit (empty without a committee)."""
    sc = game.scenario
    c = game.customer(index)
    com = committee_of(sc, c)
    if com is None:
        return []
    flags = engaged(sc, c, c.env(sc, game.day))
    out = []
    for k, (member, flag) in enumerate(zip(com.members, flags, strict=True)):
        if k == 0:
            name = game.identity(index).contact
        else:
            name = member_identity(sc.metadata.locale, game.seed, index, k).contact
        out.append(
            {
                "member": k,
                "name": name,
                "title": member.label,
                "role": member.role,
                "role_label": ROLE_LABELS[member.role],
                "meters": {mid: round(v) for mid, v in personal(sc, c, k).items()},
                "engaged": flag,
                "today": c.contacts_today if k == 0 else touches(c, k, game.day),
                "limit": sc.dynamics.contacts_per_day,
            }
        )
    return out


def work_lines(
    scenario: Scenario, deals: Mapping[int, Any], log: Iterable[Any], company: Any
) -> list[str]:
    """The debrief's lines for the committee work on each deal that has a committee and was
    won or is still open: 'Acme (#3), won: Chief financial officer 4×, Purchasing manager 2×,
    Operations manager (on the card) 6×' (the contact on the card last). `deals` are the
    log's deal stories (persona, stage), `log` the events (actions with their `contact`),
    `company(i)` a customer's company."""
    from sim.engine.events import ActionTaken  # the log's own types, read here only

    aimed: dict[int, dict[int, int]] = {}
    for ev in log:
        if isinstance(ev, ActionTaken) and scenario.action(ev.action).contact:
            per = aimed.setdefault(ev.customer, {})
            per[ev.contact or 0] = per.get(ev.contact or 0, 0) + 1
    won = scenario.won_stage.id
    out: list[str] = []
    for i in sorted(aimed):
        d = deals.get(i)
        com = scenario.persona(d.persona).committee if d is not None else None
        if d is None or com is None or not (d.stage == won or scenario.stage(d.stage).is_open):
            continue
        # The contact on the card comes last: a saved report's plain text is translated by
        # matching templates, and '... (on the card) {n}×' can only match at the end.
        who: list[str] = [
            f"{m.label} {aimed[i][k]}×" for k, m in enumerate(com.members) if k and aimed[i].get(k)
        ]
        if aimed[i].get(0):
            label = com.members[0].label
            who.append(Phrase("{member} (on the card) {n}×", member=label, n=aimed[i][0]))
        state = (
            Phrase("won")
            if d.stage == won
            else Phrase("open at {stage}", stage=scenario.stage(d.stage).label)
        )
        out.append(
            Phrase(
                "{company} (#{index}), {state}: {members}",
                company=company(i),
                index=i,
                state=state,
                members=_listing(who),
            )
        )
    return out


def _listing(items: list[str]) -> str:
    """`items` as one list, each a `Phrase` where it is one (the language's separator)."""
    if len(items) <= 1:
        return items[0] if items else ""
    return Phrase("{first}, {rest}", first=items[0], rest=_listing(items[1:]))
