"""The typed way from a screen or widget to the running `SalesimApp`.

Textual types `self.app` as a plain `App`; screens that call the salesim app's own methods
(start a game, open a debrief, journal a command) go through `salesim` instead, so mypy
checks those calls like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.dom import DOMNode
from textual.screen import Screen

if TYPE_CHECKING:  # pragma: no cover
    from sim.ui.app import SalesimApp

ResultT = TypeVar("ResultT")


def salesim_app(node: DOMNode) -> SalesimApp:
    """The salesim app `node` runs in."""
    from sim.ui.app import SalesimApp

    app = node.app
    if not isinstance(app, SalesimApp):  # pragma: no cover - a programming error
        raise TypeError(f"{type(node).__name__} runs outside the salesim app")
    return app


class AppScreen(Screen[ResultT]):
    """A screen of the salesim app."""

    @property
    def salesim(self) -> SalesimApp:
        """The running app, typed (`self.app` is a plain Textual `App`)."""
        return salesim_app(self)
