"""A trainee's history from the store's rows: runs grouped by scenario with the best score
and the trend (practice runs never count), and the trend drawn as a small bar chart.
Shared by `salesim history` and the History screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

BARS = "▁▂▃▄▅▆▇█"
"""One bar per finished run, on a fixed 0–100 scale."""


def sparkline(scores: Sequence[float]) -> str:
    """Scores 0–100 as one bar each (the same scale for every scenario)."""
    return "".join(BARS[min(len(BARS) - 1, max(0, int(s / 100 * len(BARS))))] for s in scores)


def history(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows grouped by scenario (in order of each scenario's first run), oldest run first."""
    groups: dict[str, list[Any]] = {}
    for r in sorted(rows, key=lambda r: r.id):
        groups.setdefault(r.scenario, []).append(r)
    out = []
    for sc, runs in groups.items():
        counted = [r for r in runs if r.finished and not r.practice and r.total is not None]
        best = max(counted, key=lambda r: (r.total, -r.id), default=None)
        out.append(
            {
                "scenario": sc,
                "runs": runs,
                "finished": counted,
                "best": best,
                "trend": [r.total for r in counted],
                "unfinished": [r for r in runs if not r.finished],
            }
        )
    return out
