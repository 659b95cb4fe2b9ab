"""Keep a scroll view's scrollbars out of layout passes that did not change it.

Textual's `ScrollView._size_updated` compares the virtual size the compositor passes (the
view's own box: a scroll view draws its content itself) with the view's real virtual size;
they always differ, so every layout of the screen repainted the scrollbars of every scroll
view on it and sent each a `Resize`. On the desk that was a few milliseconds per action for
the customer list and the action picker, whose size had not changed at all.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.scroll_view import ScrollView


class SteadyScrollView(ScrollView):
    """A `ScrollView` that skips a layout pass's size update when the previous one is still
    in place: the same sizes given, and its virtual size and scrollbars as that update left
    them (anything else that moved a scrollbar makes the next layout update it again)."""

    _steady_key: Any = None

    def _steady_state(self, size: Size, container_size: Size) -> Any:
        bars = tuple(
            (bar.window_size, bar.window_virtual_size, bar.position)
            for bar in (self.vertical_scrollbar, self.horizontal_scrollbar)
        )
        shown = (self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        return (size, container_size, self.virtual_size, shown, bars)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if self._steady_state(size, container_size) == self._steady_key:
            return False
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self._steady_key = self._steady_state(size, container_size)
        return resized
