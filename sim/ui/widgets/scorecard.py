"""Debrief score views: the scorecard against the ghost, key moments, every point explained."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sim.engine.fmt import Formatter
from sim.engine.game import Game
from sim.engine.scoring import Entry, Scorecard
from sim.i18n import _, phrase, tr
from sim.report.debrief import Debrief, GhostLine, Moment
from sim.report.fmt import deal_counts, forecast_summary
from sim.ui.describe import company
from sim.ui.widgets.customer_card import bar


def headline(d: Debrief) -> RenderableType:
    """Grade, total, the ghost's total, and the outcome in one block."""
    card, ghost = d.scorecard, d.ghost_scorecard
    fm = d.fm
    t = Text()
    t.append(f" {d.grade or '—'} ", style="bold reverse")
    t.append(f"  {card.total:.1f} / 100", style="bold")
    t.append("   " + _("ghost (expert bot, same seed):") + " ", style="dim")
    if ghost is None:
        t.append(_("computing…"), style="dim italic")
    else:
        t.append(f"{ghost.total:.1f}", style="bold")
        diff = card.total - ghost.total
        t.append(f" ({diff:+.1f})", style="green" if diff >= 0 else "red")
    o = d.outcome
    out = Text(
        tr(
            "Revenue {revenue} of {quota} quota ({attainment}) · {deals} · win rate {win_rate}",
            revenue=fm.money(o["revenue"]),
            quota=fm.money(o["quota"]),
            attainment=f"{o['attainment']:.0%}",
            deals=deal_counts(o["won"], o["lost"], o["disqualified"], o["open"]),
            win_rate=f"{o['win_rate']:.0%}",
        )
    )
    if o["cycle_days"]:
        out.append(" · " + tr("cycle {days} days", days=f"{o['cycle_days']:g}"))
    lines = [t, Text(phrase(d.grade_text), style="italic"), out]
    if d.practice:
        lines.append(Text(d.practice, style="bold"))
    return Group(*lines)


def scorecard_table(card: Scorecard, ghost: Scorecard | None) -> RenderableType:
    """One row per dimension: weight, your score with a bar, the ghost's score, the tip."""
    table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
    table.add_column(_("Dimension"), no_wrap=True)
    table.add_column(_("Weight"), justify="right", no_wrap=True)
    table.add_column(_("You"), no_wrap=True)
    table.add_column(_("Ghost"), justify="right", no_wrap=True)
    table.add_column(_("Tip"), ratio=1)
    for d in card.dimensions:
        g = None
        if ghost is not None:
            g = next((x for x in ghost.dimensions if x.id == d.id), None)
        gtext = Text("…" if ghost is None else (f"{g.score:.0f}" if g else "—"), style="dim")
        if g is not None and d.score < g.score - 0.5:
            gtext.stylize("bold red")
        tip = Text(d.tip if d.score < 70 else "", style="italic")
        table.add_row(Text(d.label), Text(f"{d.weight:g}%"), bar(d.score, 0, 100, 12), gtext, tip)
    return table


def forecast_line(card: Scorecard) -> Text:
    """How the forecast was scored (skill over the stage odds), then the money figures that
    are shown but not scored, so that neither reads as the score's reason."""
    fc = card.forecast or {}
    if not fc:
        return Text("")
    return Text(forecast_summary(fc), style="dim")


def moment(game: Game, m: Moment) -> RenderableType:
    """One key moment: when, who, what, the odds, points, and what would have been better."""
    t = Text()
    t.append(f"{m.points:+.0f}", style="bold green" if m.points > 0 else "bold red")
    if m.day is not None:
        t.append("  " + tr("day {day}", day=m.day), style="dim")
    who = company(game, m.customer)
    if who:
        t.append("  ")
        t.append(who, style="bold")
    if m.action:
        t.append(f"  {phrase(m.action)}")
    t.append("\n   ")
    t.append(phrase(m.text))
    parts: list[RenderableType] = [t]
    if m.odds:
        o = Text("   " + _("Odds:") + " ", style="bold")
        o.append(phrase(m.odds), style="italic")
        parts.append(o)
    if m.better:
        b = Text("   " + _("Better:") + " ", style="bold yellow")
        b.append(phrase(m.better), style="italic")
        parts.append(b)
    parts.append(Text("   " + tr("rule {rule}", rule=m.rule) + f" · {m.source}", style="dim"))
    return Group(*parts)


def key_moments(game: Game, d: Debrief) -> RenderableType:
    """Best and worst decisions (judged apart from luck) and what the expert did instead."""
    best, worst = d.best, d.worst
    parts: list[RenderableType] = [Text(_("Best decisions"), style="bold underline green")]
    parts += [moment(game, m) for m in best] or [
        Text("  " + _("none the coach rated good and the dice did not decide"), style="dim")
    ]
    parts.append(Text(""))
    parts.append(Text(_("Worst decisions"), style="bold underline red"))
    parts += [moment(game, m) for m in worst] or [Text("  " + _("none — well done"), style="dim")]
    if d.ghost_scorecard is not None:
        parts += [Text(""), ghost_diff_view(d.ghost_diff, d.fm)]
    return Group(*parts)


def ghost_diff_view(rows: Sequence[GhostLine], fm: Formatter) -> RenderableType:
    """For the customers that mattered most: what you did and what the expert did."""
    parts: list[RenderableType] = [
        Text(_("What the expert did differently (same seed)"), style="bold underline")
    ]
    if not rows:
        parts.append(
            Text("  " + _("the expert's runs of these customers ended as yours did"), style="dim")
        )
    for g in rows:
        head = Text("  ")
        head.append(g.company, style="bold")
        head.append(f"  {fm.money(g.value)}", style="dim")
        you = Text("    " + _("You:") + "    ", style="bold")
        you.append(f"{phrase(g.you)} — {phrase(g.you_result)}")
        ex = Text("    " + _("Expert:") + " ", style="bold cyan")
        ex.append(f"{phrase(g.ghost)} — {phrase(g.ghost_result)}")
        parts += [head, you, ex]
    return Group(*parts)


CRUMBS = 10
"""More entries of one rule than this, each worth less than `CRUMB` points, are summed into
one line."""
CRUMB = 0.25


def every_point(game: Game, card: Scorecard) -> RenderableType:
    """Every entry of every dimension, traceable to the rule's source line. A rule that fires
    hundreds of times for a hundredth of a point each (rotting on a 1,900-customer desk) is
    one line with its count, days and sum, where its first entry was, so it does not bury the
    rest (the reports list points by rule already)."""
    rule_text = {r.id: r.text for r in game.scenario.scoring.rules}
    fm = Formatter.of(game.scenario.metadata)
    parts: list[RenderableType] = []
    for d in card.dimensions:
        parts.append(
            Text(
                f"{d.label}: {d.score:.0f}/100 × {d.weight:g}% = {d.contribution:.1f}",
                style="bold underline",
            )
        )
        crumbs: dict[str, list[Entry]] = {}
        for e in d.entries:
            if abs(e.points) < CRUMB and e.rule in rule_text:
                crumbs.setdefault(e.rule, []).append(e)
        folded = {rule for rule, es in crumbs.items() if len(es) > CRUMBS}
        for e in d.entries:
            if e.rule in folded:
                es = crumbs[e.rule]
                if e is es[0]:
                    parts.append(_crumbs_line(es, rule_text[e.rule], fm))
                continue
            t = _points(e.points)
            if e.day is not None:
                t.append(tr("d{day}", day=e.day) + " ", style="dim")
            who = company(game, e.customer)
            if who:
                t.append(who + ": ", style="bold")
            t.append(phrase(e.text))
            t.append(f"  [{e.source}]", style="dim")
            parts.append(t)
        parts.append(Text(""))
    return Group(*parts)


def _points(points: float) -> Text:
    return Text(
        f"  {points:+7.1f} ",
        style="green" if points > 0 else ("red" if points < 0 else "dim"),
    )


def _crumbs_line(entries: list[Entry], text: str, fm: Formatter) -> Text:
    """One line for many small entries of one rule: their sum, count and days."""
    t = _points(sum(e.points for e in entries))
    days = [e.day for e in entries if e.day is not None]
    if days:
        t.append(
            tr(
                "{n} times, days {first}–{last}:",
                n=fm.number(len(entries)),
                first=min(days),
                last=max(days),
            )
            + " ",
            style="dim",
        )
    else:
        t.append(tr("{n} times:", n=fm.number(len(entries))) + " ", style="dim")
    t.append(phrase(text))
    t.append(f"  [{entries[0].source}]", style="dim")
    return t
