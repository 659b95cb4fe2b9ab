"""Home: pick a bundled or user scenario (or open a file), set the seed, start; or continue
an unfinished run from the Continue list; the trainee's name is set here once.

Scenarios are grouped under the lesson they teach (`metadata.lesson`), groups in the order of
their first scenario up the ladder; scenarios without a lesson come last, under "Other".

Scenario files that fail to load are listed as invalid; choosing one shows the loader's
formatted diagnostics in a dialog, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from sim.engine.fmt import Formatter
from sim.i18n import N_, _, pgettext, tr
from sim.ui.base import AppScreen
from sim.ui.commands import HomeCommands
from sim.ui.dialogs.diagnostics import DiagnosticsDialog

LOGO = "salesim"
TAGLINE = N_("a sales-training simulation: run a desk, manage the process, learn from the debrief")
DIFFICULTIES = (N_("beginner"), N_("intermediate"), N_("advanced"))
"""`metadata.difficulty` values, for the catalogue."""
ORIGINS = (N_("bundled"), N_("user"), N_("opened"))
"""Where a scenario entry comes from, for the catalogue."""


def scenario_details(entry: Any, best: Any = None) -> RenderableType:
    """The right-hand description of a scenario entry (literal text)."""
    if entry.error is not None:
        t = Text(_("This scenario file has problems:") + "\n\n", style="bold red")
        first = str(entry.error).strip().splitlines()
        t.append("\n".join(first[:8]))
        t.append("\n\n" + _("Press enter to see the full report."), style="dim")
        return t
    sc = entry.scenario
    md = sc.metadata
    parts: list[RenderableType] = []
    parts.append(Text(md.title, style="bold"))
    if md.lesson:
        parts.append(Text(tr("Lesson: {lesson}", lesson=md.lesson), style="italic"))
    parts.append(
        Text(
            tr(
                "{difficulty} · about {minutes} min · {days} days · {stages} stages · "
                "quota {quota}",
                difficulty=_(md.difficulty),
                minutes=md.minutes,
                days=sc.calendar.days,
                stages=len(sc.stages),
                quota=Formatter.of(md).money(sc.scoring.quota),
            ),
            style="dim",
        )
    )
    parts.append(Text(""))
    parts.append(Text(md.summary))
    parts.append(Text(""))
    parts.append(Text(_("You will learn to"), style="bold underline"))
    for obj in md.objectives:
        line = Text("  • ")
        line.append(obj)
        parts.append(line)
    parts.append(Text(""))
    if best is not None:
        parts.append(
            Text(
                tr(
                    "Best score so far: {score}{grade}, seed {seed}, run #{run} on {date}",
                    score=f"{best.total:.1f}",
                    grade=f" ({best.grade})" if best.grade else "",
                    seed=best.seed,
                    run=best.id,
                    date=best.created,
                ),
                style="bold",
            )
        )
    where = entry.path.name if entry.origin == "bundled" else str(entry.path)
    parts.append(Text(f"{_(entry.origin)}: {where}", style="dim italic"))
    return Group(*parts)


def grouped(entries: list[Any]) -> list[tuple[str, list[int]]]:
    """Entry indexes grouped by lesson, in order of each group's first entry ("" last)."""
    groups: dict[str, list[int]] = {}
    for n, e in enumerate(entries):
        lesson = e.scenario.metadata.lesson if e.scenario is not None else ""
        groups.setdefault(lesson, []).append(n)
    return sorted(groups.items(), key=lambda g: g[0] == "")


def continue_label(row: Any) -> Text:
    """One unfinished run in the Continue list: scenario, day, seed, when (literal text)."""
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(row.scenario)
    label.append(
        " · " + tr("day {day} · seed {seed}", day=row.day or 1, seed=row.seed), style="bold"
    )
    when = (row.updated or row.created or "").replace("T", " ").rstrip("Z")[5:16]
    extra = [when + (" UTC" if row.updated else "")]
    if row.practice:
        extra.append(_("practice"))
    if row.player:
        extra.append(row.player)
    label.append("\n  " + " · ".join(extra), style="dim")
    return label


class HomeScreen(AppScreen[None]):
    """The start screen."""

    BINDINGS = [
        Binding("s", "focus_seed", N_("Seed")),
        Binding("o", "focus_open", N_("Open file")),
        Binding("c", "continue_latest", N_("Continue")),
        Binding("n", "focus_player", N_("Name")),
        Binding("h", "app.history", N_("History")),
        Binding("escape", "focus_list", N_("Scenarios"), show=False),
    ]

    COMMANDS = {HomeCommands}

    CONTINUE_SHOWN = 3
    """How many unfinished runs the Continue list shows."""

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            title = Text(LOGO, style="bold")
            title.append(" — " + _(TAGLINE), style="dim")
            yield Static(title, id="home-title")
            with Horizontal(id="home-main"):
                with Vertical(id="home-left"):
                    yield OptionList(id="scenario-list")
                    yield OptionList(id="continue-list")
                with VerticalScroll(id="scenario-details"):
                    yield Static(id="scenario-info")
            with Horizontal(id="home-bar"):
                yield Static(Text(_("Name")), classes="label")
                yield Input(
                    self.salesim.player or "",
                    placeholder=_("your name"),
                    id="player",
                    compact=True,
                    max_length=60,
                )
                yield Static(Text(_("Seed")), classes="label")
                yield Input(str(self.salesim.seed), type="integer", id="seed", compact=True)
                yield Button(Text(_("Start [enter]")), id="start", variant="primary", compact=True)
                yield Static(Text(pgettext("open a file", "Open")), classes="label")
                yield Input(placeholder="path/to/scenario.yaml", id="open-path", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        ol = self.query_one("#scenario-list", OptionList)
        ol.border_title = _("Scenarios")
        self.query_one("#continue-list", OptionList).border_title = _("Continue (c)")
        self.reload()
        self.reload_continue()
        ol.focus()

    def on_screen_resume(self) -> None:
        """Back from a run: the best score and the unfinished runs may have changed."""
        self.reload_continue()
        pos = self._highlighted_entry()
        if getattr(self, "entries", None) and pos is not None:
            self._show(pos)

    def _highlighted_entry(self) -> int | None:
        """The entry index under the list's cursor (group headings are not entries)."""
        ol = self.query_one("#scenario-list", OptionList)
        if ol.highlighted is None:
            return None
        oid = ol.get_option_at_index(ol.highlighted).id
        return int(oid) if oid and oid.isdigit() else None

    def reload(self, select: Path | None = None) -> None:
        """List the app's scenario entries; highlight `select` if given."""
        ol = self.query_one("#scenario-list", OptionList)
        entries = self.salesim.scenario_entries()
        ol.clear_options()
        groups = grouped(entries)
        headed = any(lesson for lesson, _ in groups)
        for lesson, members in groups:
            if headed:
                heading = Text(
                    "▸ " + (lesson or _("Other")), style="bold", no_wrap=True, overflow="ellipsis"
                )
                ol.add_option(Option(heading, disabled=True))
            for n in members:
                ol.add_option(self._option(n, entries[n]))
        self.entries = entries
        if entries:
            pos = next(
                (n for n, e in enumerate(entries) if select is not None and e.path == select), 0
            )
            ol.highlighted = ol.get_option_index(str(pos))
            self._show(pos)

    @staticmethod
    def _option(n: int, e: Any) -> Option:
        """The list line of entry `n`: its title, and where it comes from, difficulty, time."""
        label = Text(no_wrap=True, overflow="ellipsis")
        if e.error is not None:
            label.append("⚠ ", style="bold red")
            label.append(e.name, style="red")
        else:
            label.append(e.scenario.metadata.title)
            origin = "" if e.origin == "bundled" else f"{_(e.origin)} · "
            minutes = tr("{minutes} min", minutes=e.scenario.metadata.minutes)
            label.append(
                f"\n  {origin}{_(e.scenario.metadata.difficulty)} · {minutes}",
                style="dim",
            )
        return Option(label, id=str(n))

    def reload_continue(self) -> None:
        """List the unfinished runs (hidden when there are none)."""
        cl = self.query_one("#continue-list", OptionList)
        self.unfinished = self.salesim.unfinished_runs(self.CONTINUE_SHOWN)
        cl.clear_options()
        for row in self.unfinished:
            cl.add_option(Option(continue_label(row), id=str(row.id)))
        cl.display = bool(self.unfinished)

    @on(OptionList.OptionSelected, "#continue-list")
    def _continue(self, event: OptionList.OptionSelected) -> None:
        self.salesim.resume(int(event.option.id or 0))

    def action_continue_latest(self) -> None:
        """Continue the most recent unfinished run."""
        if self.unfinished:
            self.salesim.resume(self.unfinished[0].id)
        else:
            self.notify(_("No unfinished run to continue."), severity="information")

    @on(Input.Submitted, "#player")
    def _player(self, event: Input.Submitted) -> None:
        self.salesim.set_player(event.value)
        name = self.salesim.player
        self.notify(
            tr("Runs are saved as {name}.", name=name)
            if name
            else _("Runs are saved without a name."),
            markup=False,
        )
        self.query_one("#scenario-list", OptionList).focus()

    def action_focus_player(self) -> None:
        self.query_one("#player", Input).focus()

    def _show(self, pos: int) -> None:
        entry = self.entries[pos]
        best = self.salesim.best_score(entry.scenario.id) if entry.scenario is not None else None
        self.query_one("#scenario-info", Static).update(scenario_details(entry, best))

    @on(OptionList.OptionHighlighted, "#scenario-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(int(event.option.id or 0))

    @on(OptionList.OptionSelected, "#scenario-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.start(int(event.option.id or 0))

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#seed")
    def _start_pressed(self) -> None:
        pos = self._highlighted_entry()
        if pos is not None:
            self.start(pos)

    def start(self, pos: int) -> None:
        """Go to the briefing of entry `pos` with the seed typed in."""
        entry = self.entries[pos]
        if entry.error is not None or entry.scenario is None:
            self.app.push_screen(
                DiagnosticsDialog(tr("{file} cannot be played", file=entry.name), str(entry.error))
            )
            return
        raw = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(raw)
        except ValueError:
            self.notify(_("The seed must be a whole number."), severity="error", markup=False)
            self.query_one("#seed", Input).focus()
            return
        self.salesim.open_briefing(entry.scenario, seed)

    @on(Input.Submitted, "#open-path")
    def _open(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            return
        entry = self.salesim.open_file(Path(path).expanduser())
        self.reload(select=entry.path)
        if entry.error is not None:
            self.app.push_screen(
                DiagnosticsDialog(tr("{file} cannot be played", file=path), str(entry.error))
            )
        else:
            event.input.value = ""
            self.query_one("#scenario-list", OptionList).focus()

    def action_focus_seed(self) -> None:
        self.query_one("#seed", Input).focus()

    def action_focus_open(self) -> None:
        self.query_one("#open-path", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one("#scenario-list", OptionList).focus()
