"""The end-of-day summary: what the day brought, what happened overnight, what tomorrow holds."""

from __future__ import annotations

from typing import Any

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
from sim.ui.describe import company, event_text, plural

WARNINGS = (E.InboundSlow, E.ReminderMissed, E.ForecastMissed)
OVERNIGHT = (E.ActionAnswered, E.EventFired, E.Rotting, E.GoneCold, E.StageChanged, E.DealClosed)
TOMORROW = (E.LeadArrived, E.ReminderDue)


def summary_renderable(game: Any, day: int, new_events: list[E.Event]) -> RenderableType:
    """Literal text summing up `day` and the night after it."""
    fm = Formatter.of(game.scenario.metadata)
    first_new = new_events[0].seq if new_events else 10**9
    today: list[E.Event] = [e for e in game.log if e.day == day and e.seq < first_new]
    parts: list[RenderableType] = []
    actions = [e for e in today if isinstance(e, E.ActionTaken)]
    used = sum(e.hours for e in actions)
    line = Text(
        f"{len(actions)} action{'s' if len(actions) != 1 else ''}, {used:g} h of "
        f"{game.scenario.calendar.hours_per_day:g} h used."
    )
    parts.append(line)
    closed = [e for e in today + new_events if isinstance(e, E.DealClosed)]
    won = [e for e in closed if e.result == "won"]
    lost = [e for e in closed if e.result != "won"]
    if won:
        t = Text(
            f"Won {len(won)} deal{'s' if len(won) != 1 else ''}: {fm.money(sum(e.value for e in won))}",
            style="bold green",
        )
        parts.append(t)
    if lost:
        parts.append(
            Text(f"Lost {len(lost)} deal{'s' if len(lost) != 1 else ''}.", style="bold red")
        )

    def block(title: str, evs: list[E.Event]) -> None:
        if not evs:
            return
        parts.append(Text(""))
        parts.append(Text(title, style="bold underline"))
        for e in evs:
            t = Text("  ")
            t.append_text(event_text(game, e))
            parts.append(t)

    def disqualified(e: E.Event) -> bool:
        return (isinstance(e, E.DealClosed) and e.reason == "disqualified") or (
            isinstance(e, E.StageChanged) and e.cause in dq_actions
        )

    dq_actions = {a.id for a in game.scenario.actions if "disqualify" in a.tags}
    block(
        "Today",
        [
            e
            for e in today
            if isinstance(e, E.StageChanged | E.DealClosed | E.GoneCold | E.Overcontact)
            and not disqualified(e)
        ],
    )
    dq = [e for e in today if isinstance(e, E.DealClosed) and e.reason == "disqualified"]
    if dq:
        t = Text(
            f"Disqualified {plural(len(dq), 'deal')} ({fm.money(sum(e.value for e in dq))}): ",
            style="bold",
        )
        t.append(", ".join(company(game, e.customer) for e in dq[:6]))
        if len(dq) > 6:
            t.append(f" and {len(dq) - 6} more")
        parts += [Text(""), t]
    block("Follow-up warnings", [e for e in new_events if isinstance(e, WARNINGS)])
    block("Overnight", [e for e in new_events if isinstance(e, OVERNIGHT)])
    block("Tomorrow" if not game.over else "", [e for e in new_events if isinstance(e, TOMORROW)])
    if not game.over:
        rotting = [c for c in game.open_customers() if game.is_rotting(c)]
        if rotting:
            parts.append(Text(""))
            t = Text(
                f"{len(rotting)} deal{'s are' if len(rotting) != 1 else ' is'} rotting: ",
                style="bold red",
            )
            t.append(", ".join(game.identity(c.index).company for c in rotting[:8]))
            if len(rotting) > 8:
                t.append(f" and {len(rotting) - 8} more")
            parts.append(t)
        soon = [
            c
            for c in game.open_customers()
            if not game.is_rotting(c)
            and game.stage_of(c).rot_days is not None
            and c.days_idle(game.day + 1) > game.stage_of(c).rot_days
        ]
        if soon:
            t = Text(f"Rots tomorrow unless touched today ({len(soon)}): ", style="bold yellow")
            t.append(", ".join(game.identity(c.index).company for c in soon[:8]))
            if len(soon) > 8:
                t.append(f" and {len(soon) - 8} more")
            parts += [Text(""), t]
    else:
        o = game.outcome()
        parts.append(Text(""))
        parts.append(
            Text(
                f"Revenue {fm.money(o['revenue'])} of a {fm.money(o['quota'])} quota "
                f"({o['attainment']:.0%}); won {o['won']}, lost {o['lost']}, open {o['open']}.",
                style="bold",
            )
        )
    return Group(*parts)


class DaySummaryDialog(ModalScreen[None]):
    """Shown after ending a day; enter or escape continues."""

    BINDINGS = [
        Binding("escape", "close", "Continue"),
        Binding("enter", "close", "Continue", show=False),
        Binding("pagedown", "scroll('scroll_page_down')", "Scroll", show=False),
        Binding("pageup", "scroll('scroll_page_up')", show=False),
        Binding("down", "scroll('scroll_down')", show=False),
        Binding("up", "scroll('scroll_up')", show=False),
        Binding("end", "scroll('scroll_end')", show=False),
        Binding("home", "scroll('scroll_home')", show=False),
    ]

    def action_scroll(self, how: str) -> None:
        """Scroll the summary with the keys, whatever has the focus (no Tab needed)."""
        getattr(self.query_one(VerticalScroll), how)(animate=False)

    def __init__(self, game: Any, day: int, new_events: list[E.Event]):
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
            title = f"Day {self.day} of {self.game.days} is over" if not over else "The run is over"
            yield Static(Text(title), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(summary_renderable(self.game, self.day, self.new_events))
            label = "See the debrief" if over else f"Start day {self.game.day}"
            yield Button(Text(f"{label} [enter]"), id="continue", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @on(Button.Pressed, "#continue")
    def action_close(self) -> None:
        self.dismiss(None)
