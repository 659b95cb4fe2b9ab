"""The cohort page as one self-contained HTML file: the debrief's CSS, inline SVG, no scripts.

Per scenario: the leaderboard (each trainee's best finished run beside the expert bot on
the same seed), each dimension's spread as a strip chart, and the rules the cohort broke
most (the lesson to repeat). Then each trainee's runs, linked to their debriefs. Every
stored string (trainee names, scenario text) is escaped.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from html import escape

from sim.classroom.cohort import Cohort, RunResult, ScenarioCohort, median
from sim.report.html import CSS as DEBRIEF_CSS
from sim.report.svg import AXIS, GHOST, GRID, INK, MUTED, YOU

CSS = (
    DEBRIEF_CSS
    + """
.lesson { background: #fef9c3; border-radius: 8px; padding: 10px 14px; margin: .6rem 0 1rem; }
.unfinished { color: var(--muted); font-style: italic; }
td.gap-neg { color: var(--bad); } td.gap-pos { color: var(--good); }
.trainee h3 { margin-bottom: .2rem; }
"""
)

WIDTH = 720


def e(x: object) -> str:
    return escape(str(x), quote=True)


def _n(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f}"


def strip_chart(cid: str, sc: ScenarioCohort) -> str:
    """One row per dimension (and the total): a dot per finished run on a 0-100 axis, the
    cohort's median as a bar, the expert bot's median on the same seeds as a grey diamond."""
    runs = sc.finished
    rows: list[tuple[str, list[float], list[float]]] = [
        ("Total", [r.total for r in runs], [r.expert_total for r in runs])
    ] + [
        (label, [r.dims.get(d, 0.0) for r in runs], [r.expert_dims.get(d, 0.0) for r in runs])
        for d, label in sc.dimensions
    ]
    left, right, row_h, top = 190, 24, 34, 26
    height = top + row_h * len(rows) + 30
    span = WIDTH - left - right

    def x(v: float) -> float:
        return left + span * max(0.0, min(100.0, v)) / 100

    body: list[str] = []
    for tick in range(0, 101, 20):
        body.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" '
            f'y2="{height - 26}" stroke="{GRID}"/>'
            f'<text x="{x(tick):.1f}" y="{height - 10}" text-anchor="middle" fill="{AXIS}">{tick}</text>'
        )
    for i, (label, values, expert) in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        body.append(
            f'<text x="{left - 10}" y="{cy + 4:.1f}" text-anchor="end" fill="{INK}">{e(label)}</text>'
        )
        for k, v in enumerate(sorted(values)):
            dy = ((k * 7) % 5 - 2) * 2.5  # spread equal scores a little, deterministically
            body.append(
                f'<circle cx="{x(v):.1f}" cy="{cy + dy:.1f}" r="4" fill="{YOU}" fill-opacity="0.55">'
                f"<title>{v:.1f}</title></circle>"
            )
        m = median(values)
        if m is not None:
            body.append(
                f'<rect x="{x(m) - 1.5:.1f}" y="{cy - 12:.1f}" width="3" height="24" fill="{INK}">'
                f"<title>cohort median {m:.1f}</title></rect>"
            )
        g = median(expert)
        if g is not None:
            gx = x(g)
            body.append(
                f'<path d="M{gx:.1f} {cy - 7:.1f} L{gx + 7:.1f} {cy:.1f} L{gx:.1f} {cy + 7:.1f} '
                f'L{gx - 7:.1f} {cy:.1f} Z" fill="{GHOST}" stroke="{MUTED}">'
                f"<title>expert bot median {g:.1f}</title></path>"
            )
    title = f"{sc.title}: score spread per dimension"
    desc = (
        f"{len(runs)} finished runs. Blue dots are runs, the black bar the cohort median, "
        "the grey diamond the expert bot's median on the same seeds."
    )
    return (
        f'<svg class="chart" id="{cid}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="{cid}-title {cid}-desc" font-size="12">'
        f'<title id="{cid}-title">{e(title)}</title><desc id="{cid}-desc">{e(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _leaderboard(sc: ScenarioCohort, link: Callable[[int], str]) -> list[str]:
    board = sc.leaderboard()
    if not board:
        return ["<p>No finished run yet.</p>"]
    out = [
        "<table><caption>Each trainee's best finished run; the expert bot played the same "
        "seed.</caption><thead><tr><th class=n>#</th><th>Trainee</th><th class=n>Score</th>"
        "<th>Grade</th><th class=n>Expert</th><th class=n>Gap</th><th class=n>Seed</th>"
        "<th>Run</th></tr></thead><tbody>"
    ]
    for n, r in enumerate(board, 1):
        gap = r.total - r.expert_total
        cls = "gap-neg" if gap < 0 else "gap-pos"
        out.append(
            f"<tr><td class=n>{n}</td><td>{e(r.trainee)}</td><td class=n>{r.total:.1f}</td>"
            f"<td>{e(r.grade)}</td><td class=n>{r.expert_total:.1f}</td>"
            f'<td class="n {cls}">{gap:+.1f}</td><td class=n>{r.seed}</td>'
            f'<td><a href="{e(link(r.id))}">debrief #{r.id}</a></td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _dimension_table(sc: ScenarioCohort) -> list[str]:
    runs = sc.finished
    out = [
        "<table><caption>The numbers behind the chart (finished runs).</caption><thead><tr>"
        "<th>Dimension</th><th class=n>Lowest</th><th class=n>Median</th><th class=n>Highest</th>"
        "<th class=n>Expert median</th></tr></thead><tbody>"
    ]
    for d, label in sc.dimensions:
        vs = [r.dims.get(d, 0.0) for r in runs]
        out.append(
            f"<tr><td>{e(label)}</td><td class=n>{_n(min(vs) if vs else None)}</td>"
            f"<td class=n>{_n(median(vs))}</td><td class=n>{_n(max(vs) if vs else None)}</td>"
            f"<td class=n>{_n(median(r.expert_dims.get(d, 0.0) for r in runs))}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def _rules(sc: ScenarioCohort) -> list[str]:
    rules = sc.rules_broken()
    if not rules:
        return ["<p>No rule cost anyone points.</p>"]
    labels = dict(sc.dimensions)
    top = rules[0]
    trainees = len({r.trainee for r in sc.runs})
    out = [
        f'<p class="lesson"><strong>Lesson to repeat:</strong> {e(top.text)}<br>'
        f"{top.trainees} of {trainees} trainee{'s' if trainees != 1 else ''} lost points on "
        f"it ({top.times} time{'s' if top.times != 1 else ''}, {top.points:+.1f} in all).</p>",
        "<table><caption>Rules that cost points, by how many trainees broke them.</caption>"
        "<thead><tr><th>Rule</th><th>Dimension</th><th class=n>Trainees</th>"
        "<th class=n>Times</th><th class=n>Points</th><th>Written at</th></tr></thead><tbody>",
    ]
    for r in rules:
        out.append(
            f"<tr><td>{e(r.text)}</td><td>{e(labels.get(r.dimension, r.dimension))}</td>"
            f"<td class=n>{r.trainees}</td><td class=n>{r.times}</td>"
            f'<td class="n neg">{r.points:+.1f}</td><td><code>{e(r.source)}</code></td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _trainee(name: str, runs: Sequence[RunResult], link: Callable[[int], str]) -> list[str]:
    out = [
        f'<div class="trainee"><h3>{e(name)}</h3><table><thead><tr><th>Run</th><th>Date</th>'
        "<th>Scenario</th><th class=n>Seed</th><th class=n>Score</th><th>Grade</th>"
        "<th class=n>Expert</th></tr></thead><tbody>"
    ]
    for r in runs:
        state = e(r.grade) if r.finished else '<span class="unfinished">unfinished</span>'
        out.append(
            f'<tr><td><a href="{e(link(r.id))}">#{r.id}</a></td><td>{e(r.created)}</td>'
            f"<td>{e(r.title)}</td><td class=n>{r.seed}</td><td class=n>{r.total:.1f}</td>"
            f"<td>{state}</td><td class=n>{r.expert_total:.1f}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return out


def render_cohort(cohort: Cohort, link: Callable[[int], str]) -> str:
    """The page; `link(run_id)` is the address of a run's debrief."""
    trainees = cohort.trainees()
    n_runs = sum(len(s.runs) for s in cohort.scenarios)
    filters = []
    if cohort.only:
        filters.append(f"scenario {cohort.only}")
    if cohort.since:
        filters.append(f"since {cohort.since}")
    made = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    out = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>salesim cohort</title><style>{CSS}</style></head><body>",
        "<h1>The cohort</h1>",
        f'<p class="meta">{len(trainees)} trainee{"s" if len(trainees) != 1 else ""}, '
        f"{n_runs} run{'s' if n_runs != 1 else ''}"
        + (f" ({e(', '.join(filters))})" if filters else "")
        + f" · made {e(made)}</p>",
    ]
    if not cohort.scenarios:
        out.append("<p>No runs in the store yet. Runs appear here as trainees play.</p>")
    for k, sc in enumerate(cohort.scenarios):
        out.append(f"<h2>{e(sc.title)} <span class=src>{e(sc.id)}</span></h2>")
        out.append("<h3>Leaderboard</h3>")
        out += _leaderboard(sc, link)
        if sc.finished:
            out.append("<h3>Each dimension's spread</h3><figure>")
            out.append(strip_chart(f"spread-{k}", sc))
            out.append(
                "<figcaption>Dots: finished runs. Bar: the cohort's median. Diamond: the "
                "expert bot's median on the same seeds.</figcaption></figure>"
            )
            out += _dimension_table(sc)
        out.append("<h3>The rules the cohort broke most</h3>")
        out += _rules(sc)
    if trainees:
        out.append("<h2>Trainees</h2>")
        for name, runs in trainees.items():
            out += _trainee(name, runs, link)
    if cohort.problems:
        out.append("<h2>Runs left out</h2><ul>")
        out += [f"<li>{e(p)}</li>" for p in cohort.problems]
        out.append("</ul>")
    out.append(
        "<footer>salesim cohort page: every run re-scored from its saved log; the expert bot "
        "played each run's seed.</footer></body></html>\n"
    )
    return "\n".join(out)
