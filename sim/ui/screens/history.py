"""History: the trainee's past runs — score, grade and each dimension — with the trend of the
score per scenario; enter opens a finished run's debrief or continues an unfinished one.
Practice runs (what-if branches) are listed as such and never count in the trend.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Static

from sim.i18n import N_, _, ntr, tr
from sim.ui.base import AppScreen


def trend_text(rows: list[Any]) -> Text:
    """One line per scenario: finished runs, best score and the trend (oldest first)."""
    from sim.store.history import history, sparkline

    t = Text()
    for g in history([r for r in rows if not r.practice]):
        t.append(g["scenario"], style="bold")
        best = g["best"]
        line = "  " + ntr("{n} finished", "{n} finished", len(g["finished"]))
        if best is not None:
            line += " · " + tr(
                "best {score} ({grade})", score=f"{best.total:.1f}", grade=best.grade or "-"
            )
        t.append(line)
        if g["trend"]:
            t.append("  " + sparkline(g["trend"]), style="bold")
            t.append(f"  {g['trend'][0]:.0f} → {g['trend'][-1]:.0f}", style="dim")
        t.append("\n")
    return t


class HistoryScreen(AppScreen[None]):
    """Past runs in the store (newest first)."""

    BINDINGS = [
        Binding("escape,h", "app.go_home", N_("Home")),
        Binding("p", "toggle_practice", N_("Practice runs")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_practice = False
        """List practice runs too."""
        self.rows: list[Any] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Static(id="history-trend")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                Text(
                    _("enter: a finished run's debrief, or continue an unfinished one"),
                    style="dim",
                ),
                id="history-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the runs from the store (of the current trainee when a name is set)."""
        all_rows = self.salesim.history_rows()
        self.query_one("#history-trend", Static).update(
            trend_text(all_rows) if all_rows else Text(_("No runs yet: play one from home."))
        )
        self.rows = [r for r in all_rows if self.show_practice or not r.practice]
        dims: list[str] = []
        for r in self.rows:
            dims += [d for d in r.scores if d not in dims]
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(
            _("ID"),
            _("Date"),
            _("Trainee"),
            _("Scenario"),
            _("Seed"),
            _("Status"),
            _("Score"),
            _("Grade"),
            *dims,
        )
        for r in self.rows:
            status = (
                _("finished")
                if r.finished
                else (tr("unfinished at day {day}", day=r.day) if r.day else _("unfinished"))
            ) + (" · " + _("practice") if r.practice else "")
            table.add_row(
                str(r.id),
                r.created,
                Text(r.player or "-"),
                Text(r.scenario),
                str(r.seed),
                status,
                f"{r.total:.1f}" if r.total is not None else "-",
                r.grade or "-",
                *(f"{r.scores[d]:.0f}" if d in r.scores else "-" for d in dims),
                key=str(r.id),
            )

    def action_toggle_practice(self) -> None:
        self.show_practice = not self.show_practice
        self.reload()

    @on(DataTable.RowSelected, "#history-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        run_id = int(event.row_key.value or 0)
        row = next((r for r in self.rows if r.id == run_id), None)
        if row is None:
            return
        if row.finished:
            self.salesim.open_stored_debrief(run_id)
        else:
            self.salesim.resume(run_id)
