"""Shows why a scenario file could not be loaded: the loader's formatted diagnostics."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from sim.i18n import N_, _


class DiagnosticsDialog(ModalScreen[None]):
    """A scrollable report, shown literally (never markup); enter or escape closes it."""

    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("enter", "close", N_("Close"), show=False),
    ]

    def __init__(self, title: str, report: str):
        super().__init__()
        self.title_text = title
        """Heading, e.g. 'scenarios/x.yaml has 2 errors'."""
        self.report = report
        """The formatted diagnostics (file:line:col, code, source line, caret)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="diagnostics"):
            yield Static(Text(self.title_text), classes="dialog-title -error")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(Text(self.report, no_wrap=True), id="diagnostics-report")
            yield Button(Text(_("Close [esc]")), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
