"""The debrief as one self-contained HTML file: inline CSS, inline SVG charts, no scripts.

Nothing is fetched: no scripts, fonts, images or style sheets from elsewhere. Every
scenario and customer string goes through `html.escape` (scenario text is untrusted). Each
chart is followed by a table of the numbers behind it; the page prints on A4.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from sim.engine.fmt import score, signed
from sim.i18n import _, language, phrase, tr
from sim.report import svg, tables
from sim.report.debrief import Debrief, Moment
from sim.report.notebook import ghost_when, notebook_table
from sim.report.tables import Cell, Code, Points, Source, Strong, Table, Text, tag, who

CSS = """
:root { --ink:#1f2937; --muted:#4b5563; --line:#e5e7eb; --you:#2563eb; --good:#16a34a; --bad:#dc2626;
        --paper:#ffffff; --panel:#f9fafb; }
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 0 auto; max-width: 980px; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p { margin: .4rem 0; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.summary { color: var(--muted); max-width: 70ch; }
.headline { display: flex; gap: 20px; align-items: center; background: var(--panel); border: 1px solid var(--line);
            border-radius: 10px; padding: 16px 20px; margin: 1rem 0; }
.grade { font-size: 2.6rem; font-weight: 800; width: 4.2rem; height: 4.2rem; border-radius: 50%;
         display: flex; align-items: center; justify-content: center; color: #fff; background: var(--you); flex: none; }
.grade.g-A, .grade.g-B { background: var(--good); } .grade.g-D, .grade.g-F { background: var(--bad); }
.grade.g-C { background: #d97706; }
.headline .total { font-size: 1.35rem; font-weight: 700; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: var(--paper); }
.card .k { color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; }
.card .v { font-size: 1.3rem; font-weight: 700; }
.card .g { color: var(--muted); font-size: .82rem; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .88rem; margin-top: .3rem; }
svg.chart { width: 100%; max-width: 720px; height: auto; display: block; font-family: inherit; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
caption { text-align: left; color: var(--muted); font-size: .85rem; padding-bottom: .25rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--line); }
.moments { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.moment { border: 1px solid var(--line); border-left: 5px solid var(--good); border-radius: 6px;
          padding: 8px 12px; margin: 0 0 10px; background: var(--paper); }
.moment.worst { border-left-color: var(--bad); }
.moment .tag { font-weight: 700; } .moment .pts { float: right; font-weight: 700; }
.moment.best .pts { color: var(--good); } .moment.worst .pts { color: var(--bad); }
.moment .better { background: #fef9c3; padding: 4px 8px; border-radius: 4px; margin-top: 6px; }
.src, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; color: var(--muted); }
.pos { color: var(--good); } .neg { color: var(--bad); }
.tips li { margin: .2rem 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: .6rem; }
@media (max-width: 700px) { .moments { grid-template-columns: 1fr; } body { padding: 12px; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  html, body { background: #fff !important; color: #000; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, .moment, .headline, .card, tr { break-inside: avoid; page-break-inside: avoid; }
  svg.chart { max-width: 100%; }
  .headline, .card, th { background: #fff !important; }
  .moment .better { background: #fff; border: 1px solid #999; }
  .moments { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
}
"""


def e(x: object) -> str:
    return escape(str(x), quote=True)


def _cell(el: str, align: str, v: Cell) -> str:
    cls = ' class="n"' if align == "r" else ""
    scope = ' scope="col"' if el == "th" else ""
    return f"<{el}{cls}{scope}>{cell(v)}</{el}>"


def cell(v: Cell) -> str:
    """One table cell's content: every string escaped, the markers as markup."""
    if isinstance(v, Source):
        return f'<span class="src">{e(v.text)}</span>'
    if isinstance(v, Code):
        return f"<code>{e(v.text)}</code>"
    if isinstance(v, Points):
        return _pts(v.points)
    if isinstance(v, Strong):  # only in a total row, which is bold throughout
        return cell(v.value)
    return e(v.text if isinstance(v, Text) else v)


def _row(t: Table, el: str, cells: Sequence[Cell], attrs: str = "") -> str:
    """One row; `el` is 'th' or 'td'. A right-aligned column's cells get class `n`."""
    tds = "".join(_cell(el, a, v) for a, v in zip(t.align, cells, strict=True))
    return f"<tr{attrs}>{tds}</tr>"


def table(t: Table, caption: str = "") -> list[str]:
    """The table, then its note as a paragraph; its `empty` sentence instead when it has no
    rows."""
    if not t.rows and t.empty:
        return [f"<p>{e(t.empty)}</p>"]
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{e(caption)}</caption>")
    out.append("<thead>" + _row(t, "th", t.headers) + "</thead><tbody>")
    out += [_row(t, "td", row) for row in t.rows]
    if t.total is not None:
        out.append(_row(t, "td", t.total, ' class="total"'))
    out.append("</tbody></table>")
    return ["".join(out)] + ([f"<p>{e(t.note)}</p>"] if t.note else [])


def _charted(head: str, chart: str, caption: str, t: Table) -> list[str]:
    """`head` (markup), then the chart as a figure with its caption, then the numbers behind
    it as a table."""
    return [
        head + "<figure>",
        chart,
        f"<figcaption>{e(caption)}</figcaption></figure>",
        *table(t, _("The numbers behind the chart")),
    ]


def _pts(points: float) -> str:
    cls = "pos" if points > 0 else "neg" if points < 0 else ""
    return f'<span class="{cls}">{e(signed(points))}</span>'


def _moment(m: Moment) -> str:
    when = tr("Day {day}", day=m.day) if m.day is not None else ""
    parts = [
        f'<div class="moment {e(m.kind)}"><span class="pts">{e(signed(m.points))}</span>',
        f'<span class="tag">{e(tag(m))}</span> · {e(when)}'
        + (f" · {e(who(m))}" if who(m) else "")
        + (f" · <strong>{e(phrase(m.action))}</strong>" if m.action else ""),
        f"<p>{e(phrase(m.text))}</p>",
    ]
    if m.odds:
        parts.append(f'<p class="odds"><strong>{e(_("Odds:"))}</strong> {e(phrase(m.odds))}</p>')
    if m.better:
        parts.append(
            f'<p class="better"><strong>{e(_("Better:"))}</strong> {e(phrase(m.better))}</p>'
        )
    rule = tr("rule {rule}", rule=m.rule)
    parts.append(f'<p class="src">{e(m.dimension)} · {e(rule)} · {e(m.source)}</p></div>')
    return "".join(parts)


def _card(key: str, value: str, ghost: str = "") -> str:
    g = f'<div class="g">{e(ghost)}</div>' if ghost else ""
    return (
        f'<div class="card"><div class="k">{e(key)}</div><div class="v">{e(value)}</div>{g}</div>'
    )


def render_html(d: Debrief) -> str:
    """The whole debrief as one HTML document."""
    fm = d.fm
    has_ghost = d.ghost_total is not None
    H: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{language().replace("_", "-")}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="salesim">',
        "<title>"
        + e(tr("Debrief: {title} (seed {seed})", title=d.title, seed=d.seed))
        + "</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(tr('Debrief: {title}', title=d.title))}</h1>",
    ]
    meta = " · ".join(f"{k} {tables.plain(v)}" for k, v in tables.facts(d))
    H.append(f'<p class="meta">{e(meta)}</p>')
    if d.summary:
        H.append(f'<p class="summary">{e(d.summary)}</p>')
    H.append("</header><main>")

    ghost_line = ""
    if has_ghost:
        diff = d.total - (d.ghost_total or 0)
        fields = {
            "when": ghost_when(d),
            "score": score(d.ghost_total),
            "grade": d.ghost_grade or "—",
            "points": score(abs(round(diff, 1))),
        }
        if diff >= 0:
            line = tr(
                "Ghost (the expert bot on the same seed{when}): {score} / 100, grade {grade}. "
                "You are {points} points ahead.",
                **fields,
            )
        else:
            line = tr(
                "Ghost (the expert bot on the same seed{when}): {score} / 100, grade {grade}. "
                "You are {points} points behind.",
                **fields,
            )
        ghost_line = f"<p>{e(line)}</p>"
    overall = _("Overall score")
    grade_label = tr("Grade {grade}", grade=d.grade or "none")
    H.append(
        f'<section class="headline" aria-label="{e(overall)}">'
        f'<div class="grade g-{e(d.grade or "none")}" '
        f'aria-label="{e(grade_label)}">{e(d.grade or "–")}</div>'
        f'<div><div class="total">{e(score(d.total))} / 100</div>'
        f"<p>{e(phrase(d.grade_text))}</p>{ghost_line}</div></section>"
    )

    f = tables.outcome_figures(d)

    def vs_ghost(key: str) -> str:
        return tr("ghost {value}", value=f[key].ghost) if f[key].ghost is not None else ""

    figures_label = _("Outcome figures")
    H.append(f'<section aria-label="{e(figures_label)}"><div class="cards">')
    H += [
        _card(_("Revenue"), f["revenue"].you, vs_ghost("revenue")),
        _card(
            _("Quota attainment"), f["attainment"].you, tr("quota {value}", value=f["quota"].you)
        ),
        _card(
            _("Won / lost / disqualified / open"), f["won_lost_open"].you, vs_ghost("won_lost_open")
        ),
        _card(_("Win rate"), f["win_rate"].you, vs_ghost("win_rate")),
        _card(_("Average cycle"), f["cycle"].you, _("won deals, arrival to signature")),
        _card(
            _("Weighted pipeline"),
            f["weighted"].you,
            tr("open pipeline {value}", value=f["pipeline"].you),
        ),
        _card(_("Pipeline coverage"), f["coverage"].you, _("open pipeline ÷ quota")),
        _card(_("Sales velocity"), f["velocity"].you, _("deals × average × win rate ÷ cycle")),
    ]
    H.append("</div></section>")
    if d.objections_left:
        H.append(
            '<section aria-labelledby="h-objections"><h2 id="h-objections">'
            + escape(_("Objections left open"))
            + "</h2><ul>"
        )
        H += [f"<li>{escape(line)}</li>" for line in d.objections_left]
        H.append("</ul></section>")
    for key, title, lines in (
        ("h-answered", _("Objections answered"), d.objections_answered),
        ("h-committee", _("Buying committees: who you worked"), d.committee_work),
    ):
        if lines:
            H.append(f'<section aria-labelledby="{key}"><h2 id="{key}">{e(title)}</h2><ul>')
            H += [f"<li>{escape(line)}</li>" for line in lines]
            H.append("</ul></section>")

    # --- score by dimension
    H += _charted(
        f'<section aria-labelledby="h-dims"><h2 id="h-dims">{e(_("Score by dimension"))}</h2>',
        svg.dimension_chart(d.dimensions, has_ghost),
        _("Each dimension scores 0–100; the total is their weighted mean."),
        tables.dimension_table(d),
    )
    tips = tables.work_on(d)
    if tips:
        H.append(f'<h3>{e(_("What to work on"))}</h3><ul class="tips">')
        H += [
            f"<li><strong>{e(r.label)}</strong> ({e(score(r.score))}): {e(r.tip)}</li>"
            for r in tips
        ]
        H.append("</ul>")
    H.append("</section>")

    # --- key moments and timeline
    H.append(
        '<section aria-labelledby="h-moments"><h2 id="h-moments">'
        + e(_("Key moments"))
        + '</h2><div class="moments">'
    )
    H += [
        f"<div><h3>{e(heading)}</h3>"
        + ("".join(_moment(m) for m in moments) or f"<p>{e(none)}</p>")
        + "</div>"
        for heading, moments, none in tables.moment_groups(d)
    ]
    H.append("</div>")
    if has_ghost:
        H.append(f'<h3 id="h-ghost">{e(_("What the expert did differently"))}</h3>')
        H += table(tables.ghost_diff_table(d))
    H += _charted(
        '<h3 id="h-timeline">' + e(_("Timeline")) + "</h3>",
        svg.timeline_chart(d.timeline, d.days),
        _("B: best decisions, above the line; W: worst, below."),
        tables.timeline_table(d),
    )
    H.append("</section>")

    # --- funnel
    H += _charted(
        f'<section aria-labelledby="h-funnel"><h2 id="h-funnel">{e(_("Funnel by stage"))}</h2>',
        svg.funnel_chart(d.funnel, fm),
        _("Deals that reached each stage or went beyond it, and the deals won."),
        tables.funnel_table(d),
    )
    H.append("</section>")

    # --- pipeline
    H += _charted(
        '<section aria-labelledby="h-pipeline"><h2 id="h-pipeline">'
        + e(_("Pipeline value over time"))
        + "</h2>",
        svg.pipeline_chart(d.pipeline, d.outcome["quota"], fm, d.days),
        _(
            "At the end of each day: open pipeline, weighted pipeline (Σ value × stage "
            "probability) and revenue won so far, against the quota."
        ),
        tables.pipeline_table(d),
    )
    H.append("</section>")

    # --- forecast, deals
    H.append(f'<section aria-labelledby="h-forecast"><h2 id="h-forecast">{e(_("Forecast"))}</h2>')
    H += table(tables.forecast_table(d))
    H.append("</section>")
    H.append(f'<section aria-labelledby="h-deals"><h2 id="h-deals">{e(_("Deals"))}</h2>')
    H += table(tables.deals_table(d))
    H.append("</section>")
    H.append(
        f'<section aria-labelledby="h-notebook"><h2 id="h-notebook">{e(_("Your notebook"))}</h2>'
    )
    H += table(notebook_table(d.notebook))
    H.append("</section>")

    # --- every point
    H.append(
        f'<section aria-labelledby="h-points"><h2 id="h-points">{e(_("Every point explained"))}</h2>'
    )
    for r in d.dimensions:
        H.append(f"<h3>{e(r.label)}: {e(score(r.score))} / 100</h3>")
        H += table(tables.rules_table(r))
    H.append("</section></main>")
    H.append(
        "<footer>"
        + e(
            tr(
                "salesim debrief · scenario {scenario} · seed {seed} · "
                "the same run always gives the same report.",
                scenario=d.scenario_id,
                seed=d.seed,
            )
        )
        + "</footer>"
    )
    H.append("</body></html>")
    return "\n".join(H) + "\n"
