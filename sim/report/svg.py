"""Hand-built inline SVG charts for the HTML debrief: no scripts, fonts or network.

Each function returns one `<svg role="img">` with a `<title>` and `<desc>` (referenced by
`aria-labelledby`) that says in words what the chart shows. Every string is escaped.
Colours are presentation attributes, restyled by the page's CSS classes where useful.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from sim.engine.fmt import Formatter, score, signed
from sim.i18n import _, ntr, tr
from sim.report.debrief import DimensionRow, FunnelStage, Moment, PipelineDay
from sim.report.fmt import nice_ceiling

YOU, GHOST, WEIGHTED, WON, BAD = "#2563eb", "#9ca3af", "#d97706", "#16a34a", "#dc2626"
AXIS, GRID, INK, MUTED = "#6b7280", "#e5e7eb", "#1f2937", "#4b5563"
WIDTH = 720


def e(x: object) -> str:
    return escape(str(x), quote=True)


def _f(x: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def _svg(cid: str, height: int, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" id="{cid}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-size="12">'
        f'<title id="{cid}-title">{e(title)}</title><desc id="{cid}-desc">{e(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(
    x: float,
    y: float,
    s: str,
    anchor: str = "start",
    fill: str = INK,
    size: int | None = None,
    weight: str | None = None,
    cls: str = "",
) -> str:
    extra = f' font-size="{size}"' if size else ""
    extra += f' font-weight="{weight}"' if weight else ""
    extra += f' class="{cls}"' if cls else ""
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" fill="{fill}"{extra}>{e(s)}</text>'
    )


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _legend(items: Sequence[tuple[str, str, str]], x: float, y: float) -> list[str]:
    """(colour, label, kind) with kind 'bar', 'line' or 'dash'."""
    out = []
    for colour, label, kind in items:
        if kind == "bar":
            out.append(
                f'<rect x="{_f(x)}" y="{_f(y - 9)}" width="14" height="10" fill="{colour}"/>'
            )
        else:
            dash = ' stroke-dasharray="5 4"' if kind == "dash" else ""
            out.append(
                f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 16)}" y2="{_f(y - 4)}" '
                f'stroke="{colour}" stroke-width="2.5"{dash}/>'
            )
        out.append(_text(x + 21, y, label, fill=MUTED))
        x += 30 + 7 * len(label)
    return out


# ---------------------------------------------------------------------- score by dimension
def dimension_chart(rows: Sequence[DimensionRow], has_ghost: bool) -> str:
    """Horizontal bars, 0-100 per dimension: the trainee (blue) against the ghost (grey)."""
    x0, x1, top, row_h = 190.0, 650.0, 40, 44
    height = top + row_h * len(rows) + 30
    scale = (x1 - x0) / 100
    body: list[str] = []
    legend = [(YOU, _("You"), "bar")] + (
        [(GHOST, _("Ghost (expert bot, same seed)"), "bar")] if has_ghost else []
    )
    body += _legend(legend, x0, 18)
    bottom = top + row_h * len(rows)
    for t in (0, 25, 50, 75, 100):
        x = x0 + t * scale
        body.append(
            f'<line x1="{_f(x)}" y1="{top - 6}" x2="{_f(x)}" y2="{bottom}" stroke="{GRID}"/>'
        )
        body.append(_text(x, bottom + 16, str(t), "middle", MUTED, 11))
    for i, r in enumerate(rows):
        y = top + i * row_h
        body.append(_text(x0 - 10, y + 17, _clip(r.label, 26), "end"))
        body.append(
            _text(x0 - 10, y + 31, tr("weight {weight}", weight=f"{r.weight:g}"), "end", MUTED, 10)
        )
        w = max(0.0, r.score) * scale
        body.append(
            f'<rect x="{_f(x0)}" y="{y + 6}" width="{_f(w)}" height="15" fill="{YOU}" class="you">'
            "<title>"
            + e(tr("{dimension}: you {score}", dimension=r.label, score=score(r.score)))
            + "</title></rect>"
        )
        body.append(_text(x0 + w + 5, y + 18, score(r.score), fill=INK, size=11, weight="bold"))
        if has_ghost and r.ghost is not None:
            gw = max(0.0, r.ghost) * scale
            body.append(
                f'<rect x="{_f(x0)}" y="{y + 24}" width="{_f(gw)}" height="9" fill="{GHOST}">'
                "<title>"
                + e(tr("{dimension}: ghost {score}", dimension=r.label, score=score(r.ghost)))
                + "</title></rect>"
            )
            body.append(_text(x0 + gw + 5, y + 33, score(r.ghost), fill=MUTED, size=10))
    body.append(f'<line x1="{x0}" y1="{top - 6}" x2="{x0}" y2="{bottom}" stroke="{AXIS}"/>')
    desc = "; ".join(
        f"{r.label} {score(r.score)}"
        + (
            " " + tr("(ghost {score})", score=score(r.ghost))
            if has_ghost and r.ghost is not None
            else ""
        )
        for r in rows
    )
    return _svg(
        "chart-dimensions",
        height,
        _("Score by dimension") + (_(", you against the ghost") if has_ghost else ""),
        tr("Scores out of 100: {desc}.", desc=desc),
        body,
    )


# ---------------------------------------------------------------------- funnel
def funnel_chart(rows: Sequence[FunnelStage], fm: Formatter) -> str:
    """A centred funnel: one bar per stage, width by the number of deals that reached it."""
    label_w, x0, x1, top, row_h, bar_h = 170.0, 180.0, 540.0, 16, 44, 32
    height = top + row_h * len(rows) + 8
    peak = max((r.reached for r in rows), default=0) or 1
    mid = (x0 + x1) / 2
    body: list[str] = []
    last = len(rows) - 1
    for i, r in enumerate(rows):
        y = top + i * row_h
        w = max(3.0, (x1 - x0) * r.reached / peak) if r.reached else 3.0
        colour = WON if i == last else YOU
        opacity = 1.0 if i == last else max(0.45, 1 - 0.14 * i)
        body.append(_text(label_w, y + bar_h / 2 + 4, _clip(r.label, 24), "end"))
        body.append(
            f'<rect x="{_f(mid - w / 2)}" y="{y}" width="{_f(w)}" height="{bar_h}" rx="3" '
            f'fill="{colour}" fill-opacity="{opacity:.2f}"><title>'
            + e(
                tr("{stage}: {deals}", stage=r.label, deals=ntr("{n} deal", "{n} deals", r.reached))
            )
            + "</title></rect>"
        )
        inside = w >= 44
        body.append(
            _text(
                mid if inside else mid + w / 2 + 6,
                y + bar_h / 2 + 5,
                str(r.reached),
                "middle" if inside else "start",
                "#ffffff" if inside else INK,
                13,
                "bold",
                "on-bar" if inside else "",
            )
        )
        note = f"{fm.money(r.value)}"
        if r.conversion is not None:
            note += " · " + tr("{percent}% of previous", percent=f"{r.conversion * 100:.0f}")
        body.append(_text(x1 + 14, y + bar_h / 2 + 4, note, fill=MUTED, size=11))
    desc = _("; ").join(
        tr("{stage}: {deals}", stage=r.label, deals=ntr("{n} deal", "{n} deals", r.reached))
        for r in rows
    )
    return _svg(
        "chart-funnel",
        height,
        _("Funnel by stage"),
        tr("Deals that reached each stage or beyond: {desc}.", desc=desc),
        body,
    )


# ---------------------------------------------------------------------- pipeline over time
def pipeline_chart(days: Sequence[PipelineDay], quota: float, fm: Formatter, n_days: int) -> str:
    """Lines per day: open pipeline, weighted pipeline, revenue won so far; quota dashed."""
    x0, x1, y0, y1 = 70.0, 690.0, 250.0, 40.0
    height = 290
    peak = max([quota] + [max(p.value, p.weighted, p.won_value) for p in days]) if days else quota
    top = nice_ceiling(peak * 1.05)
    n = max(n_days, max((p.day for p in days), default=1))

    def px(day: int) -> float:
        return x0 + (x1 - x0) * ((day - 1) / (n - 1) if n > 1 else 0.5)

    def py(v: float) -> float:
        return y0 - (y0 - y1) * (v / top if top else 0)

    body = _legend(
        [
            (YOU, _("Open pipeline"), "line"),
            (WEIGHTED, _("Weighted pipeline"), "line"),
            (WON, _("Won so far"), "line"),
            (BAD, _("Quota"), "dash"),
        ],
        x0,
        18,
    )
    for k in range(5):
        v = top * k / 4
        y = py(v)
        body.append(f'<line x1="{x0}" y1="{_f(y)}" x2="{x1}" y2="{_f(y)}" stroke="{GRID}"/>')
        body.append(_text(x0 - 8, y + 4, fm.axis(v), "end", MUTED, 11))
    step = max(1, -(-n // 12))
    for d in range(1, n + 1, step):
        body.append(_text(px(d), y0 + 18, tr("Day {day}", day=d), "middle", MUTED, 11))
    body.append(f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="{AXIS}"/>')
    if quota:
        body.append(
            f'<line x1="{x0}" y1="{_f(py(quota))}" x2="{x1}" y2="{_f(py(quota))}" stroke="{BAD}" '
            'stroke-width="1.5" stroke-dasharray="6 4"><title>'
            + e(tr("Quota {amount}", amount=fm.money(quota)))
            + "</title></line>"
        )
    for colour, attr, name in (
        (YOU, "value", _("Open pipeline")),
        (WEIGHTED, "weighted", _("Weighted pipeline")),
        (WON, "won_value", _("Won so far")),
    ):
        pts = [(px(p.day), py(getattr(p, attr))) for p in days]
        if len(pts) > 1:
            body.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round" '
                f'points="{" ".join(f"{_f(x)},{_f(y)}" for x, y in pts)}"/>'
            )
        for p, (x, y) in zip(days, pts, strict=True):
            body.append(
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3.5" fill="{colour}">'
                "<title>"
                + e(
                    tr(
                        "Day {day}, {line}: {amount}",
                        day=p.day,
                        line=name,
                        amount=fm.money(getattr(p, attr)),
                    )
                )
                + "</title></circle>"
            )
    desc = "; ".join(
        tr(
            "day {day}: pipeline {pipeline}, weighted {weighted}, won {won}",
            day=p.day,
            pipeline=fm.money(p.value),
            weighted=fm.money(p.weighted),
            won=fm.money(p.won_value),
        )
        for p in days
    )
    return _svg(
        "chart-pipeline",
        height,
        _("Pipeline value over time"),
        tr("At the end of each day ({desc}); quota {quota}.", desc=desc, quota=fm.money(quota)),
        body,
    )


# ---------------------------------------------------------------------- timeline
def _place(xs: list[float], gap: float = 34.0) -> list[int]:
    """A level (0 nearest the axis) for each marker, in x order, so none overlaps its neighbours."""
    levels: list[int] = []
    last_x: dict[int, float] = {}
    for x in xs:
        level = 0
        while level in last_x and x - last_x[level] < gap:
            level += 1
        last_x[level] = x
        levels.append(level)
    return levels


def timeline_chart(moments: Sequence[Moment], n_days: int) -> str:
    """Days left to right; best moments above the line (green), worst below (red). Markers that
    would overlap are stacked further from the line."""
    x0, x1, first, step = 40.0, 690.0, 44.0, 42.0
    n = max(1, n_days, max((m.day or 0 for m in moments), default=1))
    col = (x1 - x0) / n

    def x_of(m: Moment, k: int, per_day: int) -> float:
        return x0 + ((m.day or 1) - 1) * col + col * (k + 1) / (per_day + 1)

    placed: dict[str, list[tuple[Moment, float, int]]] = {}
    for kind in ("best", "worst"):
        mine = sorted(
            (m for m in moments if m.kind == kind), key=lambda m: (m.day or 1, m.seq or 0)
        )
        xs = []
        for m in mine:
            same = [x for x in mine if (x.day or 1) == (m.day or 1)]
            xs.append(x_of(m, same.index(m), len(same)))
        placed[kind] = list(zip(mine, xs, _place(xs), strict=True))
    up_levels = max((lv for _, _, lv in placed["best"]), default=0) + 1
    down_levels = max((lv for _, _, lv in placed["worst"]), default=0) + 1
    axis_y = 20 + first + (up_levels - 1) * step + 24
    height = int(axis_y + first + (down_levels - 1) * step + 24 + 26)
    body: list[str] = []
    for d in range(1, n + 1):
        xl = x0 + (d - 1) * col
        if d % 2 == 0:
            body.append(
                f'<rect x="{_f(xl)}" y="10" width="{_f(col)}" height="{height - 34}" fill="#f3f4f6"/>'
            )
        if n <= 20 or d % -(-n // 20) == 1:
            body.append(
                _text(xl + col / 2, height - 6, tr("Day {day}", day=d), "middle", MUTED, 11)
            )
    body.append(
        f'<line x1="{x0}" y1="{_f(axis_y)}" x2="{x1}" y2="{_f(axis_y)}" stroke="{AXIS}" stroke-width="1.5"/>'
    )
    body.append(_text(x0 - 6, axis_y - 8, _("best"), "end", WON, 10))
    body.append(_text(x0 - 6, axis_y + 16, _("worst"), "end", BAD, 10))
    for kind, items in placed.items():
        up = kind == "best"
        colour = WON if up else BAD
        for m, x, level in items:
            dy = first + level * step
            y = axis_y - dy if up else axis_y + dy
            label = ("B" if up else "W") + str(m.rank)
            who = f" · {m.company}" if m.company else ""
            body.append(
                f'<line x1="{_f(x)}" y1="{_f(axis_y)}" x2="{_f(x)}" y2="{_f(y)}" stroke="{colour}" '
                'stroke-width="1.5"/>'
            )
            body.append(
                f'<circle cx="{_f(x)}" cy="{_f(y)}" r="13" fill="{colour}"><title>'
                + e(tr("{mark}: day {day}", mark=label, day=m.day))
                + f"{e(who)} · {e(m.action)} · {e(signed(m.points))}</title></circle>"
            )
            body.append(_text(x, y + 4, label, "middle", "#ffffff", 11, "bold", "on-bar"))
            body.append(_text(x, y - 17 if up else y + 26, signed(m.points), "middle", colour, 10))
    desc = "; ".join(
        tr(
            "{mark} on day {day}: {action} ({points})",
            mark=f"{'B' if m.kind == 'best' else 'W'}{m.rank}",
            day=m.day,
            action=m.action or m.rule,
            points=signed(m.points),
        )
        for m in moments
    ) or _("no key moments")
    return _svg(
        "chart-timeline",
        height,
        _("Timeline of key moments"),
        tr("Best and worst decisions by day: {desc}.", desc=desc),
        body,
    )
