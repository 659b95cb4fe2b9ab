"""The debrief's tables, once for every format: headers, formatted cells and alignment.

Each function returns a `Table`; the Markdown and HTML renderers only turn it into markup.
A cell is a trusted value we formatted ourselves (a number, money, a percentage, a fixed
label: shown as is) or one of the markers below, which say what a cell *is* so that each
format can escape and style it:

- `Text`: scenario or customer text, untrusted. Every format must escape it.
- `Code` / `Source`: an identifier (a rule id) / a `file:line:col` location.
- `Points`: signed points (`+2`, `−15`), coloured by sign where the format can.
- `Strong`: emphasised (the total row's label and your total).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.engine.fmt import pct, score, signed
from sim.i18n import N_, _, phrase, tr
from sim.report.debrief import Debrief, DimensionRow, Moment
from sim.report.fmt import forecast_summary, result_label

MAX_DEALS = 200
"""Deals listed in the Deals table; the rest are counted (the JSON report has them all)."""


@dataclass(frozen=True, slots=True)
class Text:
    """Untrusted scenario or customer text: each format escapes it."""

    text: str


@dataclass(frozen=True, slots=True)
class Code:
    """An identifier, shown as code."""

    text: str


@dataclass(frozen=True, slots=True)
class Source(Code):
    """Where a rule is written (`file:line:col`), shown as code."""


@dataclass(frozen=True, slots=True)
class Points:
    """Points with a sign, coloured by sign where the format can."""

    points: float


@dataclass(frozen=True, slots=True)
class Strong:
    """An emphasised cell."""

    value: object


Cell = object
"""A trusted value (str or number, shown as is) or one of `Text`, `Code`, `Points`, `Strong`."""


@dataclass(frozen=True, slots=True)
class Table:
    """One table's content. `align` has a letter per column: 'l' (left) or 'r' (right)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    align: str
    total: tuple[Cell, ...] | None = None
    """A closing total row, or None."""
    empty: str = ""
    """Said instead of the table when it has no rows ('' shows the empty table)."""
    note: str = ""
    """A trusted sentence shown after the table ('' for none)."""


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    align: str,
    **kw: Any,
) -> Table:
    t = Table(tuple(_(h) for h in headers), tuple(tuple(r) for r in rows), align, **kw)
    assert set(align) <= {"l", "r"}, align
    for row in (t.headers, *t.rows, *([t.total] if t.total is not None else [])):
        assert len(row) == len(align), row
    return t


def plain(v: Cell) -> str:
    """A cell's text without markup (and not escaped)."""
    if isinstance(v, Text | Code):
        return v.text
    if isinstance(v, Points):
        return signed(v.points)
    if isinstance(v, Strong):
        return plain(v.value)
    return str(v)


def facts(d: Debrief) -> list[tuple[str, Cell]]:
    """The run in brief, as (label, value) pairs for the line under the title."""
    out: list[tuple[str, Cell]] = [(_("Scenario"), Code(d.scenario_id)), (_("seed"), d.seed)]
    if d.player:
        out.append((_("player"), Text(d.player)))
    if d.saved:
        out.append((_("saved"), Text(d.saved)))
    if d.practice:
        out.append((_("not counted") + _(":"), Text(d.practice)))
    out.append(
        (
            (_("finished") if d.finished else _("unfinished")) + _(":"),
            tr("day {day} of {days}", day=d.days_played, days=d.days),
        )
    )
    return out


def moment_groups(d: Debrief) -> list[tuple[str, tuple[Moment, ...], str]]:
    """The key moments as (heading, moments, what to say when there are none)."""
    return [
        (_("Best decisions"), d.best, _("No decision earned points this run.")),
        (_("Worst decisions"), d.worst, _("No decision cost points this run.")),
    ]


def tag(m: Moment) -> str:
    """A key moment's short name: `B1` for the best, `W2` for the second worst."""
    return ("B" if m.kind == "best" else "W") + str(m.rank)


def who(m: Moment) -> str:
    """`contact (company)` of a key moment ('' when no customer); untrusted text."""
    if m.customer is None:
        return ""
    return f"{m.contact} ({m.company})" if m.company else m.contact


def work_on(d: Debrief) -> list[DimensionRow]:
    """The dimensions whose tip is worth showing."""
    return [r for r in d.dimensions if r.needs_work and r.tip]


@dataclass(frozen=True, slots=True)
class Figure:
    """An outcome figure: yours, and the ghost's where the two are compared."""

    label: str
    you: str
    ghost: str | None
    """The ghost's value, or None (no ghost, or not compared)."""
    compared: bool
    """Whether the figure is compared with the ghost's (a ghost column shows '—' when the
    ghost's is missing, and nothing for a figure not compared)."""


def outcome_figures(d: Debrief) -> dict[str, Figure]:
    """The outcome figures by key, in the order a table lists them."""
    fm = d.fm
    o: Mapping[str, Any] = d.outcome
    g = d.ghost_outcome

    def fig(label: str, you: str, key: str | None = None, f: Callable[[Any], str] = str) -> Figure:
        if key is None:
            return Figure(label, you, None, False)
        return Figure(label, you, f(g[key]) if g and key in g else None, True)

    def cur_money(v: float) -> str:
        return fm.money(v)

    def days(v: float) -> str:
        return tr("{n} days", n=f"{v:.1f}")

    wlo = Figure(
        _("Won / lost / disqualified / open"),
        f"{o['won']} / {o['lost']} / {o['disqualified']} / {o['open']}",
        f"{g['won']} / {g['lost']} / {g['disqualified']} / {g['open']}" if g else None,
        True,
    )
    return {
        "revenue": fig(_("Revenue"), cur_money(o["revenue"]), "revenue", cur_money),
        "quota": fig(_("Quota"), fm.money(o["quota"])),
        "attainment": fig(_("Quota attainment"), pct(o["attainment"]), "attainment", pct),
        "won_lost_open": wlo,
        "win_rate": fig(_("Win rate"), pct(o["win_rate"]), "win_rate", pct),
        "cycle": fig(_("Average cycle (won deals)"), days(o["cycle_days"]), "cycle_days", days),
        "pipeline": fig(_("Open pipeline at the end"), fm.money(o["pipeline"])),
        "weighted": fig(_("Weighted pipeline"), fm.money(o["weighted_pipeline"])),
        "coverage": fig(_("Pipeline coverage (pipeline ÷ quota)"), f"{o['coverage']:.2f}×"),
        "velocity": fig(_("Sales velocity"), tr("{amount} / day", amount=fm.money(o["velocity"]))),
    }


def outcome_table(d: Debrief) -> Table:
    """Every outcome figure, yours against the ghost's."""
    return _table(
        [N_("Figure"), N_("You"), N_("Ghost")],
        [
            [f.label, f.you, f.ghost if f.ghost is not None else "—" if f.compared else ""]
            for f in outcome_figures(d).values()
        ],
        "lrr",
    )


def _delta(you: float, ghost: float | None) -> Cell:
    return Points(round(you - ghost, 1)) if ghost is not None else "—"


def dimension_table(d: Debrief) -> Table:
    """Score by dimension, yours against the ghost's, with the total."""
    return _table(
        [N_("Dimension"), N_("Weight"), N_("You"), N_("Ghost"), "Δ", N_("Points to total")],
        [
            [
                Text(r.label),
                f"{r.weight:g}",
                score(r.score),
                score(r.ghost),
                _delta(r.score, r.ghost),
                score(r.contribution),
            ]
            for r in d.dimensions
        ],
        "lrrrrr",
        total=(
            Strong(_("Total")),
            "100",
            Strong(score(d.total)),
            score(d.ghost_total),
            _delta(d.total, d.ghost_total),
            score(d.total),
        ),
    )


def ghost_diff_table(d: Debrief) -> Table:
    """For the customers that mattered most: what you did and what the expert did."""
    return _table(
        [N_("Customer"), N_("Value"), N_("You"), N_("Expert (same seed)")],
        [
            [
                Text(f"{g.contact} ({g.company})" if g.company else g.contact),
                d.fm.money(g.value),
                Text(f"{phrase(g.you)} — {phrase(g.you_result)}"),
                Text(f"{phrase(g.ghost)} — {phrase(g.ghost_result)}"),
            ]
            for g in d.ghost_diff
        ],
        "lrll",
        empty=_("The expert's runs of these customers ended as yours did."),
    )


def timeline_table(d: Debrief) -> Table:
    """The key moments in the order they happened."""
    return _table(
        [N_("Day"), N_("Moment"), N_("Customer"), N_("Action"), N_("Points")],
        [
            [
                m.day if m.day is not None else "—",
                tag(m),
                Text(who(m)) if who(m) else "—",
                Text(phrase(m.action)) if m.action else "—",
                Points(m.points),
            ]
            for m in d.timeline
        ],
        "rlllr",
        empty=_("No key moments."),
    )


def funnel_table(d: Debrief) -> Table:
    """How far the deals got, stage by stage."""
    fm = d.fm
    return _table(
        [
            N_("Stage"),
            N_("Win %"),
            N_("Deals reached"),
            N_("Value"),
            N_("Conversion"),
            N_("Open at the end"),
            N_("Lost here"),
        ],
        [
            [
                Text(f.label),
                f"{f.probability}%",
                f.reached,
                fm.money(f.value),
                pct(f.conversion) if f.conversion is not None else "—",
                f.open_here,
                f.lost_here,
            ]
            for f in d.funnel
        ],
        "lrrrrrr",
    )


def pipeline_table(d: Debrief) -> Table:
    """The pipeline at the end of each day."""
    fm = d.fm
    return _table(
        [
            N_("Day"),
            N_("Open deals"),
            N_("Pipeline"),
            N_("Weighted"),
            N_("Won so far"),
            N_("Won / lost"),
        ],
        [
            [
                p.day,
                p.open,
                fm.money(p.value),
                fm.money(p.weighted),
                fm.money(p.won_value),
                f"{p.won} / {p.lost}",
            ]
            for p in d.pipeline
        ],
        "rrrrrr",
    )


def forecast_table(d: Debrief) -> Table:
    """The forecast committed at each checkpoint against what was won, and how good it was."""
    fm = d.fm
    fc = d.forecast
    commitments = fc.get("commitments") or ()
    return _table(
        [N_("Checkpoint"), N_("Deals committed"), N_("Forecast"), N_("Actual")],
        [
            [
                tr("Day {day}", day=c["checkpoint"]),
                c["deals"],
                fm.money(c["amount"]) if c["amount"] is not None else _("not committed"),
                fm.money(c["actual"]) if c["actual"] is not None else "—",
            ]
            for c in commitments
        ],
        "lrrr",
        empty=_("No forecast checkpoint in this run."),
        note=forecast_summary(fc),
    )


def deals_table(d: Debrief) -> Table:
    """Every deal as it ended (the first `MAX_DEALS`; the rest are counted)."""
    fm = d.fm
    more = len(d.deals) - MAX_DEALS
    return _table(
        [
            "#",
            N_("Company"),
            N_("Contact"),
            N_("Persona"),
            N_("Value"),
            N_("Ended at"),
            N_("Result"),
        ],
        [
            [
                x.customer,
                Text(x.company),
                Text(x.contact),
                Text(x.persona),
                fm.money(x.value),
                Text(x.stage),
                result_label(x.result)
                + (" (" + tr("day {day}", day=x.closed) + ")" if x.closed is not None else ""),
            ]
            for x in d.deals[:MAX_DEALS]
        ],
        "rlllrll",
        note=tr("…and {n} more deals (the JSON report lists them all).", n=more)
        if more > 0
        else "",
    )


def rules_table(r: DimensionRow) -> Table:
    """Every rule that scored in a dimension, summed."""
    return _table(
        [N_("Rule"), N_("Times"), N_("Points"), N_("Example"), N_("Written at")],
        [
            [Code(s.rule), s.count, Points(s.points), Text(phrase(s.example)), Source(s.source)]
            for s in r.rules
        ],
        "lrrll",
    )
