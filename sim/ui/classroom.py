"""Classroom sessions (`salesim serve`): the trainer's pinned scenarios and seeds, and the
trainee's name asked once when a browser tab opens the game.

`Classroom` is handed to `make_app(classroom=...)`; the app then lists only the pinned
scenarios, asks the name before anything else, saves every run under that name and plays
each scenario with the seed the trainer chose (one for everyone, or one per trainee).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from sim.i18n import _
from sim.scenario.model import Scenario

NAME_MAX = 60
"""Longest trainee name accepted (it is shown on the trainer's page)."""


@dataclass(frozen=True)
class Classroom:
    """What the trainer pinned for every session of one `salesim serve`."""

    scenarios: tuple[Scenario, ...] = ()
    """The scenarios the home screen lists (empty: all bundled ones)."""
    seed: int | None = None
    """The seed everyone plays (None: the trainee chooses, as in the terminal)."""
    per_trainee: bool = False
    """Derive each trainee's seed from `seed` and their name (comparable across days)."""

    def seed_for(self, name: str) -> int | None:
        """The seed this trainee plays, or None when the trainer pinned none."""
        if self.seed is None:
            return None
        if not self.per_trainee:
            return self.seed
        return trainee_seed(self.seed, name)


def clean_name(raw: str) -> str:
    """A trainee name as one printable line, inner spaces collapsed."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(text.split())[:NAME_MAX]


def trainee_seed(base: int, name: str) -> int:
    """A stable seed (1..99999) for one trainee: the same name always gets the same seed,
    whatever the letter case or spacing, in any process."""
    key = f"{base}:{clean_name(name).casefold()}".encode()
    return 1 + int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % 99_999


class TraineeDialog(ModalScreen[str]):
    """Asks the trainee's name; returns it cleaned (never empty)."""

    _answered = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="trainee-dialog"):
            yield Static(Text(_("Welcome to the classroom")), classes="dialog-title")
            yield Static(
                Text(_("Your name, as your trainer should see it next to your results:")),
                classes="dialog-body",
            )
            yield Input(
                placeholder=_("First and last name"), max_length=NAME_MAX, id="trainee-name"
            )
            yield Static(Text(_("enter: continue"), style="dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#trainee-name", Input).focus()

    @on(Input.Submitted, "#trainee-name")
    def _done(self, event: Input.Submitted) -> None:
        if self._answered:  # a second enter typed before the dialog closed
            return
        name = clean_name(event.value)
        if not name:
            self.notify(_("Please type your name first."), severity="warning", markup=False)
            return
        self._answered = True
        self.dismiss(name)
