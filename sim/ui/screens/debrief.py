"""The debrief: grade and scorecard against the ghost, key moments, charts, every point,
and export to the report formats."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Static, TabbedContent, TabPane

from sim.engine.game import Game
from sim.engine.scoring import Scorecard
from sim.i18n import N_, _, tr
from sim.report.debrief import Ghost, build_debrief, ghost_days
from sim.report.notebook import NotebookEntry
from sim.ui.base import AppScreen
from sim.ui.dialogs.export import ExportDialog
from sim.ui.widgets.charts import FunnelChart, PipelineChart
from sim.ui.widgets.scorecard import (
    every_point,
    forecast_line,
    headline,
    key_moments,
    scorecard_table,
)


def notebook_text(entries: Sequence[NotebookEntry]) -> Text:
    """The notes and next steps the trainee wrote, in order (literal text)."""
    if not entries:
        return Text(_("You wrote no notes and set no next steps in this run."), style="dim")
    t = Text()
    for n in entries:
        t.append(tr("Day {day}", day=n.day) + f" · #{n.customer} ", style="dim")
        t.append(n.company, style="bold")
        t.append(
            f" · {_(n.kind)}"
            + (", " + tr("due day {day}", day=n.due) if n.due is not None else "")
            + "\n",
            style="dim",
        )
        t.append("  " + n.text + "\n")
    return t


TABS = ("tab-score", "tab-moments", "tab-charts", "tab-points", "tab-notebook")


class DebriefScreen(AppScreen[None]):
    """Shown when the run is over (or on demand for a run so far)."""

    BINDINGS = [
        Binding("x", "export", N_("Export")),
        Binding("w", "what_if", N_("What-if")),
        Binding("r", "again", N_("Play again")),
        Binding("h", "home", N_("Home")),
        Binding("q", "quit", N_("Quit")),
        Binding("1", "tab(0)", N_("Score"), show=False),
        Binding("2", "tab(1)", N_("Moments"), show=False),
        Binding("3", "tab(2)", N_("Charts"), show=False),
        Binding("4", "tab(3)", N_("Every point"), show=False),
        Binding("5", "tab(4)", N_("Notebook"), show=False),
        # The open tab scrolls with the keys whatever has the focus (no Tab first).
        Binding("pagedown", "scroll('scroll_page_down')", N_("Scroll"), show=False),
        Binding("pageup", "scroll('scroll_page_up')", show=False),
        Binding("end", "scroll('scroll_end')", show=False),
        Binding("home", "scroll('scroll_home')", show=False),
        Binding("down", "scroll('scroll_down')", show=False),
        Binding("up", "scroll('scroll_up')", show=False),
    ]

    def __init__(self, game: Game, ghost: Ghost | None = None, practice: str | None = None):
        super().__init__()
        self.game = game
        """The finished game (or the run so far)."""
        self.practice = practice
        """Why this run is practice (the app's `practice_text`); None: it counts."""
        self.debrief = build_debrief(
            game.scenario, game.seed, game.log, ghost=ghost, practice=practice
        )
        """What the reports show too (`sim.report.debrief`): this screen only formats it.
        Without `ghost` (the expert's run, computed once per run by the app) it has no ghost
        until `set_ghost`."""

    @property
    def card(self) -> Scorecard:
        """The run's scorecard."""
        return self.debrief.scorecard

    def compose(self) -> ComposeResult:
        game, d = self.game, self.debrief
        yield Static(headline(d), id="debrief-head")
        with TabbedContent(id="debrief-tabs"):
            with TabPane("1 " + _("Scorecard"), id="tab-score"), VerticalScroll():
                yield Static(self._score_body(), id="score-body")
            with TabPane("2 " + _("Key moments"), id="tab-moments"), VerticalScroll():
                yield Static(key_moments(game, d), id="moments-body")
            with TabPane("3 " + _("Charts"), id="tab-charts"), Horizontal(id="charts"):
                yield FunnelChart(d.funnel, id="funnel")
                yield PipelineChart(d.pipeline, d.fm, id="pipeline")
            with TabPane("4 " + _("Every point"), id="tab-points"), VerticalScroll():
                yield Static(every_point(game, d.scorecard), id="points-body")
            with TabPane("5 " + _("Notebook"), id="tab-notebook"), VerticalScroll():
                yield Static(notebook_text(d.notebook), id="notebook-body")
        yield Footer()

    def _score_body(self) -> Group:
        d = self.debrief
        parts = [
            scorecard_table(d.scorecard, d.ghost_scorecard),
            Text(""),
            forecast_line(d.scorecard),
        ]
        left = d.objections_left
        if left:
            parts += [Text(""), Text(_("Objections left open"), style="bold")]
            parts += [Text("  " + line) for line in left]
        for title, lines in (
            (_("Objections answered"), d.objections_answered),
            (_("Buying committees: who you worked"), d.committee_work),
        ):
            if lines:
                parts += [Text(""), Text(title, style="bold")]
                parts += [Text("  " + line) for line in lines]
        return Group(*parts)

    def set_ghost(self, ghost: Ghost) -> None:
        """The expert's run arrived: rebuild the debrief with it and show it."""
        game = self.game
        if ghost.days != ghost_days(game.log):
            return  # played to another day than this run needs
        self.debrief = build_debrief(
            game.scenario, game.seed, game.log, ghost=ghost, practice=self.practice
        )
        self.query_one("#moments-body", Static).update(key_moments(game, self.debrief))
        self.query_one("#debrief-head", Static).update(headline(self.debrief))
        self.query_one("#score-body", Static).update(self._score_body())

    def action_scroll(self, how: str) -> None:
        """Scroll the open tab's text (the keys reach here when the focused widget, such as
        the tab strip, does not use them itself)."""
        tabs = self.query_one(TabbedContent)
        pane = tabs.get_pane(tabs.active) if tabs.active else None
        scrolls = list(pane.query(VerticalScroll)) if pane is not None else []
        if scrolls:
            getattr(scrolls[0], how)(animate=False)

    def action_tab(self, n: int) -> None:
        self.query_one(TabbedContent).active = TABS[n]

    def action_what_if(self) -> None:
        self.salesim.action_what_if()

    def action_again(self) -> None:
        self.salesim.start_game(self.game.scenario, self.game.seed)

    def action_home(self) -> None:
        self.salesim.go_home()

    async def action_quit(self) -> None:
        self.app.exit()

    def action_export(self) -> None:
        sc = self.game.scenario
        stem = f"salesim-{sc.id}-seed{self.game.seed}"

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self.notify(
                    tr("Exporting {format} to {path}…", format=answer[0], path=answer[1]),
                    markup=False,
                )
                self.export(*answer)

        self.app.push_screen(ExportDialog(stem), chosen)

    @work(thread=True, exclusive=True, group="export")
    def export(self, fmt: str, path: str) -> None:
        """Write the report in a worker thread; report back on the UI thread."""
        debrief = self.debrief
        try:
            from sim.report import write_debrief
        except ImportError as e:
            self.app.call_from_thread(
                self.notify,
                tr("Reports are not available in this build ({error}).", error=e),
                severity="error",
                markup=False,
            )
            return
        served = getattr(self.app, "classroom", None) is not None
        try:
            # In a browser (salesim serve) the file goes to the trainee's browser as a
            # download, never onto the server's disk.
            if debrief.ghost_scorecard is None and self.salesim.ghost_enabled:
                # The app's ghost has not arrived yet: wait for it here, off the UI thread.
                ghost = self.salesim.ghost_for(self.game)
                debrief = build_debrief(
                    self.game.scenario, self.game.seed, self.game.log, ghost=ghost
                )
            text = write_debrief(debrief, fmt, None if served else Path(path))
        except Exception as e:  # noqa: BLE001 - any failure becomes a message, never a traceback
            self.app.call_from_thread(
                self.notify,
                tr("Export failed: {error}", error=e),
                severity="error",
                markup=False,
                timeout=10,
            )
            return
        if served:
            name = Path(path).name or f"salesim-report.{fmt}"
            self.app.call_from_thread(self.app.deliver_text, io.StringIO(text), save_filename=name)
            self.app.call_from_thread(
                self.notify, tr("Report sent to your browser: {name}", name=name), markup=False
            )
            return
        self.app.call_from_thread(
            self.notify, tr("Report written to {path}", path=path), markup=False
        )
