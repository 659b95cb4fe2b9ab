"""A question with a few answers, each a button with a key."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[str | None]):
    """Returns the chosen answer's value (None on escape unless a choice uses escape)."""

    def __init__(self, title: str, body: str | Text, choices: list[tuple[str, str, str]]):
        super().__init__()
        self.title_text = title
        """Heading of the dialog (plain text)."""
        self.body = body
        """The question (plain text or Text; never markup)."""
        self.choices = choices
        """(value, button label, key) for each answer."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Static(
                Text(self.body) if isinstance(self.body, str) else self.body, classes="dialog-body"
            )
            with Horizontal(classes="dialog-buttons"):
                for i, (value, label, key) in enumerate(self.choices):
                    shown = "esc" if key == "escape" else key
                    yield Button(
                        Text(f"{label} [{shown}]"),
                        id=f"choice-{value}",
                        variant="primary" if i == 0 else "default",
                    )

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        value = (event.button.id or "").removeprefix("choice-")
        self.dismiss(value)

    def on_key(self, event: events.Key) -> None:
        for value, _, key in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
