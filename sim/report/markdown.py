"""The debrief as Markdown: headings, tables and key moments, for pasting into a wiki.

Scenario and customer text is untrusted: `&`, `<` and `>` become entities (a wiki that
renders inline HTML shows them as text) and Markdown punctuation is backslash-escaped.
"""

from __future__ import annotations

import re

from sim.engine.fmt import score, signed
from sim.i18n import _, phrase, tr
from sim.report import tables
from sim.report.debrief import Debrief, Moment
from sim.report.notebook import ghost_when, notebook_table
from sim.report.tables import Cell, Code, Points, Strong, Table, Text, tag, who

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


def cell(v: Cell) -> str:
    """One table cell: untrusted `Text` escaped, the other markers as Markdown."""
    if isinstance(v, Text):
        return md(v.text)
    if isinstance(v, Code):
        return code(v.text)
    if isinstance(v, Points):
        return signed(v.points)
    if isinstance(v, Strong):
        return f"**{cell(v.value)}**"
    return str(v)


def table(t: Table) -> list[str]:
    """A GitHub-style table, then its note; its `empty` sentence instead when it has no rows."""
    if not t.rows and t.empty:
        return [t.empty]
    seps = {"l": "---", "r": "--:"}
    rows = t.rows + ((t.total,) if t.total is not None else ())
    out = [
        "| " + " | ".join(t.headers) + " |",
        "| " + " | ".join(seps[a] for a in t.align) + " |",
    ]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out + (["", t.note] if t.note else [])


def _who(m: Moment) -> str:
    return md(who(m)) if m.customer is not None else "—"


def _moment(m: Moment) -> list[str]:
    head = f"{m.rank}. **{tag(m)} · " + tr("day {day}", day=m.day) + f" · {_who(m)}"
    head += f" · {md(phrase(m.action))}**" if m.action else "**"
    lines = [head + f" — {signed(m.points)} {md(m.dimension)}  ", f"   {md(phrase(m.text))}  "]
    if m.odds:
        lines.append(f"   *{_('Odds:')}* {md(phrase(m.odds))}  ")
    if m.better:
        lines.append(f"   *{_('Better:')}* {md(phrase(m.better))}  ")
    lines.append("   " + tr("Rule {rule} at {source}", rule=code(m.rule), source=code(m.source)))
    return lines


def render_markdown(d: Debrief) -> str:
    """The whole debrief as one Markdown document."""
    L: list[str] = ["# " + tr("Debrief: {title}", title=md(d.title)), ""]
    L += [" · ".join(f"{k} {cell(v)}" for k, v in tables.facts(d)), ""]
    head = tr("Score {score} / 100, grade {grade}.", score=score(d.total), grade=md(d.grade or "—"))
    L += [f"**{head}** {md(phrase(d.grade_text))}", ""]
    if d.ghost_total is not None:
        diff = d.total - d.ghost_total
        L += [
            tr(
                "Ghost (the expert bot on the same seed{when}): {score} / 100, grade {grade} "
                "({diff} for you).",
                when=ghost_when(d),
                score=score(d.ghost_total),
                grade=md(d.ghost_grade or "—"),
                diff=signed(round(diff, 1)),
            ),
            "",
        ]

    L += ["## " + _("Outcome"), "", *table(tables.outcome_table(d)), ""]
    if d.objections_left:
        L += ["## " + _("Objections left open"), ""]
        L += [f"- {md(line)}" for line in d.objections_left]
        L += [""]
    if d.objections_answered:
        L += ["## " + _("Objections answered"), ""]
        L += [f"- {md(line)}" for line in d.objections_answered]
        L += [""]
    if d.committee_work:
        L += ["## " + _("Buying committees: who you worked"), ""]
        L += [f"- {md(line)}" for line in d.committee_work]
        L += [""]

    L += ["## " + _("Score by dimension"), "", *table(tables.dimension_table(d))]
    tips = tables.work_on(d)
    if tips:
        L += ["", "**" + _("What to work on") + "**", ""]
        L += [f"- **{md(r.label)}** ({score(r.score)}): {md(r.tip)}" for r in tips]
    L.append("")

    L += ["## " + _("Key moments"), ""]
    for heading, moments, none in tables.moment_groups(d):
        L += [f"### {heading}", ""]
        L += [line for m in moments for line in _moment(m)] or [none]
        L.append("")

    if d.ghost_total is not None:
        L += [
            "## " + _("What the expert did differently"),
            "",
            *table(tables.ghost_diff_table(d)),
            "",
        ]
    L += ["## " + _("Timeline of key moments"), "", *table(tables.timeline_table(d)), ""]
    L += ["## " + _("Funnel by stage"), "", *table(tables.funnel_table(d)), ""]
    L += [
        "## " + _("Pipeline by day"),
        "",
        _(
            "Open pipeline and weighted value (Σ value × stage probability) at the "
            "end of each day, and revenue won so far."
        ),
        "",
        *table(tables.pipeline_table(d)),
        "",
    ]
    L += ["## " + _("Forecast"), "", *table(tables.forecast_table(d)), ""]
    L += ["## " + _("Deals"), "", *table(tables.deals_table(d)), ""]
    L += ["## " + _("Your notebook"), "", *table(notebook_table(d.notebook)), ""]

    L += ["## " + _("Every point explained"), ""]
    for r in d.dimensions:
        L += [f"### {md(r.label)}: {score(r.score)} / 100", "", *table(tables.rules_table(r)), ""]
    return "\n".join(L).rstrip() + "\n"
