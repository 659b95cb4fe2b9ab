"""What if: pick a past decision from the run's history and branch from just before it.

Returns how many commands to keep; the app replays them into a new game (`Game.fork`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sim.i18n import N_, _
from sim.ui.describe import command_days, command_text

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game


class WhatIfDialog(ModalScreen[int | None]):
    """Lists every command; choosing one rewinds to just before it."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, game: Game):
        super().__init__()
        self.game = game
        """The game whose history is shown."""

    def compose(self) -> ComposeResult:
        game = self.game
        with Vertical(classes="dialog dialog-wide", id="whatif"):
            yield Static(Text(_("What if… rewind to a past decision")), classes="dialog-title")
            yield Static(
                Text(
                    _(
                        "Choose a decision: the run is replayed up to just before it, with the "
                        "same seed, and you play on from there in a new branch. "
                        "enter: rewind · esc: cancel"
                    ),
                    style="dim",
                )
            )
            options = []
            for n, (cmd, day) in enumerate(
                zip(game.commands, command_days(game.commands), strict=True)
            ):
                prompt = Text(
                    f"d{day} {n + 1:>4}  ", style="dim", no_wrap=True, overflow="ellipsis", end=""
                )
                prompt.append_text(command_text(game, cmd))
                options.append(Option(prompt, id=str(n)))
            yield OptionList(*options, id="whatif-list")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        if ol.option_count:
            ol.highlighted = ol.option_count - 1
        ol.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
