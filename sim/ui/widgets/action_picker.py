"""The action picker: what the trainee can do for the selected customer now.

Available actions show their key and time cost; unavailable ones are greyed out with the
reason. Choosing one (enter, click, or its key anywhere on the desk) posts `ActionChosen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sim.engine.outcomes import shown_variant
from sim.i18n import _, phrase, tr
from sim.ui.describe import hours
from sim.ui.messages import ActionChosen
from sim.ui.widgets.steady import SteadyScrollView

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer
    from sim.engine.game import Game
    from sim.scenario.model import Action


def option_prompt(action: Any, available: bool, reason: str, here: str = "") -> Text:
    """`[c] Phone call   0.5 h` (literal text) with the reason when unavailable, and what the
    action does at this deal's stage (`here`) when the scenario says it differs there."""
    text = Text(no_wrap=False, end="")
    text.append(f"[{action.key}] " if action.key else "    ", style="bold" if available else "dim")
    text.append(action.label, style="" if available else "dim")
    text.append(f"  {hours(action.hours)}", style="cyan" if available else "dim")
    if not available and reason:
        text.append("\n    " + phrase(reason), style="dim italic")
    if here:
        text.append("\n    " + phrase(here), style="italic")
    return text


def unavailable_prompt(reason: str, actions: list[Any]) -> Text:
    """`✗ Not offered in Proposal: Negotiation [n], Discount [x]` (literal text)."""
    text = Text(style="dim")
    # "Not offered in Prospecting." heads a list of actions: a colon, not a full stop.
    heading = phrase(reason)
    if getattr(reason, "key", None) == "Not offered in {stage}.":
        heading = tr("Not offered in {stage}:", stage=dict(getattr(reason, "params", ()))["stage"])
    text.append("✗ " + heading, style="italic")
    text.append("\n   ")
    for n, a in enumerate(actions):
        if n:
            text.append(", ")
        text.append(a.label)
        if a.key:
            text.append(f" [{a.key}]")
    return text


def _here(action: Action, c: Customer) -> str:
    """The stage- (or learned-style-) specific description of `action` for customer `c`
    ('' when no variant describes it: the picker then looks as it always did)."""
    v = shown_variant(action, c)
    return v.description if v is not None else ""


class ActionPicker(OptionList, SteadyScrollView):
    """OptionList of the scenario's actions for one customer."""

    DEFAULT_CSS = """
    ActionPicker { height: auto; max-height: 14; border: none; padding: 0 0 0 1; }
    """

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.customer: int | None = None
        """The customer the options are for."""
        self._shown: Any = None
        self._unavailable = True

    def show(self, game: Game, index: int | None, show_unavailable: bool = True) -> None:
        """List the actions for customer `index` in `game`."""
        self.customer = index
        if index is None or index < 0:
            self._rebuild(None, [])
            return
        c = game.customers[index]
        if not c.is_open:
            self._rebuild(
                "closed", [Option(Text(_("The deal is closed."), style="dim"), disabled=True)]
            )
            return
        opts = game.options(index)
        here = {o.action.id: _here(o.action, c) for o in opts if o.available}
        key = tuple((o.action.id, o.available, o.reason, here.get(o.action.id)) for o in opts)
        if key == self._shown and show_unavailable == self._unavailable:
            return  # the same choices as for the previous customer: keep the list as it is
        self._unavailable = show_unavailable
        options = [
            Option(option_prompt(o.action, True, "", here[o.action.id]), id=o.action.id)
            for o in opts
            if o.available
        ]
        if show_unavailable:
            by_reason: dict[str, list[Any]] = {}
            for o in opts:
                if not o.available:
                    by_reason.setdefault(o.reason, []).append(o.action)
            for reason, actions in by_reason.items():
                options.append(Option(unavailable_prompt(reason, actions), disabled=True))
        self._rebuild(key, options)

    def _rebuild(self, key: Any, options: list[Option]) -> None:
        if key == self._shown and key is not None:
            return
        self._shown = key
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        self.add_options(options)
        ids = [o.id for o in options if not o.disabled and o.id is not None]
        if highlighted is not None and highlighted in ids:
            self.highlighted = self.get_option_index(highlighted)
        elif ids:
            self.highlighted = self.get_option_index(ids[0])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.customer is not None and event.option.id:
            self.post_message(ActionChosen(self.customer, event.option.id))
