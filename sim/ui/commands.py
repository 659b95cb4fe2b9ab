"""Command palette (ctrl+p) on the desk: desk commands, the selected customer's actions,
and every customer by company, contact or city.

Hits are built from literal `Content`, never from markup, because customer names are data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from sim.i18n import _, tr
from sim.ui.base import salesim_app
from sim.ui.sorts import SORTS

if TYPE_CHECKING:  # pragma: no cover
    from sim.ui.screens.desk import DeskScreen

MAX_CUSTOMER_HITS = 200


def highlight(matcher: Matcher, candidate: str) -> Content:
    """Like `Matcher.highlight`, but the candidate is plain text, never markup."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class _CommandList(Provider):
    """A provider whose commands are (text, callback, help) triples: discovery lists them all,
    search ranks them by the palette's matcher."""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        raise NotImplementedError

    def _command_hits(self, matcher: Matcher) -> list[Hit]:
        hits = []
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                hits.append(
                    Hit(
                        score,
                        highlight(matcher, text),
                        callback,
                        text=text,
                        help=_escape(help_text),
                    )
                )
        return hits

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(Content(text), callback, text=text, help=_escape(help_text))

    async def search(self, query: str) -> Hits:
        for hit in self._command_hits(self.matcher(query)):
            yield hit


class DeskCommands(_CommandList):
    """Provider for the desk screen (`self.screen` is the `DeskScreen`)."""

    def _desk(self) -> DeskScreen:
        from sim.ui.screens.desk import DeskScreen

        desk = self.screen
        assert isinstance(desk, DeskScreen)
        return desk

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        desk = self._desk()
        game = desk.game
        out: list[tuple[str, Callable[[], Any], str]] = [
            (
                _("End the day"),
                desk.action_end_day,
                _("Close today and see the day summary (ctrl+d)"),
            ),
            (
                _("Commit forecast"),
                desk.action_forecast,
                _("At a checkpoint: which deals will close (ctrl+f)"),
            ),
            (_("Add a note"), desk.action_note, _("Note on the selected customer (ctrl+n)")),
            (
                _("Schedule next step"),
                desk.action_next_step,
                _("Reminder for the selected customer (ctrl+t)"),
            ),
            (
                _("What if… rewind to a past decision"),
                desk.action_what_if,
                _("Branch from the history (ctrl+w)"),
            ),
            (_("Filter the customer list"), desk.action_focus_filter, _("Type to filter (/)")),
            (_("Show only rotting deals (toggle)"), desk.action_toggle_rotting, "(!)"),
            (_("Show only evident bad fits (toggle)"), desk.action_toggle_bad_fits, "(~)"),
            (_("Show closed deals too (toggle)"), desk.action_toggle_closed, "(*)"),
            (_("Help"), salesim_app(self.screen).action_help, _("Keys and how to play (f1)")),
        ]
        for key, label in SORTS:
            out.append(
                (
                    tr("Sort by {label}", label=_(label)),
                    partial(self._sort, key),
                    _("Reverse with ctrl+r"),
                )
            )
        for st in game.scenario.stages:
            out.append(
                (
                    tr("Show stage: {stage}", stage=st.label),
                    partial(self._stage, st.id),
                    _("Filter the list by stage"),
                )
            )
        out.append((_("Show all stages"), partial(self._stage, None), _("Clear the stage filter")))
        if desk.selected is not None:
            company = game.identity(desk.selected).company
            for opt in game.options(desk.selected):
                if opt.available:
                    out.append(
                        (
                            tr(
                                "Action: {action} — {company}",
                                action=opt.action.label,
                                company=company,
                            ),
                            partial(desk.do_action, desk.selected, opt.action.id),
                            tr(
                                "{hours} h · key {key}",
                                hours=f"{opt.action.hours:g}",
                                key=opt.action.key,
                            ),
                        )
                    )
        return out

    def _sort(self, key: str) -> None:
        desk = self._desk()
        desk.sort = key
        desk.descending = key not in ("index", "name", "due", "stage")
        desk.refresh_rows()

    def _stage(self, stage: str | None) -> None:
        desk = self._desk()
        desk.stage_filter = stage
        desk.refresh_all()

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for hit in self._command_hits(matcher):
            yield hit
        desk = self._desk()
        game = desk.game
        shown = 0
        for c in game.customers:
            ident = game.identity(c.index)
            candidate = f"{ident.company} — {ident.contact}, {ident.city}"
            score = matcher.match(candidate)
            if score > 0:
                stage = game.stage_of(c).label
                yield Hit(
                    score * 0.9,
                    highlight(matcher, candidate),
                    partial(desk.select, c.index),
                    text=candidate,
                    help=_escape(tr("Customer #{index} · {stage}", index=c.index, stage=stage)),
                )
                shown += 1
                if shown >= MAX_CUSTOMER_HITS:
                    return


def _escape(text: str) -> str:
    """Help text is rendered as markup by the palette: escape square brackets."""
    from textual.markup import escape

    return escape(text)


class HomeCommands(_CommandList):
    """Provider for the home screen: continue an unfinished run, open the history."""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: Any = self.app
        out: list[tuple[str, Callable[[], Any], str]] = []
        for row in app.unfinished_runs(5):
            text = tr(
                "Continue run {run}: {scenario}, day {day}, seed {seed}",
                run=row.id,
                scenario=row.scenario,
                day=row.day or 1,
                seed=row.seed,
            )
            if row.practice:
                text += " (" + _("practice") + ")"
            out.append((text, partial(app.resume, row.id), _("Pick up exactly where you left (c)")))
        out.append(
            (_("History of your runs"), app.action_history, _("Scores, trend, debriefs (h)"))
        )
        return out
