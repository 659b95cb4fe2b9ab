"""Add a note to a customer's record."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from sim.i18n import N_, _


class NoteDialog(ModalScreen[str | None]):
    """Returns the note text, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, company: Text):
        super().__init__()
        self.company = company
        """Whose record the note goes on (literal text)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text(_("Note on") + " ")
            title.append_text(self.company)
            yield Static(title, classes="dialog-title")
            yield Input(
                placeholder=_("What did you learn or promise?"), max_length=500, id="note-text"
            )
            yield Static(Text(_("enter: save · esc: cancel"), style="dim"), classes="dialog-hint")

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
