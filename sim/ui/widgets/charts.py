"""Debrief charts (textual-plotext): the funnel by stage and pipeline value over time.

Both are derived from the event log alone, so they work for any finished or replayed run.
"""

from __future__ import annotations

from typing import Any

from textual_plotext import PlotextPlot

from sim.engine import events as E
from sim.ui.describe import compact


def funnel(scenario: Any, log: list[E.Event]) -> list[tuple[str, int]]:
    """(stage label, customers that reached it) for each open stage, then the won stage."""
    reached: dict[int, int] = {}
    order = {s.id: s.index for s in scenario.stages}
    for ev in log:
        if isinstance(ev, E.LeadArrived):
            reached[ev.customer] = order[ev.stage]
        elif isinstance(ev, E.StageChanged) and ev.to != scenario.lost_stage.id:
            c = ev.customer
            reached[c] = max(reached.get(c, 0), order[ev.to])
    out = []
    for st in scenario.stages:
        if st.terminal == "lost":
            continue
        out.append((st.label, sum(1 for v in reached.values() if v >= st.index)))
    return out


def pipeline_over_time(scenario: Any, log: list[E.Event]) -> dict[str, list[float]]:
    """Per day (at day end): open pipeline value, weighted value and revenue won so far."""
    stage_of: dict[int, str] = {}
    value: dict[int, float] = {}
    prob = {s.id: s.probability / 100 for s in scenario.stages}
    open_ids = {s.id for s in scenario.stages if s.is_open}
    series: dict[str, list[float]] = {"day": [], "pipeline": [], "weighted": [], "won": []}
    won = 0.0
    for ev in log:
        if isinstance(ev, E.LeadArrived):
            stage_of[ev.customer] = ev.stage
            value[ev.customer] = float(ev.value)
        elif isinstance(ev, E.StageChanged):
            stage_of[ev.customer] = ev.to
        elif isinstance(ev, E.DealClosed):
            value[ev.customer] = float(ev.value)
            if ev.result == "won":
                won += float(ev.value)
        deltas = getattr(ev, "deltas", None)
        if isinstance(ev, E.CustomerEvent) and deltas and "value" in deltas:
            value[ev.customer] = value.get(ev.customer, 0.0) + float(deltas["value"])
        if isinstance(ev, E.DayEnded):
            live = [i for i, s in stage_of.items() if s in open_ids]
            series["day"].append(ev.day)
            series["pipeline"].append(round(sum(value[i] for i in live), 2))
            series["weighted"].append(round(sum(value[i] * prob[stage_of[i]] for i in live), 2))
            series["won"].append(round(won, 2))
    return series


class FunnelChart(PlotextPlot):
    """Horizontal bars: how many deals reached each stage."""

    def __init__(self, scenario: Any, log: list[E.Event], **kwargs: Any):
        super().__init__(**kwargs)
        self.data = funnel(scenario, log)
        """(stage label, count) rows."""

    def on_mount(self) -> None:
        plt = self.plt
        labels = [label for label, _ in self.data]
        counts = [n for _, n in self.data]
        plt.bar(labels[::-1], counts[::-1], orientation="horizontal", width=0.3)
        top = max(counts, default=0)
        step = max(1, -(-top // 5))
        plt.xticks(list(range(0, top + step, step)))
        plt.title("Funnel: deals that reached each stage")


class PipelineChart(PlotextPlot):
    """Lines per day: open pipeline, weighted pipeline, revenue won."""

    def __init__(self, scenario: Any, log: list[E.Event], **kwargs: Any):
        super().__init__(**kwargs)
        self.series = pipeline_over_time(scenario, log)
        """Day-end figures (see `pipeline_over_time`)."""
        self.currency = scenario.metadata.currency
        """For the axis labels."""

    def on_mount(self) -> None:
        plt = self.plt
        s = self.series
        if s["day"]:
            plt.plot(s["day"], s["pipeline"], label="open pipeline", marker="hd")
            plt.plot(s["day"], s["weighted"], label="weighted", marker="hd")
            plt.plot(s["day"], s["won"], label="won", marker="hd")
            plt.xticks(s["day"])
            top = max(s["pipeline"] + s["won"] + [1.0])
            ticks = [top * k / 4 for k in range(5)]
            plt.yticks(ticks, [compact(t, self.currency) for t in ticks])
        plt.title("Pipeline value at the end of each day")
        plt.xlabel("day")
