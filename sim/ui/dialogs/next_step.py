"""Schedule a customer's next step: the day it is due and what it is."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from sim.i18n import N_, _, tr
from sim.ui.describe import DEFAULT_STEP


class NextStepDialog(ModalScreen[tuple[int, str] | None]):
    """Returns (day, text), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, company: Text, today: int, last_day: int, day: int, text: str = ""):
        super().__init__()
        self.company = company
        """Whose next step this is (literal text)."""
        self.today = today
        """The current day: the earliest allowed."""
        self.last_day = last_day
        """The last day of the run: the latest allowed."""
        self.day = day
        """The day proposed."""
        self.text = text
        """The step proposed."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text(_("Next step for") + " ")
            title.append_text(self.company)
            yield Static(title, classes="dialog-title")
            yield Static(
                Text(tr("Due day ({first}–{last}):", first=self.today, last=self.last_day))
            )
            yield Input(str(self.day), type="integer", id="step-day")
            yield Static(Text(_("What will you do?")))
            yield Input(self.text, placeholder=_(DEFAULT_STEP), max_length=500, id="step-text")
            yield Static(Text("", style="red"), id="step-error")
            yield Static(
                Text(_("enter: next field / save · esc: cancel"), style="dim"),
                classes="dialog-hint",
            )

    @on(Input.Submitted, "#step-day")
    def _next_field(self) -> None:
        self.query_one("#step-text", Input).focus()

    @on(Input.Submitted, "#step-text")
    def _save(self) -> None:
        raw = self.query_one("#step-day", Input).value.strip()
        try:
            day = int(raw)
        except ValueError:
            day = -1
        if not self.today <= day <= self.last_day:
            self.query_one("#step-error", Static).update(
                Text(
                    tr("Pick a day from {first} to {last}.", first=self.today, last=self.last_day),
                    style="red",
                )
            )
            self.query_one("#step-day", Input).focus()
            return
        text = self.query_one("#step-text", Input).value.strip() or DEFAULT_STEP
        self.dismiss((day, text))

    def action_cancel(self) -> None:
        self.dismiss(None)
