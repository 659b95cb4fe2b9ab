"""What just happened: the result of the last action, the customer's reaction, the coach's word."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from sim.engine import events as E
from sim.engine.coach import style_hint
from sim.i18n import _, phrase
from sim.ui.describe import RATING_MARK, RATING_STYLE, deltas_text, event_text
from sim.ui.widgets.prerendered import Prerendered

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game, Result

SHOWN_EVENTS = (
    E.StageChanged,
    E.DealClosed,
    E.GoneCold,
    E.Overcontact,
    E.ObjectionRaised,
    E.ObjectionHandled,
    E.ObjectionMishandled,
    E.ObjectionBlocked,
)


class ResultPanel(Prerendered):
    """A few lines under the action picker, filled right after each command."""

    DEFAULT_CSS = """
    ResultPanel { height: auto; max-height: 9; padding: 0 1; background: $boost; }
    ResultPanel.-good { border-left: thick $success; }
    ResultPanel.-neutral { border-left: thick $warning; }
    ResultPanel.-harmful { border-left: thick $error; }
    ResultPanel.-failed { border-left: thick $error; }
    """

    def clear_result(self) -> None:
        """Show nothing (between customers)."""
        self.set_classes("-empty")
        self.update(
            Text(
                _("Choose an action: its result and the coach's comment appear here."),
                style="dim italic",
            )
        )

    def show_result(self, game: Game, customer: int | None, result: Result) -> None:
        """Show an engine `Result` for `customer`."""
        self.set_classes("")
        text = Text(end="")
        if not result.ok:
            self.add_class("-failed")
            text.append(phrase(result.message), style="bold red")
            self.update(text)
            return
        if customer is not None:
            text.append(game.identity(customer).company + ": ", style="bold")
        text.append(phrase(result.message), style="bold")
        act = next((e for e in result.events if isinstance(e, E.ActionTaken)), None)
        details = []
        if act is not None and act.deltas:
            details.append(deltas_text(game, act.deltas))
        if act is not None and act.revealed:
            labels = {f.id: f.label.lower() for f in game.scenario.facts}
            labels["style"] = _("buying style")
            details.append(_("learned") + " " + ", ".join(labels.get(f, f) for f in act.revealed))
        if details:
            text.append("  (" + "; ".join(details) + ")", style="dim")
        if result.feedback:
            text.append("\n")
            text.append(game.text(result.feedback, customer), style="italic")
        if result.rating and result.unsure and customer is not None:
            # the verdict would give the hidden buying style away (coach.style_blind)
            text.append("\n" + _("Coach:") + " ", style="bold")
            text.append(phrase(style_hint(game.scenario, game.customers[customer])))
        elif result.rating:
            self.add_class(f"-{result.rating}")
            text.append("\n" + _("Coach:") + " ", style="bold")
            text.append(
                RATING_MARK.get(result.rating, result.rating),
                style=RATING_STYLE.get(result.rating, ""),
            )
            if result.advice:
                text.append(" — ")
                text.append(phrase(result.advice))
        for ev in result.events:
            if isinstance(ev, SHOWN_EVENTS):
                text.append("\n")
                text.append_text(event_text(game, ev, with_customer=False))
        self.update(text)
