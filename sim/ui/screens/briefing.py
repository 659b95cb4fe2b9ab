"""The briefing: the situation, quota and time frame, the customers to expect, the sales
process, and what the debrief will score. Enter starts the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from sim.i18n import N_, _, ntr, tr
from sim.ui.base import AppScreen

if TYPE_CHECKING:  # pragma: no cover
    from sim.scenario.model import Scenario


def heading(text: str) -> Text:
    return Text(text, style="bold underline")


def briefing_renderable(sc: Scenario, seed: int) -> RenderableType:
    """Everything the trainee should know before day 1 (literal text)."""
    md = sc.metadata
    fm = Formatter.of(md)
    parts: list[RenderableType] = []
    parts.append(Text(md.briefing))
    parts.append(Text(""))

    parts.append(heading(_("The job")))
    job = Text()
    job.append(ntr("{n} business day", "{n} business days", sc.calendar.days), style="bold")
    job.append(
        " " + tr("of {hours} hours each. Quota:", hours=f"{sc.calendar.hours_per_day:g}") + " "
    )
    job.append(fm.money(sc.scoring.quota), style="bold")
    job.append(
        _(".")
        + " "
        + ntr(
            "{n} deal on your desk at the start",
            "{n} deals on your desk at the start",
            sc.inbound.initial,
        )
    )
    if sc.inbound.per_day or sc.inbound.schedule:
        job.append(_(", more arrive as inbound leads"))
        if sc.inbound.answer_within_days == 0:
            job.append(" — " + _("answer them the day they arrive"))
        else:
            job.append(
                " — "
                + ntr(
                    "answer them within {n} day",
                    "answer them within {n} days",
                    sc.inbound.answer_within_days,
                )
            )
    job.append(_("."))
    if sc.forecast.checkpoints:
        days = ", ".join(str(d) for d in sc.forecast.checkpoints)
        job.append(
            " "
            + ntr(
                "Forecast checkpoint: day {days}.",
                "Forecast checkpoints: day {days}.",
                len(sc.forecast.checkpoints),
                days=days,
            )
        )
    job.append(" " + tr("Seed {seed}.", seed=seed), style="dim")
    parts.append(job)
    parts.append(Text(""))

    parts.append(heading(_("Your customers")))
    personas = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    personas.add_column(_("Persona"), no_wrap=True)
    personas.add_column(_("Buys by"), no_wrap=True)
    personas.add_column(_("Deal size"), no_wrap=True, justify="right")
    personas.add_column(_("What they are like"), ratio=1)
    hidden = style_hidden(sc)  # buying styles are to be discovered in conversation
    for p in sc.personas:
        personas.add_row(
            Text(p.label, style="bold"),
            Text(_("learn it") if hidden else _(p.style), style="dim italic" if hidden else ""),
            Text(f"{fm.money(p.deal_min)}–{fm.money(p.deal_max)}"),
            Text(p.description),
        )
    parts.append(personas)
    parts.append(
        Text(
            tr("Deals from {amount} count as large.", amount=fm.money(sc.dynamics.large_deal)),
            style="dim",
        )
    )
    parts.append(Text(""))

    parts.append(heading(_("The sales process")))
    stages = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    stages.add_column(_("Stage"), no_wrap=True)
    stages.add_column(_("Win %"), justify="right", no_wrap=True)
    stages.add_column(_("Rots after"), justify="right", no_wrap=True)
    stages.add_column(_("To move on"), ratio=1)
    for st in sc.stages:
        exits = " ".join(cr.text for cr in st.exit)
        rot = ntr("{n} day", "{n} days", st.rot_days) if st.rot_days is not None else "—"
        stages.add_row(
            Text(st.label, style="bold"),
            Text(f"{st.probability}"),
            Text(rot),
            Text(exits or st.description),
        )
    parts.append(stages)
    parts.append(Text(""))

    parts.append(heading(_("What the debrief scores")))
    dims = Table(box=None, padding=(0, 1), show_edge=False, expand=True)
    dims.add_column(_("Dimension"), no_wrap=True)
    dims.add_column(_("Weight"), justify="right", no_wrap=True)
    dims.add_column(_("How to score well"), ratio=1)
    for d in sc.scoring.dimensions:
        dims.add_row(Text(d.label, style="bold"), Text(f"{d.weight:g}%"), Text(d.tip))
    parts.append(dims)
    parts.append(Text(""))
    parts.append(heading(_("Objectives")))
    for obj in md.objectives:
        line = Text("  • ")
        line.append(obj)
        parts.append(line)
    return Group(*parts)


class BriefingScreen(AppScreen[None]):
    """Read, then start."""

    BINDINGS = [
        Binding("enter", "start", N_("Start the run")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self, scenario: Scenario, seed: int):
        super().__init__()
        self.scenario = scenario
        """The scenario to play."""
        self.seed = seed
        """The seed to play it with."""

    def compose(self) -> ComposeResult:
        with Vertical(id="briefing"):
            yield Static(Text(self.scenario.metadata.title, style="bold"), id="briefing-title")
            with VerticalScroll(id="briefing-body"):
                first = self.salesim.replay_of(self.scenario.id, self.seed)
                if first is not None:
                    note = tr(
                        "You played seed {seed} before (run {run}), so its dice are known: this"
                        " run will be practice and will not count.",
                        seed=self.seed,
                        run=first,
                    )
                    if self.salesim.classroom is None:  # a trainer's pinned seed is fixed
                        note += " " + _("Go back and pick another seed for a run that counts.")
                    yield Static(Text(note, style="bold yellow"), id="briefing-replay")
                yield Static(briefing_renderable(self.scenario, self.seed))
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(_("Start the run [enter]")), id="start", variant="primary")
                yield Button(Text(_("Back [esc]")), id="back")
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
