"""The briefing: the situation, quota and time frame, the customers to expect, the sales
process, and what the debrief will score. Enter starts the run."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from sim.engine.fmt import Formatter
from sim.engine.outcomes import style_hidden
from sim.ui.base import AppScreen
from sim.ui.describe import plural


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


def briefing_renderable(sc: Any, seed: int) -> RenderableType:
    """Everything the trainee should know before day 1 (literal text)."""
    md = sc.metadata
    fm = Formatter.of(md)
    parts: list[RenderableType] = []
    parts.append(Text(md.briefing))
    parts.append(Text(""))

    parts.append(heading("The job"))
    job = Text()
    job.append(f"{sc.calendar.days} business days", style="bold")
    job.append(f" of {sc.calendar.hours_per_day:g} hours each. Quota: ")
    job.append(fm.money(sc.scoring.quota), style="bold")
    job.append(f". {plural(sc.inbound.initial, 'deal')} on your desk at the start")
    if sc.inbound.per_day or sc.inbound.schedule:
        job.append(", more arrive as inbound leads")
        if sc.inbound.answer_within_days == 0:
            job.append(" — answer them the day they arrive")
        else:
            job.append(f" — answer them within {sc.inbound.answer_within_days} day(s)")
    job.append(".")
    if sc.forecast.checkpoints:
        days = ", ".join(str(d) for d in sc.forecast.checkpoints)
        job.append(
            f" Forecast checkpoint{'s' if len(sc.forecast.checkpoints) > 1 else ''}: day {days}."
        )
    job.append(f" Seed {seed}.", style="dim")
    parts.append(job)
    parts.append(Text(""))

    parts.append(heading("Your customers"))
    personas = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    personas.add_column("Persona", no_wrap=True)
    personas.add_column("Buys by", no_wrap=True)
    personas.add_column("Deal size", no_wrap=True, justify="right")
    personas.add_column("What they are like", ratio=1)
    hidden = style_hidden(sc)  # buying styles are to be discovered in conversation
    for p in sc.personas:
        personas.add_row(
            Text(p.label, style="bold"),
            Text("learn it" if hidden else p.style, style="dim italic" if hidden else ""),
            Text(f"{fm.money(p.deal_min)}–{fm.money(p.deal_max)}"),
            Text(p.description),
        )
    parts.append(personas)
    parts.append(
        Text(f"Deals from {fm.money(sc.dynamics.large_deal)} count as large.", style="dim")
    )
    parts.append(Text(""))

    parts.append(heading("The sales process"))
    stages = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    stages.add_column("Stage", no_wrap=True)
    stages.add_column("Win %", justify="right", no_wrap=True)
    stages.add_column("Rots after", justify="right", no_wrap=True)
    stages.add_column("To move on", ratio=1)
    for st in sc.stages:
        exits = " ".join(cr.text for cr in st.exit)
        rot = f"{st.rot_days} days" if st.rot_days is not None else "—"
        stages.add_row(
            Text(st.label, style="bold"),
            Text(f"{st.probability}"),
            Text(rot),
            Text(exits or st.description),
        )
    parts.append(stages)
    parts.append(Text(""))

    parts.append(heading("What the debrief scores"))
    dims = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    dims.add_column("Dimension", no_wrap=True)
    dims.add_column("Weight", justify="right", no_wrap=True)
    dims.add_column("How to score well", ratio=1)
    for d in sc.scoring.dimensions:
        dims.add_row(Text(d.label, style="bold"), Text(f"{d.weight:g}%"), Text(d.tip))
    parts.append(dims)
    parts.append(Text(""))
    parts.append(heading("Objectives"))
    for obj in md.objectives:
        line = Text("  • ")
        line.append(obj)
        parts.append(line)
    return Group(*parts)


class BriefingScreen(AppScreen[None]):
    """Read, then start."""

    BINDINGS = [
        Binding("enter", "start", "Start the run"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, scenario: Any, seed: int):
        super().__init__()
        self.scenario = scenario
        """The scenario to play."""
        self.seed = seed
        """The seed to play it with."""

    def compose(self) -> ComposeResult:
        with Vertical(id="briefing"):
            yield Static(Text(self.scenario.metadata.title, style="bold"), id="briefing-title")
            with VerticalScroll(id="briefing-body"):
                yield Static(briefing_renderable(self.scenario, self.seed))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Start the run [enter]"), id="start", variant="primary")
                yield Button(Text("Back [esc]"), id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing-body").focus()
        # A big run's game is made while the trainee reads (after this screen has painted).
        self.call_after_refresh(self.salesim.prepare_game, self.scenario, self.seed)

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        self.salesim.start_game(self.scenario, self.seed)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.salesim.go_home()
