"""Choose a report format and a file to export the debrief to."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from sim.i18n import N_, _

FORMATS: tuple[tuple[str, str, str], ...] = (
    ("md", "Markdown", "m"),
    ("html", "HTML", "h"),
    ("json", "JSON", "j"),
)
"""(format id, label, key)."""


class ExportDialog(ModalScreen[tuple[str, str] | None]):
    """Returns (format, path), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, stem: str):
        super().__init__()
        self.stem = stem
        """File name without extension, e.g. 'salesim-tutorial-seed1'."""
        self.fmt = "md"
        """The chosen format."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Static(Text(_("Export the debrief")), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                for fmt, label, key in FORMATS:
                    yield Button(
                        Text(f"{label} [{key}]"),
                        id=f"fmt-{fmt}",
                        variant="primary" if fmt == self.fmt else "default",
                    )
            yield Static(Text(_("File:")))
            yield Input(f"{self.stem}.{self.fmt}", id="export-path")
            yield Static(
                Text(
                    _(
                        "The extension picks the format (.md, .html, .json) · "
                        "enter: export · esc: cancel"
                    ),
                    style="dim",
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def _choose(self, fmt: str) -> None:
        self.fmt = fmt
        for f, _label, _key in FORMATS:
            self.query_one(f"#fmt-{f}", Button).variant = "primary" if f == fmt else "default"
        path = self.query_one("#export-path", Input)
        stem = path.value.rsplit(".", 1)[0] if "." in path.value else path.value
        path.value = f"{stem}.{fmt}"

    @on(Button.Pressed)
    def _format(self, event: Button.Pressed) -> None:
        self._choose((event.button.id or "fmt-md").removeprefix("fmt-"))
        self.query_one("#export-path", Input).focus()

    def on_key(self, event: events.Key) -> None:
        if isinstance(self.focused, Input):
            return
        for fmt, _label, key in FORMATS:
            if event.key == key:
                event.stop()
                self._choose(fmt)

    @on(Input.Submitted, "#export-path")
    def _export(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        fmt = ext if ext in {f for f, _label, _key in FORMATS} else self.fmt
        if path:
            self.dismiss((fmt, path))

    def action_cancel(self) -> None:
        self.dismiss(None)
