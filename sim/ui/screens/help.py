"""The help screen: how to play and every key."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HOW_TO_PLAY = (
    "You run a sales desk for a few simulated days. Each day has a time budget; every action "
    "on a customer costs time. Move each deal through the stages of the process by meeting "
    "the stage's exit criteria (shown on the card with ✓/✗), answer new inbound leads the day "
    "they arrive, touch every open deal before it rots, disqualify bad fits, and commit an "
    "honest forecast at the checkpoint. The debrief scores how well you managed the process, "
    "not only what you sold, and compares you with an expert bot on the same seed."
)

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Desk",
        (
            ("↑ ↓ PgUp PgDn", "move in the customer list"),
            ("enter", "work on the customer: focus the actions"),
            (
                "letter keys",
                "do the action with that key, e.g. c = phone call (see [c] in the list)",
            ),
            ("tab / shift+tab", "move between list, card and actions"),
            ("/", "type to filter (company, contact, city, stage); enter or esc returns"),
            ("ctrl+o / ctrl+r", "change the sort / reverse it (or click a column heading)"),
            ("[ ]", "filter by the previous / next stage (or click a stage on the board)"),
            ("!", "only rotting deals (toggle)"),
            ("~", "only evident bad fits (toggle)"),
            ("*", "show closed deals too (toggle)"),
            ("ctrl+n", "add a note to the customer"),
            ("ctrl+t", "schedule the customer's next step (a reminder on that day)"),
            ("ctrl+f", "commit the forecast (on checkpoint days)"),
            ("ctrl+d", "end the day: see the day summary"),
            ("ctrl+w", "what if: rewind to a past decision and branch (saved as practice)"),
            ("esc", "back to the list / clear the filter"),
        ),
    ),
    (
        "Everywhere",
        (
            ("ctrl+p", "command palette: actions, customers, sorting, themes"),
            ("f1 or ?", "this help"),
            ("ctrl+q", "quit (the run is saved; continue it later from home: c)"),
        ),
    ),
    (
        "Debrief",
        (
            ("1 2 3 4", "scorecard, key moments, charts, every point"),
            ("x", "export the report (Markdown, HTML, JSON)"),
            ("w", "what if: rewind and branch"),
            ("r / h / q", "play again (same seed) / home / quit"),
        ),
    ),
    (
        "Markers in the list",
        (
            ("●", "rotting: idle past the stage's limit"),
            ("✚", "new inbound lead, not answered yet"),
            ("✗", "what you have learnt shows a bad fit: disqualify it"),
            ("◆", "next step due (or overdue)"),
            ("…", "waiting for the customer's answer"),
        ),
    ),
)


def help_renderable() -> Group:
    parts: list[RenderableType] = [Text(HOW_TO_PLAY), Text("")]
    for title, rows in KEYS:
        parts.append(Text(title, style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in rows:
            table.add_row(Text(key), Text(what))
        parts.append(table)
        parts.append(Text(""))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Press escape, q or f1 to close."""

    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="help"):
            yield Static(Text("How to play"), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(help_renderable())
            yield Static(Text("esc: close", style="dim"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
