"""The debrief: grade and scorecard against the ghost, key moments, charts, every point,
and export to the report formats."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from sim.engine.objections import objection_lines
from sim.ui.dialogs.export import ExportDialog
from sim.ui.widgets.charts import FunnelChart, PipelineChart
from sim.ui.widgets.scorecard import (
    every_point,
    forecast_line,
    headline,
    key_moments,
    scorecard_table,
)


def notebook_text(game: Any) -> Text:
    """The notes and next steps the trainee wrote, in order (literal text)."""
    from sim.report.notebook import notebook

    entries = notebook(game.log, lambda i: game.identity(i).company)
    if not entries:
        return Text("You wrote no notes and set no next steps in this run.", style="dim")
    t = Text()
    for n in entries:
        t.append(f"Day {n.day} · #{n.customer} ", style="dim")
        t.append(n.company, style="bold")
        t.append(
            f" · {n.kind}" + (f", due day {n.due}" if n.due is not None else "") + "\n", style="dim"
        )
        t.append("  " + n.text + "\n")
    return t


TABS = ("tab-score", "tab-moments", "tab-charts", "tab-points", "tab-notebook")


class DebriefScreen(Screen[None]):
    """Shown when the run is over (or on demand for a run so far)."""

    BINDINGS = [
        Binding("x", "export", "Export"),
        Binding("w", "what_if", "What-if"),
        Binding("r", "again", "Play again"),
        Binding("h", "home", "Home"),
        Binding("q", "quit", "Quit"),
        Binding("1", "tab(0)", "Score", show=False),
        Binding("2", "tab(1)", "Moments", show=False),
        Binding("3", "tab(2)", "Charts", show=False),
        Binding("4", "tab(3)", "Every point", show=False),
        Binding("5", "tab(4)", "Notebook", show=False),
    ]

    def __init__(
        self, game: Any, card: Any, ghost: Any | None = None, ghost_log: Any | None = None
    ):
        super().__init__()
        self.game = game
        """The finished game."""
        self.card = card
        """Its `Scorecard`."""
        self.ghost = ghost
        """The expert bot's `Scorecard` on the same seed (None until computed)."""
        self.ghost_log = ghost_log
        """The expert bot's event log (None until computed)."""

    def compose(self) -> ComposeResult:
        game, card = self.game, self.card
        yield Static(headline(game, card, self.ghost), id="debrief-head")
        with TabbedContent(id="debrief-tabs"):
            with TabPane("1 Scorecard", id="tab-score"), VerticalScroll():
                yield Static(self._score_body(), id="score-body")
            with TabPane("2 Key moments", id="tab-moments"), VerticalScroll():
                yield Static(key_moments(game, card, self.ghost_log), id="moments-body")
            with TabPane("3 Charts", id="tab-charts"), Horizontal(id="charts"):
                yield FunnelChart(game.scenario, game.log, id="funnel")
                yield PipelineChart(game.scenario, game.log, id="pipeline")
            with TabPane("4 Every point", id="tab-points"), VerticalScroll():
                yield Static(every_point(game, card), id="points-body")
            with TabPane("5 Notebook", id="tab-notebook"), VerticalScroll():
                yield Static(notebook_text(game), id="notebook-body")
        yield Footer()

    def _score_body(self) -> Group:
        parts = [scorecard_table(self.card, self.ghost), Text(""), forecast_line(self.card)]
        left = objection_lines(self.game.log, lambda i: self.game.identity(i).company)
        if left:
            parts += [Text(""), Text("Objections left open", style="bold")]
            parts += [Text("  " + line) for line in left]
        return Group(*parts)

    def set_ghost(self, ghost: Any, log: Any | None = None) -> None:
        """The ghost's scorecard arrived: show it."""
        self.ghost = ghost
        if log is not None:
            self.ghost_log = log
            self.query_one("#moments-body", Static).update(key_moments(self.game, self.card, log))
        self.query_one("#debrief-head", Static).update(headline(self.game, self.card, ghost))
        self.query_one("#score-body", Static).update(self._score_body())

    def action_tab(self, n: int) -> None:
        self.query_one(TabbedContent).active = TABS[n]

    def action_what_if(self) -> None:
        self.app.action_what_if()  # type: ignore[attr-defined]

    def action_again(self) -> None:
        self.app.start_game(self.game.scenario, self.game.seed)  # type: ignore[attr-defined]

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]

    async def action_quit(self) -> None:
        self.app.exit()

    def action_export(self) -> None:
        sc = self.game.scenario
        stem = f"salesim-{sc.id}-seed{self.game.seed}"

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self.notify(f"Exporting {answer[0]} to {answer[1]}…", markup=False)
                self.export(*answer)

        self.app.push_screen(ExportDialog(stem), chosen)

    @work(thread=True, exclusive=True, group="export")
    def export(self, fmt: str, path: str) -> None:
        """Write the report in a worker thread; report back on the UI thread."""
        game = self.game
        try:
            from sim.report import write_report  # type: ignore[attr-defined]
        except ImportError as e:
            self.app.call_from_thread(
                self.notify,
                f"Reports are not available in this build ({e}).",
                severity="error",
                markup=False,
            )
            return
        served = getattr(self.app, "classroom", None) is not None
        try:
            # In a browser (salesim serve) the file goes to the trainee's browser as a
            # download, never onto the server's disk.
            text = write_report(
                game.scenario, game.seed, list(game.log), fmt, None if served else Path(path)
            )
        except Exception as e:  # noqa: BLE001 - any failure becomes a message, never a traceback
            self.app.call_from_thread(
                self.notify, f"Export failed: {e}", severity="error", markup=False, timeout=10
            )
            return
        if served:
            name = Path(path).name or f"salesim-report.{fmt}"
            self.app.call_from_thread(self.app.deliver_text, io.StringIO(text), save_filename=name)
            self.app.call_from_thread(
                self.notify, f"Report sent to your browser: {name}", markup=False
            )
            return
        self.app.call_from_thread(self.notify, f"Report written to {path}", markup=False)
