"""Card lines about the buyer as a person: the buying style the trainee has learned, and
the objections they have raised and not yet had answered (literal text, never markup)."""

from __future__ import annotations

from typing import Any

from rich.text import Text


def style_line(sc: Any, c: Any) -> Text:
    """'Buying style: Relationship buyer' once learned, 'unknown' before."""
    line = Text()
    line.append("Buying style: ", style="bold")
    if "style" in c.known:
        st = sc.style(c.style)
        line.append(st.label if st is not None else c.style)
        if st is not None and st.description:
            line.append(f" — {st.description}", style="dim")
    else:
        line.append("unknown — ask how they like to buy", style="dim italic")
    return line
