"""Debrief charts (textual-plotext): the funnel by stage and pipeline value over time.

Both draw the figures of the run's `Debrief` (sim/report/debrief.py), the same the reports
chart, so the screen and an export never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual_plotext import PlotextPlot

from sim.engine.fmt import Formatter
from sim.engine.history import PipelineDay
from sim.i18n import _
from sim.report.debrief import FunnelStage


class FunnelChart(PlotextPlot):
    """Horizontal bars: how many deals reached each stage."""

    def __init__(self, funnel: Sequence[FunnelStage], **kwargs: Any):
        super().__init__(**kwargs)
        self.data = [(f.label, f.reached) for f in funnel]
        """(stage label, deals that reached it) rows: the open stages, then won."""

    def on_mount(self) -> None:
        plt = self.plt
        labels = [label for label, _n in self.data]
        counts = [n for _label, n in self.data]
        plt.bar(labels[::-1], counts[::-1], orientation="horizontal", width=0.3)
        top = max(counts, default=0)
        step = max(1, -(-top // 5))
        plt.xticks(list(range(0, top + step, step)))
        plt.title(_("Funnel: deals that reached each stage"))


class PipelineChart(PlotextPlot):
    """Lines per day: open pipeline, weighted pipeline, revenue won."""

    def __init__(self, days: Sequence[PipelineDay], fm: Formatter, **kwargs: Any):
        super().__init__(**kwargs)
        self.series: dict[str, list[float]] = {
            "day": [d.day for d in days],
            "pipeline": [d.value for d in days],
            "weighted": [d.weighted for d in days],
            "won": [d.won_value for d in days],
        }
        """Day-end figures."""
        self.fm = fm
        """Money for the axis labels, in the scenario's currency and locale."""

    def on_mount(self) -> None:
        plt = self.plt
        s = self.series
        if s["day"]:
            plt.plot(s["day"], s["pipeline"], label=_("open pipeline"), marker="hd")
            plt.plot(s["day"], s["weighted"], label=_("weighted"), marker="hd")
            plt.plot(s["day"], s["won"], label=_("won"), marker="hd")
            plt.xticks(s["day"])
            top = max(s["pipeline"] + s["won"] + [1.0])
            ticks = [top * k / 4 for k in range(5)]
            plt.yticks(ticks, [self.fm.compact(t) for t in ticks])
        plt.title(_("Pipeline value at the end of each day"))
        plt.xlabel(_("day"))
