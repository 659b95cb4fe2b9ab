"""A `Static` that renders its content once per width, for long content that changes often.

A `Static` holding a Rich renderable renders it twice per update: once when the layout asks
for its height, once more to paint it. And every update asks for a layout of the whole
screen, whether its height changed or not. The customer card (tables of sections, tens of
lines) paid both on every action and every move through the list.

`Prerendered` renders the content into strips exactly as `Static` would (the same
`visualize` and `Visual.to_strips`, so the screen is identical), keeps them for its width,
answers the layout's height question with their count and paints from them. An update whose
height is unchanged repaints the widget without a layout pass.
"""

from __future__ import annotations

from typing import Any

from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget


class Prerendered(Widget):
    """Shows one renderable (Rich or Textual); see the module."""

    DEFAULT_CSS = "Prerendered { height: auto; }"

    def __init__(self, content: Any = "", **kwargs: Any):
        super().__init__(**kwargs)
        # Its text is literal (never markup, so never a link): no pass over every segment
        # of every line looking for links to style.
        self.set_reactive(Widget.auto_links, False)
        self._content = content
        self._strips: list[Strip] = []
        self._key: tuple[int, Any] | None = None

    def update(self, content: Any) -> None:
        """Show `content` instead."""
        old = len(self._strips) if self._key is not None else -1
        self._content = content
        self._key = None
        width = self.size.width
        same_height = width > 0 and len(self._lines(width)) == old
        self.refresh(layout=not same_height)

    def _lines(self, width: int) -> list[Strip]:
        style = self.visual_style
        if self._key != (width, style):
            visual = visualize(self, self._content)
            self._strips = Visual.to_strips(self, visual, width, None, style)
            self._key = (width, style)
        return self._strips

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return len(self._lines(width)) if width > 0 else 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines(width)
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(width, self.visual_style.rich_style)
