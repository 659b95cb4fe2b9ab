"""The day bar: day N of M, time left today, reminders due, new inbound leads, forecast due."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from sim.i18n import _, tr
from sim.ui.describe import hours

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game
    from sim.engine.listing import DeskSummary


class DayBar(Static):
    """One line across the top of the desk."""

    shown: Text | None = None
    """What the bar shows now (to skip identical updates)."""

    DEFAULT_CSS = """
    DayBar {
        height: 1; background: $primary-background; color: $text; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def update_bar(self, game: Game, summary: DeskSummary | None = None) -> None:
        """Show `game`'s day, time and what needs attention (`summary`: the desk's
        `DeskSummary`, kept up to date incrementally; made afresh when not given)."""
        sc = game.scenario
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(tr("Day {day} of {days}", day=game.day, days=game.days), style="bold")
        total = sc.calendar.hours_per_day
        left = max(0.0, game.hours_left)
        slots = 8
        filled = round(slots * left / total) if total else 0
        text.append("  ")
        text.append("█" * filled, style="green" if left > total / 4 else "yellow")
        text.append("░" * (slots - filled), style="dim")
        text.append(
            " " + tr("{hours} left today", hours=hours(left)), style="bold" if left else "bold red"
        )
        if summary is None:
            from sim.engine.listing import DeskSummary

            summary = DeskSummary().update(game)
        due, new, rotting = summary.due, summary.new, summary.rotting
        text.append("  │ ", style="dim")
        text.append("◆ " + tr("{n} due", n=due), style="bold yellow" if due else "dim")
        text.append("  │ ", style="dim")
        text.append("✚ " + tr("{n} new", n=new), style="bold cyan" if new else "dim")
        text.append("  │ ", style="dim")
        text.append("● " + tr("{n} rotting", n=rotting), style="bold red" if rotting else "dim")
        if game.over:
            text.append("  │ " + _("the run is over"), style="bold")
        elif game.is_checkpoint():
            text.append("  │ ", style="dim")
            if game.day in game.forecasts:
                text.append(_("forecast committed"), style="green")
            else:
                text.append(_("FORECAST DUE TODAY (^f)"), style="bold reverse yellow")
        if text != self.shown:
            self.shown = text
            self.update(text, layout=False)
