"""Shown over everything while the terminal is smaller than the game needs."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from sim.i18n import _, tr


class TooSmallScreen(ModalScreen[None]):
    """Says how big the terminal is and how big it must be; goes away on resize."""

    def __init__(self, need: tuple[int, int]):
        super().__init__(id="too-small")
        self.need = need
        """(columns, rows) the game needs."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        w, h = self.need
        text = Text(_("The terminal is too small.") + "\n", style="bold")
        text.append(
            tr(
                "salesim needs at least {need}; this one is {size}.",
                need=f"{w}×{h}",
                size=f"{width}×{height}",
            )
            + "\n"
        )
        text.append(_("Enlarge the window (or press ctrl+q to quit)."), style="dim")
        self.query_one("#too-small-text", Static).update(text)
