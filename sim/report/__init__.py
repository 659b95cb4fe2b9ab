"""Debrief exports: Markdown for wikis, one self-contained HTML file with SVG charts, JSON.

    text = write_report(scenario, seed, log, "html", path="debrief.html")

`build_debrief` computes the model (`sim.report.debrief`); the renderers only format it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sim.engine.events import Event
from sim.report.debrief import Debrief, Ghost, build_debrief

if TYPE_CHECKING:  # pragma: no cover
    from sim.scenario.model import Scenario

FORMATS: dict[str, str] = {"md": "Markdown", "html": "HTML", "json": "JSON"}
"""Report formats by their `--format` name."""

__all__ = ["FORMATS", "Debrief", "build_debrief", "render", "write_debrief", "write_report"]


def render(debrief: Debrief, fmt: str) -> str:
    """Render a debrief in `fmt` ('md', 'html' or 'json')."""
    if fmt in ("md", "markdown"):
        from sim.report.markdown import render_markdown

        return render_markdown(debrief)
    if fmt == "html":
        from sim.report.html import render_html

        return render_html(debrief)
    if fmt == "json":
        from sim.report.json_ import render_json

        return render_json(debrief)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_report(
    scenario: Scenario,
    seed: int,
    log: Sequence[Event],
    fmt: str,
    path: str | os.PathLike[str] | None = None,
    *,
    ghost: bool | Ghost = True,
    player: str | None = None,
    saved: str | None = None,
) -> str:
    """The report of a run as text; also written (atomically) to `path` when given."""
    if fmt not in FORMATS and fmt != "markdown":
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    debrief = build_debrief(scenario, seed, log, ghost=ghost, player=player, saved=saved)
    return write_debrief(debrief, fmt, path)


def write_debrief(debrief: Debrief, fmt: str, path: str | os.PathLike[str] | None = None) -> str:
    """A debrief already built as text in `fmt`; also written (atomically) to `path`."""
    text = render(debrief, fmt)
    if path is not None:
        from sim.store.runfile import write_atomic

        write_atomic(path, text)
    return text
