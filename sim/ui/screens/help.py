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

from sim.i18n import N_, _

HOW_TO_PLAY = N_(
    "You run a sales desk for a few simulated days. Each day has a time budget; every action "
    "on a customer costs time. Move each deal through the stages of the process by meeting "
    "the stage's exit criteria (shown on the card with ✓/✗), answer new inbound leads the day "
    "they arrive, touch every open deal before it rots, disqualify bad fits, and commit an "
    "honest forecast at the checkpoint. The debrief scores how well you managed the process, "
    "not only what you sold, and compares you with an expert bot on the same seed."
)

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        N_("Desk"),
        (
            ("↑ ↓ PgUp PgDn", N_("move in the customer list")),
            ("enter", N_("work on the customer: focus the actions")),
            (
                N_("letter keys"),
                N_("do the action with that key, e.g. c = phone call (see [c] in the list)"),
            ),
            ("tab / shift+tab", N_("move between list, card and actions")),
            ("/", N_("type to filter (company, contact, city, stage); enter or esc returns")),
            ("ctrl+o / ctrl+r", N_("change the sort / reverse it (or click a column heading)")),
            ("[ ]", N_("filter by the previous / next stage (or click a stage on the board)")),
            ("!", N_("only rotting deals (toggle)")),
            ("~", N_("only evident bad fits (toggle)")),
            ("*", N_("show closed deals too (toggle)")),
            ("ctrl+n", N_("add a note to the customer")),
            ("ctrl+t", N_("schedule the customer's next step (a reminder on that day)")),
            ("ctrl+f", N_("commit the forecast (on checkpoint days)")),
            ("ctrl+d", N_("end the day: see the day summary")),
            ("ctrl+w", N_("what if: rewind to a past decision and branch (saved as practice)")),
            ("esc", N_("back to the list / clear the filter; again: the stage filter and toggles")),
        ),
    ),
    (
        N_("Forecast (ctrl+f on a checkpoint day)"),
        (
            ("space / enter", N_("commit or uncommit the highlighted deal")),
            (
                "+ / -",
                N_(
                    "your own probability for the deal: the first press shows the stage's, "
                    "then steps of 10 %"
                ),
            ),
            ("0", N_("no estimate of your own")),
            ("c", N_("commit the forecast")),
            ("esc", N_("cancel")),
        ),
    ),
    (
        N_("Everywhere"),
        (
            ("ctrl+p", N_("command palette: actions, customers, sorting, themes")),
            (N_("f1 or ?"), N_("this help")),
            ("ctrl+q", N_("quit (the run is saved; continue it later from home: c)")),
        ),
    ),
    (
        N_("Debrief"),
        (
            ("1 2 3 4", N_("scorecard, key moments, charts, every point")),
            ("x", N_("export the report (Markdown, HTML, JSON)")),
            ("w", N_("what if: rewind and branch")),
            ("r / h / q", N_("play again (same seed) / home / quit")),
        ),
    ),
    (
        N_("Markers in the list"),
        (
            ("●", N_("rotting: idle past the stage's limit")),
            ("✚", N_("new inbound lead, not answered yet")),
            ("✗", N_("what you have learnt shows a bad fit: disqualify it")),
            ("◆", N_("next step due (or overdue)")),
            ("…", N_("waiting for the customer's answer")),
        ),
    ),
)


def help_renderable() -> Group:
    parts: list[RenderableType] = [Text(_(HOW_TO_PLAY)), Text("")]
    for title, rows in KEYS:
        parts.append(Text(_(title), style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in rows:
            table.add_row(Text(_(key)), Text(_(what)))
        parts.append(table)
        parts.append(Text(""))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Press escape, q or f1 to close."""

    BINDINGS = [
        Binding("escape,q,f1,question_mark", "close", N_("Close")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="help"):
            yield Static(Text(_("How to play")), classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(help_renderable())
            yield Static(Text(_("esc: close"), style="dim"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
