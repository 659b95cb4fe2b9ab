"""Who to talk to: pick the member of a buying committee an action is aimed at."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sim.i18n import N_, _, phrase, tr


def member_prompt(p: dict[str, Any]) -> Text:
    """`[1] Dana Ortiz, Chief financial officer — Economic buyer · trust 35 · not engaged`,
    and `· contacted 2× today (another contact annoys)` once they were spoken to today."""
    text = Text(no_wrap=False, end="")
    text.append(f"[{p['member'] + 1}] ", style="bold")
    text.append(f"{p['name']}, {p['title']}")
    text.append(f" — {phrase(p['role_label'])}", style="cyan")
    for meter, value in p["meters"].items():
        text.append(f" · {meter} {value}", style="dim")
    text.append(
        " · " + (_("engaged") if p["engaged"] else _("not engaged")),
        style="green" if p["engaged"] else "yellow",
    )
    today, limit = p.get("today", 0), p.get("limit")
    if today:  # the daily limit is per person: say who has had enough for today
        full = limit is not None and today >= limit
        text.append(
            " · "
            + (
                tr("contacted {n}× today (another contact annoys)", n=today)
                if full
                else tr("contacted {n}× today", n=today)
            ),
            style="bold red" if full else "dim",
        )
    return text


class ContactDialog(ModalScreen[int | None]):
    """Returns the member index (0: the contact on the card), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, action_label: str, company: str, people: list[dict[str, Any]]):
        super().__init__()
        self.action_label = action_label
        """The action about to be taken (literal text)."""
        self.company = company
        self.people = people
        """The committee as `sim.engine.committee.people` lists it."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(
                    tr(
                        "{action} at {company}: with whom?",
                        action=self.action_label,
                        company=self.company,
                    )
                ),
                classes="dialog-title",
            )
            yield OptionList(
                *[Option(member_prompt(p), id=str(p["member"])) for p in self.people],
                id="contact-list",
            )
            yield Static(
                Text(tr("1-{n} or enter: choose · esc: cancel", n=len(self.people)), style="dim"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            k = int(event.character) - 1
            if 0 <= k < len(self.people):
                event.stop()
                self.dismiss(k)

    def action_cancel(self) -> None:
        self.dismiss(None)
