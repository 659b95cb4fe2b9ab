"""The desk's type-to-filter line: an `Input` whose edits reach the screen in the same frame.

A plain `Input.Changed` bubbles up through every container between the input and the screen,
one message queue at a time; meanwhile the input's own repaint reaches the screen in one hop,
so the typed letter was painted first and the filtered list a frame (~17 ms) later. This
input posts `FilterChanged` straight to its screen, ahead of its own repaint, so the letter
and the list it selects are painted together.
"""

from __future__ import annotations

from textual import on
from textual.widgets import Input

from sim.ui.messages import FilterChanged


class FilterInput(Input):
    """An `Input` that tells its screen about every edit at once (see the module)."""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.screen.post_message(FilterChanged(event.value))
