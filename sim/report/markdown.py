"""The debrief as Markdown: headings, tables and key moments, for pasting into a wiki.

Scenario and customer text is untrusted: `&`, `<` and `>` become entities (a wiki that
renders inline HTML shows them as text) and Markdown punctuation is backslash-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sim.report.debrief import Debrief, Moment
from sim.report.fmt import money, pct, result_label, score, signed

MAX_DEALS = 200
"""Deals listed in the Deals table; the rest are counted (the JSON report has them all)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")


def md(text: object) -> str:
    """Escape untrusted text for Markdown (inline, one line)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", " ".join(s.split()))
    return _MD_LINE_START.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2))
        ),
        s,
    )


def code(text: object) -> str:
    """An identifier or path as a code span (backticks removed; they cannot occur in ids)."""
    return "`" + str(text).replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> list[str]:
    """A GitHub-style table; `align` has one letter per column: l, r or c."""
    seps = {"l": "---", "r": "--:", "c": ":-:"}
    out = [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join(seps.get(a, "---") for a in align.ljust(len(headers), "l")) + " |",
    ]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def _who(m: Moment) -> str:
    if m.customer is None:
        return "—"
    return f"{md(m.contact)} ({md(m.company)})" if m.company else md(m.contact)


def _moment(m: Moment, label: str) -> list[str]:
    head = f"{m.rank}. **{label}{m.rank} · day {m.day} · {_who(m)}"
    head += f" · {md(m.action)}**" if m.action else "**"
    lines = [head + f" — {signed(m.points)} {md(m.dimension)}  ", f"   {md(m.text)}  "]
    if m.better:
        lines.append(f"   *Better:* {md(m.better)}  ")
    lines.append(f"   Rule {code(m.rule)} at {code(m.source)}")
    return lines


def render_markdown(d: Debrief) -> str:
    """The whole debrief as one Markdown document."""
    cur = d.currency
    o = d.outcome
    g = d.ghost_outcome
    L: list[str] = [f"# Debrief: {md(d.title)}", ""]
    meta = [f"Scenario {code(d.scenario_id)}", f"seed {d.seed}"]
    if d.player:
        meta.append(f"player {md(d.player)}")
    if d.saved:
        meta.append(f"saved {md(d.saved)}")
    meta.append(f"{'finished' if d.finished else 'unfinished'}: day {d.days_played} of {d.days}")
    L += [" · ".join(meta), ""]
    L += [f"**Score {score(d.total)} / 100, grade {md(d.grade or '—')}.** {md(d.grade_text)}", ""]
    if d.ghost_total is not None:
        diff = d.total - d.ghost_total
        L += [
            f"Ghost (the expert bot on the same seed): {score(d.ghost_total)} / 100, grade "
            f"{md(d.ghost_grade or '—')} ({signed(round(diff, 1))} for you).",
            "",
        ]

    L += ["## Outcome", ""]

    def gv(key: str, f: Callable[[Any], str]) -> str:
        return f(g[key]) if g and key in g else "—"

    L += table(
        ["Figure", "You", "Ghost"],
        [
            ["Revenue", money(o["revenue"], cur), gv("revenue", lambda v: money(v, cur))],
            ["Quota", money(o["quota"], cur), ""],
            ["Quota attainment", pct(o["attainment"]), gv("attainment", pct)],
            [
                "Won / lost / open",
                f"{o['won']} / {o['lost'] + o['disqualified']} / {o['open']}",
                f"{g['won']} / {g['lost']} / {g['open']}" if g else "—",
            ],
            ["Win rate", pct(o["win_rate"]), gv("win_rate", pct)],
            [
                "Average cycle (won deals)",
                f"{o['cycle_days']:.1f} days",
                gv("cycle_days", lambda v: f"{v:.1f} days"),
            ],
            ["Open pipeline at the end", money(o["pipeline"], cur), ""],
            ["Weighted pipeline", money(o["weighted_pipeline"], cur), ""],
            ["Pipeline coverage (pipeline ÷ quota)", f"{o['coverage']:.2f}×", ""],
            ["Sales velocity", f"{money(o['velocity'], cur)} / day", ""],
        ],
        "lrr",
    )
    L.append("")

    L += ["## Score by dimension", ""]
    L += table(
        ["Dimension", "Weight", "You", "Ghost", "Δ", "Points to total"],
        [
            [
                md(r.label),
                f"{r.weight:g}",
                score(r.score),
                score(r.ghost),
                signed(round(r.score - r.ghost, 1)) if r.ghost is not None else "—",
                score(r.contribution),
            ]
            for r in d.dimensions
        ]
        + [
            [
                "**Total**",
                "100",
                f"**{score(d.total)}**",
                score(d.ghost_total),
                signed(round(d.total - d.ghost_total, 1)) if d.ghost_total is not None else "—",
                score(d.total),
            ]
        ],
        "lrrrrr",
    )
    tips = [r for r in d.dimensions if r.needs_work and r.tip]
    if tips:
        L += ["", "**What to work on**", ""]
        L += [f"- **{md(r.label)}** ({score(r.score)}): {md(r.tip)}" for r in tips]
    L.append("")

    L += ["## Key moments", "", "### Best decisions", ""]
    for m in d.best:
        L += _moment(m, "B")
    if not d.best:
        L.append("No decision earned points this run.")
    L += ["", "### Worst decisions", ""]
    for m in d.worst:
        L += _moment(m, "W")
    if not d.worst:
        L.append("No decision cost points this run.")
    L.append("")

    L += ["## Timeline of key moments", ""]
    if d.timeline:
        L += table(
            ["Day", "Moment", "Customer", "Action", "Points"],
            [
                [
                    m.day if m.day is not None else "—",
                    ("B" if m.kind == "best" else "W") + str(m.rank),
                    _who(m),
                    md(m.action) or "—",
                    signed(m.points),
                ]
                for m in d.timeline
            ],
            "rllll",
        )
    else:
        L.append("No key moments.")
    L.append("")

    L += ["## Funnel by stage", ""]
    L += table(
        ["Stage", "Win %", "Deals reached", "Value", "Conversion", "Open at the end", "Lost here"],
        [
            [
                md(f.label),
                f"{f.probability}%",
                f.reached,
                money(f.value, cur),
                pct(f.conversion) if f.conversion is not None else "—",
                f.open_here,
                f.lost_here,
            ]
            for f in d.funnel
        ],
        "lrrrrrr",
    )
    L.append("")

    L += [
        "## Pipeline by day",
        "",
        "Open pipeline and weighted value (Σ value × stage probability) at the "
        "end of each day, and revenue won so far.",
        "",
    ]
    L += table(
        ["Day", "Open deals", "Pipeline", "Weighted", "Won so far", "Won / lost"],
        [
            [
                p.day,
                p.open,
                money(p.value, cur),
                money(p.weighted, cur),
                money(p.won_value, cur),
                f"{p.won} / {p.lost}",
            ]
            for p in d.pipeline
        ],
        "rrrrrr",
    )
    L.append("")

    fc = d.forecast
    L += ["## Forecast", ""]
    if fc.get("commitments"):
        L += table(
            ["Checkpoint", "Deals committed", "Forecast", "Actual"],
            [
                [
                    f"day {c['checkpoint']}",
                    c["deals"],
                    money(c["amount"], cur) if c["amount"] is not None else "not committed",
                    money(c["actual"], cur) if c["actual"] is not None else "—",
                ]
                for c in fc["commitments"]
            ],
            "lrrr",
        )
        L += [
            "",
            f"Accuracy {pct(fc.get('accuracy'))}, bias {signed(round(fc.get('bias', 0) * 100))}%, "
            f"Brier score {fc.get('brier', 0):.2f} (0 is perfect).",
            "",
        ]
    else:
        L += ["No forecast checkpoint in this run.", ""]

    L += ["## Deals", ""]
    L += table(
        ["#", "Company", "Contact", "Persona", "Value", "Ended at", "Result"],
        [
            [
                x.customer,
                md(x.company),
                md(x.contact),
                md(x.persona),
                money(x.value, cur),
                md(x.stage),
                result_label(x.result) + (f" (day {x.closed})" if x.closed is not None else ""),
            ]
            for x in d.deals[:MAX_DEALS]
        ],
        "rlllrll",
    )
    if len(d.deals) > MAX_DEALS:
        L += ["", f"…and {len(d.deals) - MAX_DEALS} more deals (the JSON report lists them all)."]
    L.append("")

    L += ["## Every point explained", ""]
    for r in d.dimensions:
        L += [f"### {md(r.label)}: {score(r.score)} / 100", ""]
        L += table(
            ["Rule", "Times", "Points", "Example", "Written at"],
            [
                [code(s.rule), s.count, signed(s.points), md(s.example), code(s.source)]
                for s in r.rules
            ],
            "lrrll",
        )
        L.append("")
    return "\n".join(L).rstrip() + "\n"
