"""The end-of-day summary: what the day brought, what happened overnight, what tomorrow holds."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from sim.engine import events as E
from sim.engine.fmt import Formatter
from sim.i18n import N_, _, ntr, tr
from sim.report.fmt import game_deal_counts
from sim.ui.describe import _label, company, event_text

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game

WARNINGS = (E.InboundSlow, E.ReminderMissed, E.ForecastMissed)
OVERNIGHT = (
    E.ActionAnswered,
    E.EventFired,
    E.Rotting,
    E.RottingSummary,
    E.GoneCold,
    E.StageChanged,
    E.DealClosed,
)
TOMORROW = (E.LeadArrived, E.ReminderDue)
TRAINEE = (E.ActionTaken, E.ForecastCommitted, E.NoteAdded, E.NextStepSet)
"""Events only the trainee's own commands write: the first of them starts the day's work."""

EACH = 12
"""A block with up to this many entries lists each; a longer one is grouped with totals."""
GROUPS = 12
"""At most this many groups per block; the rest are counted in one line."""
NAMES = 3
"""Companies named in a group's line before "… and N more"."""
CLOSED_LABELS = {
    "won": N_("deal won"),
    "lost": N_("deal lost"),
    "disqualified": N_("deal disqualified"),
    "gone cold": N_("deal gone cold"),
}
"""A group of closed deals, by how they closed."""
GROUP_LABELS = {
    "gone_cold": N_("gone cold"),
    "inbound_slow": N_("inbound lead left unanswered too long"),
    "reminder_missed": N_("missed next step"),
    "reminder_due": N_("next step due today"),
    "lead_arrived": N_("new inbound lead"),
    "overcontact": N_("annoyed by too many contacts"),
    "rotting_summary": N_("still rotting"),
    "forecast_missed": N_("no forecast committed at the checkpoint"),
}
"""The label of a group of events of one kind (the others are grouped by what they say)."""


def day_events(log: Sequence[E.Event], day: int, end: int) -> list[E.Event]:
    """The events of `day` logged before seq `end`, without reading the rest of the log: the
    log is in order of seq (an event's seq is its index) and of day, so a bisection finds
    where the day starts. At territory scale the log holds hundreds of thousands of events;
    a night's summary reads only its own day's."""
    hi = max(0, min(end, len(log)))
    if hi and log[hi - 1].seq != hi - 1:  # not indexed by seq: read it all, as before
        return [e for e in log if e.day == day and e.seq < end]
    lo = bisect_left(log, day, hi=hi, key=lambda e: e.day)
    out = []
    for k in range(lo, hi):
        e = log[k]
        if e.day != day:
            break
        out.append(e)
    return out


def _names(game: Game, customers: list[int], shown: int = NAMES) -> str:
    names = ", ".join(company(game, i) for i in customers[:shown])
    if len(customers) > shown:
        more = Formatter.of(game.scenario.metadata).number(len(customers) - shown)
        names += " " + tr("… and {n} more", n=more)
    return names


def fold(game: Game, events: list[E.Event]) -> list[E.Event]:
    """One entry per closed deal: its move to a closed stage and its "gone cold" line are
    said by the `DealClosed` entry itself."""
    closed = {e.customer for e in events if isinstance(e, E.DealClosed)}
    cold = {e.customer for e in events if isinstance(e, E.GoneCold)}
    shut = {s.id for s in game.scenario.stages if not s.is_open}
    out: list[E.Event] = []
    for e in events:
        if isinstance(e, E.GoneCold) and e.customer in closed:
            continue
        if isinstance(e, E.StageChanged) and e.customer in closed and e.to in shut and not e.unmet:
            continue
        if isinstance(e, E.DealClosed) and e.customer in cold and e.result != "won":
            e = dataclasses.replace(e, reason="gone cold")
        out.append(e)
    return out


def group_of(game: Game, e: E.Event) -> tuple[tuple[Any, ...], Text]:
    """The key events are grouped by, and the group's label (without the customer)."""
    match e:
        case E.DealClosed():
            won = e.result == "won"
            reason = "won" if won else e.reason
            style = "bold green" if won else "bold red"
            label = _(CLOSED_LABELS.get(reason, reason))
            return (e.type, e.result, reason), Text(label, style=style)
        case E.StageChanged():
            text = f"{_label(game, 'stage', e.from_)} → {_label(game, 'stage', e.to)}"
            return (e.type, e.from_, e.to), Text(text, style="bold blue")
        case E.EventFired():
            return (e.type, e.event), Text(e.label, style="magenta")
        case E.ActionAnswered():
            yes = "yes" if e.success else "no"
            label = _label(game, "action", e.action)
            text = tr("answer to {action}", action=label) + " — " + _(yes)
            return (e.type, e.action, yes), Text(text)
        case E.Rotting():
            stage = _label(game, "stage", e.stage)
            text = tr("started rotting at {stage}", stage=stage)
            return (e.type, e.stage), Text(text, style="red")
    kind = GROUP_LABELS.get(e.type)
    return (e.type,), Text(_(kind)) if kind else event_text(game, e, with_customer=False)


def block_lines(game: Game, events: list[E.Event]) -> list[Text]:
    """Each entry on its own line when there are few; grouped with totals when many."""
    fm = Formatter.of(game.scenario.metadata)
    events = fold(game, events)
    if len(events) <= EACH:
        lines = []
        for e in events:
            t = Text("  ")
            t.append_text(event_text(game, e))
            lines.append(t)
        return lines
    groups: dict[tuple[Any, ...], tuple[Text, list[E.Event]]] = {}
    for e in events:
        key, label = group_of(game, e)
        groups.setdefault(key, (label, []))[1].append(e)
    ordered = sorted(groups.values(), key=lambda g: -len(g[1]))
    lines = []
    for label, evs in ordered[:GROUPS]:
        if len(evs) <= 2:  # a group of one or two says each in full
            for e in evs:
                t = Text("  ")
                t.append_text(event_text(game, e))
                lines.append(t)
            continue
        t = Text("  ")
        t.append_text(label)
        who = [e.customer for e in evs if isinstance(e, E.CustomerEvent)]
        t.append(": " + (ntr("{n} deal", "{n} deals", len(who)) if who else f"{len(evs)}×"))
        value = sum(e.value for e in evs if isinstance(e, E.DealClosed))
        if value:
            t.append(f" ({fm.money(value)})")
        if who:
            t.append(" — " + _names(game, who), style="dim")
        lines.append(t)
    rest = ordered[GROUPS:]
    if rest:
        n = sum(len(evs) for _, evs in rest)
        more = ntr(
            "… and {count} more in {n} other kind",
            "… and {count} more in {n} other kinds",
            len(rest),
            count=n,
        )
        lines.append(Text("  " + more, style="dim"))
    return lines


def summary_renderable(game: Game, day: int, new_events: list[E.Event]) -> RenderableType:
    """Literal text summing up `day` and the night after it, grouped with totals: as short
    for 100,000 customers as for ten."""
    fm = Formatter.of(game.scenario.metadata)
    end = new_events[0].seq if new_events else len(game.log)
    on_day = day_events(game.log, day, end)
    # The night before is the previous summary's; the day's work starts with a command.
    first = next((k for k, e in enumerate(on_day) if isinstance(e, TRAINEE)), len(on_day))
    today = on_day[first:]
    parts: list[RenderableType] = []
    actions = [e for e in today if isinstance(e, E.ActionTaken)]
    used = sum(e.hours for e in actions)
    parts.append(
        Text(
            ntr(
                "{n} action, {used} h of {budget} h used.",
                "{n} actions, {used} h of {budget} h used.",
                len(actions),
                used=f"{used:g}",
                budget=f"{game.scenario.calendar.hours_per_day:g}",
            )
        )
    )
    closed = [e for e in today + new_events if isinstance(e, E.DealClosed)]
    won = [e for e in closed if e.result == "won"]
    lost = [e for e in closed if e.result != "won"]
    if won:
        value = fm.money(sum(e.value for e in won))
        parts.append(
            Text(
                ntr("Won {n} deal: {amount}", "Won {n} deals: {amount}", len(won), amount=value),
                style="bold green",
            )
        )
    if lost:
        value = fm.money(sum(e.value for e in lost))
        parts.append(
            Text(
                ntr(
                    "Lost {n} deal ({amount}).",
                    "Lost {n} deals ({amount}).",
                    len(lost),
                    amount=value,
                ),
                style="bold red",
            )
        )

    def block(title: str, evs: list[E.Event]) -> None:
        if not evs:
            return
        parts.append(Text(""))
        if title:
            parts.append(Text(_(title), style="bold underline"))
        parts.extend(block_lines(game, evs))

    dq_actions = {a.id for a in game.scenario.actions if "disqualify" in a.tags}

    def disqualified(e: E.Event) -> bool:
        return (isinstance(e, E.DealClosed) and e.reason == "disqualified") or (
            isinstance(e, E.StageChanged) and e.cause in dq_actions
        )

    block(
        N_("Today"),
        [
            e
            for e in today
            if isinstance(e, E.StageChanged | E.DealClosed | E.GoneCold | E.Overcontact)
            and not disqualified(e)
        ],
    )
    dq = [e for e in today if isinstance(e, E.DealClosed) and e.reason == "disqualified"]
    if dq:
        amount = fm.money(sum(e.value for e in dq))
        t = Text(
            ntr(
                "Disqualified {n} deal ({amount}):",
                "Disqualified {n} deals ({amount}):",
                len(dq),
                amount=amount,
            )
            + " ",
            style="bold",
        )
        t.append(_names(game, [e.customer for e in dq], 6))
        parts += [Text(""), t]
    block(N_("Follow-up warnings"), [e for e in new_events if isinstance(e, WARNINGS)])
    block(N_("Overnight"), [e for e in new_events if isinstance(e, OVERNIGHT)])
    block(
        N_("Tomorrow") if not game.over else "",
        [e for e in new_events if isinstance(e, TOMORROW)],
    )
    if not game.over:
        rotting: list[int] = []
        soon: list[int] = []
        for c in game.open_customers():
            st = game.stage_of(c)
            if game.is_rotting(c):
                rotting.append(c.index)
            elif st.rot_days is not None and c.days_idle(game.day + 1) > st.rot_days:
                soon.append(c.index)
        if rotting:
            t = Text(
                ntr("{n} deal is rotting:", "{n} deals are rotting:", len(rotting)) + " ",
                style="bold red",
            )
            t.append(_names(game, rotting, 8))
            parts += [Text(""), t]
        if soon:
            t = Text(
                tr(
                    "Rots on day {next} unless touched on day {day} ({n}):",
                    next=game.day + 1,
                    day=game.day,
                    n=len(soon),
                )
                + " ",
                style="bold yellow",
            )
            t.append(_names(game, soon, 8))
            parts += [Text(""), t]
    else:
        o = game.outcome()
        parts.append(Text(""))
        parts.append(
            Text(
                tr(
                    "Revenue {revenue} of a {quota} quota ({attainment}); {deals}.",
                    revenue=fm.money(o["revenue"]),
                    quota=fm.money(o["quota"]),
                    attainment=f"{o['attainment']:.0%}",
                    deals=game_deal_counts(game),
                ),
                style="bold",
            )
        )
    return Group(*parts)


class DaySummaryDialog(ModalScreen[None]):
    """Shown after ending a day; enter or escape continues."""

    BINDINGS = [
        Binding("escape", "close", N_("Continue")),
        Binding("enter", "close", N_("Continue"), show=False),
        Binding("pagedown", "scroll('scroll_page_down')", N_("Scroll"), show=False),
        Binding("pageup", "scroll('scroll_page_up')", show=False),
        Binding("down", "scroll('scroll_down')", show=False),
        Binding("up", "scroll('scroll_up')", show=False),
        Binding("end", "scroll('scroll_end')", show=False),
        Binding("home", "scroll('scroll_home')", show=False),
    ]

    def action_scroll(self, how: str) -> None:
        """Scroll the summary with the keys, whatever has the focus (no Tab needed)."""
        getattr(self.query_one(VerticalScroll), how)(animate=False)

    def __init__(self, game: Game, day: int, new_events: list[E.Event]):
        super().__init__()
        self.game = game
        """The game after the day ended."""
        self.day = day
        """The day that ended."""
        self.new_events = new_events
        """Log entries appended by ending the day."""

    def compose(self) -> ComposeResult:
        over = self.game.over
        with Vertical(classes="dialog dialog-wide", id="day-summary"):
            title = (
                tr("Day {day} of {days} is over", day=self.day, days=self.game.days)
                if not over
                else _("The run is over")
            )
            yield Static(Text(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(summary_renderable(self.game, self.day, self.new_events))
            label = _("See the debrief") if over else tr("Start day {day}", day=self.game.day)
            yield Button(Text(f"{label} [enter]"), id="continue", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @on(Button.Pressed, "#continue")
    def action_close(self) -> None:
        self.dismiss(None)
