"""The pipeline as a board: one column per stage with its deal count, value and weighted value.

Clicking a column filters the customer table to that stage (click again for all stages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from sim.engine.fmt import Formatter
from sim.i18n import ntr, tr
from sim.ui.messages import StageFilterChosen

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game
    from sim.engine.listing import DeskSummary


class StageColumn(Static):
    """One stage of the board."""

    DEFAULT_CSS = """
    StageColumn {
        width: 1fr;
        height: 100%;
        padding: 0 1;
        border-left: tall $panel-lighten-2;
        content-align: left top;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StageColumn.-active { background: $primary 30%; border-left: tall $primary; }
    StageColumn.-won { color: $success; }
    StageColumn.-lost { color: $text-muted; }
    StageColumn:hover { background: $boost; }
    """

    def __init__(self, stage_id: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.stage_id = stage_id
        """The stage this column shows."""
        self.shown: Text | None = None
        """What the column shows now (to skip identical updates)."""

    def on_click(self) -> None:
        self.post_message(StageFilterChosen(self.stage_id))


class PipelineBoard(Horizontal):
    """Stage columns left to right, in process order."""

    DEFAULT_CSS = """
    PipelineBoard { height: 4; background: $surface; }
    PipelineBoard.-compact { height: 3; }
    """

    def __init__(self, game: Game, **kwargs: Any):
        super().__init__(**kwargs)
        self.game = game
        """The game whose pipeline is shown."""

    def compose(self) -> ComposeResult:
        for st in self.game.scenario.stages:
            classes = "-won" if st.terminal == "won" else ("-lost" if st.terminal == "lost" else "")
            yield StageColumn(st.id, classes=classes)

    def update_board(
        self, game: Game, active: str | None, summary: DeskSummary | None = None
    ) -> None:
        """Show `game`'s pipeline now; highlight the `active` stage filter (`summary`: the
        desk's `DeskSummary`, kept up to date incrementally; made afresh when not given)."""
        self.game = game
        fm = Formatter.of(game.scenario.metadata)
        compact_mode = self.has_class("-compact")
        columns = list(self.query(StageColumn))
        if summary is None:
            from sim.engine.listing import DeskSummary

            summary = DeskSummary().update(game)
        rot = {sid: fig.rotting for sid, fig in summary.stages.items()}
        pipeline = []
        for st in game.scenario.stages:
            fig = summary.stages[st.id]
            pipeline.append((st, fig.count, fig.total, fig.total * st.probability / 100))
        for col, (st, count, total, weighted) in zip(columns, pipeline, strict=False):
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            text.append(st.label, style="bold")
            text.append(f" {st.probability}%\n", style="dim")
            amount = fm.compact(total)
            lines = [f"{count:,} · {amount}", amount]  # the amount is never cut: drop words first
            if not compact_mode:
                lines.insert(
                    0, ntr("{n} deal", "{n} deals", count, n=f"{count:,}") + f" · {amount}"
                )
            room = col.content_region.width or 99
            text.append(next((x for x in lines if cell_len(x) <= room), amount))
            if not compact_mode and st.is_open:
                text.append("\n")
                text.append(tr("weighted {amount}", amount=fm.compact(weighted)), style="italic")
                rotting = rot.get(st.id, 0)
                if rotting:
                    text.append("\n● " + tr("{n} rotting", n=f"{rotting:,}"), style="bold red")
            if text != col.shown:
                col.shown = text
                col.update(text, layout=False)
            col.set_class(st.id == active, "-active")
