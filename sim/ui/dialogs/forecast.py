"""Commit a forecast at a checkpoint: which open deals close won by the end of the run, and
optionally how likely each one is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from sim.engine.fmt import Formatter
from sim.i18n import N_, _, ntr, tr

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game


class ForecastChanged(Message):
    """The selection or an estimate changed."""


class ForecastList(OptionList):
    """Open deals; space/enter toggles a deal, + and - set its probability."""

    BINDINGS = [
        Binding("space", "toggle_deal", N_("Commit/uncommit")),
        Binding("plus,equals_sign", "probability(10)", "+10%"),
        Binding("minus", "probability(-10)", "-10%"),
        Binding("0", "probability(0)", N_("No estimate"), show=False),
    ]

    def __init__(self, game: Game, **kwargs: Any):
        super().__init__(**kwargs)
        self.game = game
        """The game whose open deals are listed."""
        deals = sorted(
            game.open_customers(), key=lambda c: (-game.stage_of(c).index, -c.value, c.index)
        )
        self.deals: list[int] = [c.index for c in deals]
        """Customer indices in list order."""
        self.committed: set[int] = set()
        """Deals the trainee commits."""
        self.probability: dict[int, int] = {}
        """Optional estimate per deal, in percent."""

    def on_mount(self) -> None:
        self.add_options([Option(self.prompt(i), id=str(i)) for i in self.deals])
        if self.deals:
            self.highlighted = 0

    def prompt(self, index: int) -> Text:
        game = self.game
        c = game.customers[index]
        st = game.stage_of(c)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        on_ = index in self.committed
        text.append("[x] " if on_ else "[ ] ", style="bold green" if on_ else "dim")
        p = self.probability.get(index)
        text.append(
            f"{p:>3}% " if p is not None else "  —  ", style="cyan" if p is not None else "dim"
        )
        amount = Formatter.of(game.scenario.metadata).money(c.value)
        text.append(" " * max(0, 9 - cell_len(amount)) + amount + "  ")
        # padded in cells, not characters: a Chinese stage name is two cells a character
        text.append(st.label + " " * max(1, 15 - cell_len(st.label)), style="dim")
        text.append(game.identity(index).company)
        return text

    def _redraw(self, row: int) -> None:
        self.replace_option_prompt_at_index(row, self.prompt(self.deals[row]))
        self.post_message(ForecastChanged())

    def action_toggle_deal(self) -> None:
        """Commit or uncommit the highlighted deal (not Textual's `action_toggle`, which
        flips a boolean attribute)."""
        row = self.highlighted
        if row is None:
            return
        i = self.deals[row]
        self.committed.symmetric_difference_update({i})
        self._redraw(row)

    def action_probability(self, step: int) -> None:
        row = self.highlighted
        if row is None:
            return
        i = self.deals[row]
        if step == 0:
            self.probability.pop(i, None)
        else:
            if i not in self.probability:  # the first press starts at the stage's odds
                self.probability[i] = self.game.stage_of(self.game.customers[i]).probability
            else:  # then to the next multiple of the step that way (2 % → 10 % → 20 %)
                p = self.probability[i]
                self.probability[i] = max(0, min(100, (p // step + 1) * step))
        self._redraw(row)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle_deal()


class ForecastDialog(ModalScreen[tuple[list[int], dict[int, float]] | None]):
    """Returns (committed deals, {deal: probability 0..1}), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel")), Binding("c", "commit", N_("Commit"))]

    def __init__(self, game: Game):
        super().__init__()
        self.game = game
        """The game at a checkpoint."""

    def compose(self) -> ComposeResult:
        game = self.game
        with Vertical(classes="dialog dialog-wide", id="forecast"):
            yield Static(
                Text(tr("Forecast — day {day} checkpoint", day=game.day)), classes="dialog-title"
            )
            yield Static(
                Text(
                    tr(
                        "Which open deals will close won by day {day}? space/enter: commit a deal · "
                        "+/-: your probability (optional) · c: commit the forecast · esc: cancel",
                        day=game.days,
                    ),
                    style="dim",
                )
            )
            yield ForecastList(game, id="forecast-list")
            yield Static(id="forecast-total")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(_("Commit forecast [c]")), id="commit", variant="primary")
                yield Button(Text(_("Cancel [esc]")), id="cancel")

    def on_mount(self) -> None:
        self._total()
        self.query_one(ForecastList).focus()

    def on_forecast_changed(self) -> None:
        self._total()

    def _total(self) -> None:
        fl = self.query_one(ForecastList)
        amount = sum(self.game.customers[i].value for i in fl.committed)
        fm = Formatter.of(self.game.scenario.metadata)
        self.query_one("#forecast-total", Static).update(
            Text(
                ntr(
                    "Committed: {n} deal, {amount}",
                    "Committed: {n} deals, {amount}",
                    len(fl.committed),
                    amount=fm.money(amount),
                ),
                style="bold",
            )
        )

    @on(Button.Pressed, "#commit")
    def action_commit(self) -> None:
        fl = self.query_one(ForecastList)
        probs = {i: p / 100 for i, p in fl.probability.items()}
        self.dismiss((sorted(fl.committed), probs))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
