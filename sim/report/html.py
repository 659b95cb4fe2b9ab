"""The debrief as one self-contained HTML file: inline CSS, inline SVG charts, no scripts.

Nothing is fetched: no scripts, fonts, images or style sheets from elsewhere. Every
scenario and customer string goes through `html.escape` (scenario text is untrusted). Each
chart is followed by a table of the numbers behind it; the page prints on A4.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any

from sim.report import svg
from sim.report.debrief import Debrief, Moment
from sim.report.fmt import money, pct, result_label, score, signed

MAX_DEALS = 200

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


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: str = "",
    caption: str = "",
    total: Sequence[object] | None = None,
) -> str:
    """`numeric` has one letter per column: 'n' for right-aligned numbers. Cells are escaped
    unless they are already markup (wrapped in `_Raw`)."""

    def cell(tag: str, i: int, v: object) -> str:
        cls = ' class="n"' if i < len(numeric) and numeric[i] == "n" else ""
        body = v.html if isinstance(v, _Raw) else e(v)
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{cls}{scope}>{body}</{tag}>"

    out = ["<table>"]
    if caption:
        out.append(f"<caption>{e(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(cell("th", i, h) for i, h in enumerate(headers))
        + "</tr></thead><tbody>"
    )
    for row in rows:
        out.append("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>")
    if total is not None:
        out.append(
            '<tr class="total">' + "".join(cell("td", i, v) for i, v in enumerate(total)) + "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


class _Raw:
    """Markup already escaped, to place in a table cell as is."""

    def __init__(self, html: str):
        self.html = html


def _pts(points: float) -> _Raw:
    cls = "pos" if points > 0 else "neg" if points < 0 else ""
    return _Raw(f'<span class="{cls}">{e(signed(points))}</span>')


def _who(m: Moment) -> str:
    if m.customer is None:
        return ""
    return f"{m.contact} ({m.company})" if m.company else m.contact


def _moment(m: Moment) -> str:
    tag = ("B" if m.kind == "best" else "W") + str(m.rank)
    when = f"Day {m.day}" if m.day is not None else ""
    parts = [
        f'<div class="moment {e(m.kind)}"><span class="pts">{e(signed(m.points))}</span>',
        f'<span class="tag">{e(tag)}</span> · {e(when)}'
        + (f" · {e(_who(m))}" if _who(m) else "")
        + (f" · <strong>{e(m.action)}</strong>" if m.action else ""),
        f"<p>{e(m.text)}</p>",
    ]
    if m.better:
        parts.append(f'<p class="better"><strong>Better:</strong> {e(m.better)}</p>')
    parts.append(f'<p class="src">{e(m.dimension)} · rule {e(m.rule)} · {e(m.source)}</p></div>')
    return "".join(parts)


def _card(key: str, value: str, ghost: str = "") -> str:
    g = f'<div class="g">{e(ghost)}</div>' if ghost else ""
    return (
        f'<div class="card"><div class="k">{e(key)}</div><div class="v">{e(value)}</div>{g}</div>'
    )


def render_html(d: Debrief) -> str:
    """The whole debrief as one HTML document."""
    cur = d.currency
    o = d.outcome
    g = d.ghost_outcome
    has_ghost = d.ghost_total is not None
    H: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="salesim">',
        f"<title>Debrief: {e(d.title)} (seed {d.seed})</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>Debrief: {e(d.title)}</h1>",
    ]
    meta = [f"Scenario {d.scenario_id}", f"seed {d.seed}"]
    if d.player:
        meta.append(f"player {d.player}")
    if d.saved:
        meta.append(f"saved {d.saved}")
    meta.append(f"{'finished' if d.finished else 'unfinished'}: day {d.days_played} of {d.days}")
    H.append(f'<p class="meta">{e(" · ".join(meta))}</p>')
    if d.summary:
        H.append(f'<p class="summary">{e(d.summary)}</p>')
    H.append("</header><main>")

    ghost_line = ""
    if has_ghost:
        diff = d.total - (d.ghost_total or 0)
        ghost_line = (
            f"<p>Ghost (the expert bot on the same seed): {e(score(d.ghost_total))} / 100, grade "
            f"{e(d.ghost_grade or '—')}. You are {e(score(abs(round(diff, 1))))} points "
            f"{'ahead' if diff >= 0 else 'behind'}.</p>"
        )
    H.append(
        f'<section class="headline" aria-label="Overall score"><div class="grade g-{e(d.grade or "none")}" '
        f'aria-label="Grade {e(d.grade or "none")}">{e(d.grade or "–")}</div><div>'
        f'<div class="total">{e(score(d.total))} / 100</div><p>{e(d.grade_text)}</p>{ghost_line}</div></section>'
    )

    def gx(key: str, f: Callable[[Any], str]) -> str:
        return f"ghost {f(g[key])}" if g and key in g else ""

    H.append('<section aria-label="Outcome figures"><div class="cards">')
    H += [
        _card("Revenue", money(o["revenue"], cur), gx("revenue", lambda v: money(v, cur))),
        _card("Quota attainment", pct(o["attainment"]), f"quota {money(o['quota'], cur)}"),
        _card(
            "Won / lost / open",
            f"{o['won']} / {o['lost'] + o['disqualified']} / {o['open']}",
            f"ghost {g['won']} / {g['lost']} / {g['open']}" if g else "",
        ),
        _card("Win rate", pct(o["win_rate"]), gx("win_rate", pct)),
        _card("Average cycle", f"{o['cycle_days']:.1f} days", "won deals, arrival to signature"),
        _card(
            "Weighted pipeline",
            money(o["weighted_pipeline"], cur),
            f"open pipeline {money(o['pipeline'], cur)}",
        ),
        _card("Pipeline coverage", f"{o['coverage']:.2f}×", "open pipeline ÷ quota"),
        _card(
            "Sales velocity",
            f"{money(o['velocity'], cur)}/day",
            "deals × average × win rate ÷ cycle",
        ),
    ]
    H.append("</div></section>")

    # --- score by dimension
    H.append('<section aria-labelledby="h-dims"><h2 id="h-dims">Score by dimension</h2><figure>')
    H.append(svg.dimension_chart(d.dimensions, has_ghost))
    H.append(
        "<figcaption>Each dimension scores 0–100; the total is their weighted mean.</figcaption></figure>"
    )
    H.append(
        _table(
            ["Dimension", "Weight", "You", "Ghost", "Δ", "Points to total"],
            [
                [
                    r.label,
                    f"{r.weight:g}",
                    score(r.score),
                    score(r.ghost),
                    _pts(round(r.score - r.ghost, 1)) if r.ghost is not None else "—",
                    score(r.contribution),
                ]
                for r in d.dimensions
            ],
            "lnnnnn",
            "The numbers behind the chart",
            total=[
                "Total",
                "100",
                score(d.total),
                score(d.ghost_total),
                _pts(round(d.total - d.ghost_total, 1)) if d.ghost_total is not None else "—",
                score(d.total),
            ],
        )
    )
    tips = [r for r in d.dimensions if r.needs_work and r.tip]
    if tips:
        H.append('<h3>What to work on</h3><ul class="tips">')
        H += [
            f"<li><strong>{e(r.label)}</strong> ({e(score(r.score))}): {e(r.tip)}</li>"
            for r in tips
        ]
        H.append("</ul>")
    H.append("</section>")

    # --- key moments and timeline
    H.append(
        '<section aria-labelledby="h-moments"><h2 id="h-moments">Key moments</h2><div class="moments">'
    )
    H.append(
        "<div><h3>Best decisions</h3>"
        + ("".join(_moment(m) for m in d.best) or "<p>No decision earned points this run.</p>")
        + "</div>"
    )
    H.append(
        "<div><h3>Worst decisions</h3>"
        + ("".join(_moment(m) for m in d.worst) or "<p>No decision cost points this run.</p>")
        + "</div>"
    )
    H.append("</div>")
    H.append('<h3 id="h-timeline">Timeline</h3><figure>')
    H.append(svg.timeline_chart(d.timeline, d.days))
    H.append(
        "<figcaption>B: best decisions, above the line; W: worst, below.</figcaption></figure>"
    )
    H.append(
        _table(
            ["Day", "Moment", "Customer", "Action", "Points"],
            [
                [
                    m.day if m.day is not None else "—",
                    ("B" if m.kind == "best" else "W") + str(m.rank),
                    _who(m) or "—",
                    m.action or "—",
                    _pts(m.points),
                ]
                for m in d.timeline
            ],
            "nlll" + "n",
            "The numbers behind the chart",
        )
    )
    H.append("</section>")

    # --- funnel
    H.append('<section aria-labelledby="h-funnel"><h2 id="h-funnel">Funnel by stage</h2><figure>')
    H.append(svg.funnel_chart(d.funnel, cur))
    H.append(
        "<figcaption>Deals that reached each stage or went beyond it, and the deals won.</figcaption></figure>"
    )
    H.append(
        _table(
            ["Stage", "Win %", "Reached", "Value", "Conversion", "Open at the end", "Lost here"],
            [
                [
                    f.label,
                    f"{f.probability}%",
                    f.reached,
                    money(f.value, cur),
                    pct(f.conversion) if f.conversion is not None else "—",
                    f.open_here,
                    f.lost_here,
                ]
                for f in d.funnel
            ],
            "lnnnnnn",
            "The numbers behind the chart",
        )
    )
    H.append("</section>")

    # --- pipeline
    H.append(
        '<section aria-labelledby="h-pipeline"><h2 id="h-pipeline">Pipeline value over time</h2><figure>'
    )
    H.append(svg.pipeline_chart(d.pipeline, o["quota"], cur, d.days))
    H.append(
        "<figcaption>At the end of each day: open pipeline, weighted pipeline (Σ value × stage "
        "probability) and revenue won so far, against the quota.</figcaption></figure>"
    )
    H.append(
        _table(
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
            "nnnnnn",
            "The numbers behind the chart",
        )
    )
    H.append("</section>")

    # --- forecast
    fc = d.forecast
    H.append('<section aria-labelledby="h-forecast"><h2 id="h-forecast">Forecast</h2>')
    if fc.get("commitments"):
        H.append(
            _table(
                ["Checkpoint", "Deals committed", "Forecast", "Actual"],
                [
                    [
                        f"Day {c['checkpoint']}",
                        c["deals"],
                        money(c["amount"], cur) if c["amount"] is not None else "not committed",
                        money(c["actual"], cur) if c["actual"] is not None else "—",
                    ]
                    for c in fc["commitments"]
                ],
                "lnnn",
            )
        )
        H.append(
            f"<p>Accuracy {e(pct(fc.get('accuracy')))}, bias {e(signed(round(fc.get('bias', 0) * 100)))}%, "
            f"Brier score {fc.get('brier', 0):.2f} (0 is perfect).</p>"
        )
    else:
        H.append("<p>No forecast checkpoint in this run.</p>")
    H.append("</section>")

    # --- deals
    H.append('<section aria-labelledby="h-deals"><h2 id="h-deals">Deals</h2>')
    H.append(
        _table(
            ["#", "Company", "Contact", "Persona", "Value", "Ended at", "Result"],
            [
                [
                    x.customer,
                    x.company,
                    x.contact,
                    x.persona,
                    money(x.value, cur),
                    x.stage,
                    result_label(x.result) + (f" (day {x.closed})" if x.closed is not None else ""),
                ]
                for x in d.deals[:MAX_DEALS]
            ],
            "nllln",
        )
    )
    if len(d.deals) > MAX_DEALS:
        H.append(
            f"<p>…and {len(d.deals) - MAX_DEALS} more deals (the JSON report lists them all).</p>"
        )
    H.append("</section>")

    # --- every point
    H.append('<section aria-labelledby="h-points"><h2 id="h-points">Every point explained</h2>')
    for r in d.dimensions:
        H.append(f"<h3>{e(r.label)}: {e(score(r.score))} / 100</h3>")
        H.append(
            _table(
                ["Rule", "Times", "Points", "Example", "Written at"],
                [
                    [
                        _Raw(f"<code>{e(s.rule)}</code>"),
                        s.count,
                        _pts(s.points),
                        s.example,
                        _Raw(f'<span class="src">{e(s.source)}</span>'),
                    ]
                    for s in r.rules
                ],
                "lnn",
            )
        )
    H.append("</section></main>")
    H.append(
        f"<footer>salesim debrief · scenario {e(d.scenario_id)} · seed {d.seed} · "
        "the same run always gives the same report.</footer>"
    )
    H.append("</body></html>")
    return "\n".join(H) + "\n"
