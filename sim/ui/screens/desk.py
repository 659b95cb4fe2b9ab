"""The desk: the trainee's small CRM — day bar, pipeline board, customer list, card, actions.

The screen holds only view settings (filter, sort, selection); the game state lives in the
engine. Widgets post intent messages; this screen turns them into engine commands and then
hands the new state back down to every widget.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static

from sim.engine.committee import people as committee_people
from sim.engine.listing import DeskSummary, ListQuery, ListView
from sim.i18n import N_, _, phrase, tr
from sim.ui import messages as msg
from sim.ui.base import AppScreen
from sim.ui.commands import DeskCommands
from sim.ui.dialogs.confirm import ConfirmDialog
from sim.ui.dialogs.contact import ContactDialog
from sim.ui.dialogs.day_summary import DaySummaryDialog
from sim.ui.dialogs.forecast import ForecastDialog
from sim.ui.dialogs.next_step import NextStepDialog
from sim.ui.dialogs.note import NoteDialog
from sim.ui.sorts import SORTS
from sim.ui.widgets.action_picker import ActionPicker
from sim.ui.widgets.customer_card import CustomerCard
from sim.ui.widgets.customer_table import CustomerTable
from sim.ui.widgets.day_bar import DayBar
from sim.ui.widgets.filter_input import FilterInput
from sim.ui.widgets.pipeline_board import PipelineBoard
from sim.ui.widgets.result_panel import ResultPanel

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game

SEARCH_NOW = 3000
"""Up to this many customers the filter generates names it has not indexed yet on the spot
(a fraction of a second); above it, names are indexed in the background and the filter
searches the ones indexed so far, saying how far indexing is."""

INDEX_STEP = 10
"""Customers whose names the background indexer does between looks at the clock (~1 ms)..."""
INDEX_SLICE = 0.005
"""...for this long at a time, on the desk's own event loop (a thread would hold the
interpreter for its whole switch interval every time the desk let go of it, several times
between a key and its paint)..."""
INDEX_PAUSE = 0.002
"""...then it yields this long, so keys and paints waiting on the loop go first..."""
INDEX_HOLD = 0.25
"""...and it waits while the trainee is busy: this long after the desk last handled a key."""


FIRST_ROWS = 80
"""Customers at the top of a fresh desk's list whose names `first_views` makes ahead (more
than the tallest list shows at once)."""


def list_query(game: Game, **view: Any) -> ListQuery:
    """The list query for the desk's view settings (`view`: ListQuery's fields but
    `names_pending`, which follows the game's name index)."""
    partial = len(game.customers) > SEARCH_NOW and not game.names_indexed()
    return ListQuery(names_pending=partial, **view)


def first_views(game: Game) -> tuple[DeskSummary, ListView]:
    """What a fresh desk's first paint needs of `game`, worked out ahead (while the briefing
    is read, on another thread): the counts of the day bar and the board, the sorted list and
    the names of the customers at its top. Deterministic, like the game itself."""
    summary = DeskSummary().update(game)
    listing = ListView()
    for index in listing.update(game, list_query(game))[:FIRST_ROWS]:
        game.identity(index)
    return summary, listing


class DeskScreen(AppScreen[None]):
    """The main screen of a run."""

    COMMANDS = {DeskCommands}

    BINDINGS = [
        Binding("ctrl+d", "end_day", N_("End day"), priority=True),
        Binding("ctrl+f", "forecast", N_("Forecast"), priority=True),
        Binding("ctrl+n", "note", N_("Note"), priority=True),
        Binding("ctrl+t", "next_step", N_("Next step"), priority=True),
        Binding("ctrl+w", "what_if", N_("What-if"), priority=True),
        Binding("slash", "focus_filter", N_("Filter")),
        Binding("ctrl+o", "cycle_sort", N_("Sort"), priority=True),
        Binding("ctrl+r", "reverse_sort", N_("Reverse"), show=False, priority=True),
        Binding("right_square_bracket", "cycle_stage(1)", N_("Stage ▶"), show=False),
        Binding("left_square_bracket", "cycle_stage(-1)", N_("Stage ◀"), show=False),
        Binding("exclamation_mark", "toggle_rotting", N_("Rotting only"), show=False),
        Binding("tilde", "toggle_bad_fits", N_("Bad fits only"), show=False),
        Binding("asterisk", "toggle_closed", N_("Show closed"), show=False),
        Binding("escape", "back", N_("Back"), show=False),
    ]

    def __init__(self, game: Game, views: tuple[DeskSummary, ListView] | None = None):
        """`views`: `first_views(game)`, if they were worked out ahead."""
        super().__init__()
        self.game = game
        """The game being played (replaced by a what-if branch)."""
        self.query_text = ""
        """The type-to-filter text."""
        self.stage_filter: str | None = None
        """Stage id the list is limited to, or None."""
        self.sort = "index"
        """Current sort key."""
        self.descending = False
        """Whether the sort is descending."""
        self.rotting_only = False
        self.bad_fits_only = False
        """Show only rotting deals."""
        self.include_closed = False
        """Show won and lost deals too."""
        self.selected: int | None = None
        """Customer shown on the card."""
        self.summary, self.listing = views or (DeskSummary(), ListView())
        """Counts for the day bar and the board, and the list query's sorted rows, kept up
        to date as the game changes."""
        self._shown: tuple[int, int | None, int] | None = None
        self._status_text: Text | None = None
        self._draw_pending = False
        self._busy_until = 0.0

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield DayBar(id="day-bar")
        yield PipelineBoard(self.game, id="board")
        with Horizontal(id="desk-main"):
            with Vertical(id="desk-list"):
                with Horizontal(id="list-bar"):
                    yield FilterInput(
                        placeholder=_("/ type to filter: company, contact, city, stage"),
                        id="filter",
                        compact=True,
                    )
                    yield Static(id="list-status")
                yield CustomerTable(self.game, id="customers")
            with Vertical(id="desk-side"):
                yield CustomerCard(id="card")
                yield ActionPicker(id="actions")
                yield ResultPanel(id="result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#actions", ActionPicker).border_title = _("Actions")
        self.query_one("#result", ResultPanel).clear_result()
        self.refresh_all()
        self.query_one(CustomerTable).focus()
        # After the first paint: the trainee sees the desk first, and indexing runs while
        # they read it (started now, the worker would share the interpreter with the paint).
        self.call_after_refresh(self._start_indexing)

    def _start_indexing(self) -> None:
        """Index every customer's names in the background, so the filter (and the company
        sort) never has to build them all on a keystroke."""
        if len(self.game.customers) > SEARCH_NOW and not self.game.names_indexed():
            # textual's run_worker overloads expect a coroutine returning Never here
            self.run_worker(self._index_names, exclusive=True, group="names")  # type: ignore[arg-type]

    async def _index_names(self) -> None:
        """Short slices of indexing on the event loop, between the keys and paints."""
        game = self.game
        while game is self.game and not game.names_indexed():
            keyed = getattr(self.app, "last_key", 0.0) + INDEX_HOLD
            wait = max(self._busy_until, keyed) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(min(wait, INDEX_HOLD))
                continue
            before = len(game._names)
            end = time.perf_counter() + INDEX_SLICE
            while time.perf_counter() < end and not game.names_indexed():
                game.index_names(INDEX_STEP)
            if len(game._names) == before:
                break
            if self.query_text.strip() and len(game._names) // 5000 != before // 5000:
                self._indexed_more()
            await asyncio.sleep(INDEX_PAUSE)
        if game is self.game and (self.query_text.strip() or self.sort == "name"):
            self.refresh_rows()

    def _indexed_more(self) -> None:
        """Show indexing progress and the matches found so far."""
        hold = self._busy_until
        self.refresh_rows()
        self._busy_until = hold  # progress is not the trainee at work

    def on_resize(self, event: events.Resize) -> None:
        # Narrow: the footer drops its padding and the palette's key (^p is in the help), so
        # ^q and f1 stay on screen.
        footer = self.query_one(Footer)
        footer.compact = event.size.width < 110
        footer.show_command_palette = event.size.width >= 110
        board = self.query_one(PipelineBoard)
        compact = event.size.height < 32
        if board.has_class("-compact") != compact:
            board.set_class(compact, "-compact")
            board.update_board(self.game, self.stage_filter)

    # ------------------------------------------------------------------ state down
    def load_game(self, game: Game) -> None:
        """Switch to another game (a what-if branch) and show it."""
        self.game = game
        self.query_one(CustomerTable).game = game
        self.query_one(ResultPanel).clear_result()
        self.refresh_all()
        self._start_indexing()

    def refresh_all(self, force: bool = False) -> None:
        """Hand the current engine state to every widget (`force`: redraw even if the
        engine log did not change, e.g. after a test patched an identity)."""
        game = self.game
        if force:
            self.query_one(CustomerTable).forget_rows()
        summary = self.summary.update(game)
        self.query_one(DayBar).update_bar(game, summary)
        self.query_one(PipelineBoard).update_board(game, self.stage_filter, summary)
        self.refresh_rows()
        self.show_customer(self.selected, force=force)

    def refresh_rows(self) -> None:
        """Re-run the list query (filter, stage, sort) and give the table the indices."""
        self._busy()
        game = self.game
        table = self.query_one(CustomerTable)
        closed_stage = (
            self.stage_filter is not None and not game.scenario.stage(self.stage_filter).is_open
        )
        query = list_query(
            game,
            stage=self.stage_filter,
            sort=self.sort,
            descending=self.descending,
            include_closed=self.include_closed or closed_stage,
            rotting_only=self.rotting_only,
            bad_fits_only=self.bad_fits_only,
        )
        partial = query.names_pending
        self.listing.update(game, query)

        def narrow(rows: list[int], q: str) -> list[int]:
            return game.narrow(rows, q, indexed_only=partial)

        rows = self.listing.rows(game, self.query_text, narrow, len(game._names))
        table.sort, table.descending = self.sort, self.descending
        table.empty_text = (
            _("No customers match the filter.")
            if self.query_text or self.stage_filter or self.rotting_only or self.bad_fits_only
            else _("No open deals.")
        )
        table.set_rows(rows, keep=self.selected)
        if table.customer != self.selected:
            self.selected = table.customer
            self._draw_later()
        self._status(len(rows))

    def _status(self, shown: int) -> None:
        game = self.game
        total = len(game.customers) if self.include_closed else self.summary.update(game).open
        label = _(dict(SORTS).get(self.sort, self.sort))
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(f" {shown}/{total}", style="bold")
        if (
            self.query_text.strip()
            and not game.names_indexed()
            and len(game.customers) > SEARCH_NOW
        ):
            done = 100 * len(game._names) // max(1, len(game.customers))
            text.append(" · " + tr("{percent}% indexed", percent=done), style="italic yellow")
        text.append(f" · {label} {'▼' if self.descending else '▲'}", style="dim")
        if self.stage_filter:
            text.append(" · " + game.scenario.stage(self.stage_filter).label, style="bold")
        if self.rotting_only:
            text.append(" · " + _("rotting"), style="bold red")
        if self.bad_fits_only:
            text.append(" · " + _("bad fits"), style="bold magenta")
        if self.include_closed:
            text.append(" · " + _("+closed"), style="dim")
        if text != self._status_text:
            self._status_text = text
            self.query_one("#list-status", Static).update(text, layout=False)

    def show_customer(self, index: int | None, force: bool = False) -> None:
        """Show customer `index` on the card and in the action picker."""
        if index is not None and index < 0:
            index = None
        self.selected = index
        key = (id(self.game), index, len(self.game.log))
        if key == self._shown and not force:
            return  # nothing changed since this customer was drawn
        self._shown = key
        card = self.query_one(CustomerCard)
        card.show(self.game, index)
        self.query_one(ActionPicker).show(self.game, index)
        card.border_title = (
            Content(self.game.identity(index).company) if index is not None else _("Customer")
        )

    # ------------------------------------------------------------------ messages up
    @on(msg.CustomerHighlighted)
    def _highlighted(self, event: msg.CustomerHighlighted) -> None:
        self.selected = event.customer if event.customer >= 0 else None
        self._busy()
        self._draw_later()

    def _busy(self) -> None:
        """The trainee is at work: the name indexer steps aside for a moment."""
        self._busy_until = time.monotonic() + INDEX_HOLD

    def _draw_later(self) -> None:
        """Draw the selected customer's card and actions after the list has been painted, so
        moving through or filtering a long list never waits for the card."""
        if not self._draw_pending:
            self._draw_pending = True
            self.call_after_refresh(self._draw_selected)

    def _draw_selected(self) -> None:
        self._draw_pending = False
        self.show_customer(self.selected)

    @on(msg.CustomerChosen)
    def _chosen(self, event: msg.CustomerChosen) -> None:
        self.show_customer(event.customer)
        self.query_one(ActionPicker).focus()

    @on(msg.ActionChosen)
    def _action(self, event: msg.ActionChosen) -> None:
        self.do_action(event.customer, event.action)

    @on(msg.StageFilterChosen)
    def _stage(self, event: msg.StageFilterChosen) -> None:
        self.stage_filter = None if event.stage == self.stage_filter else event.stage
        self.query_one(PipelineBoard).update_board(self.game, self.stage_filter)
        self.refresh_rows()

    @on(msg.SortChosen)
    def _sort(self, event: msg.SortChosen) -> None:
        if event.sort == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = (
                event.sort,
                event.sort not in ("index", "name", "due", "stage"),
            )
        self.refresh_rows()

    @on(msg.FilterChanged)
    def _filter(self, event: msg.FilterChanged) -> None:
        self.query_text = event.text
        self.refresh_rows()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(CustomerTable).focus()

    def on_key(self, event: events.Key) -> None:
        """An action's key works anywhere on the desk (except while typing)."""
        if self.app.screen is not self and event.character:
            # Typed quickly after an action key ("v2": visit, the CFO), the second key was
            # on its way to the desk before the "with whom?" dialog opened: it is the dialog's.
            event.stop()
            self.app.screen.post_message(events.Key(event.key, event.character))
            return
        if isinstance(self.focused, Input) or self.selected is None or not event.character:
            return
        for action in self.game.scenario.actions:
            if action.key and action.key == event.character:
                event.stop()
                event.prevent_default()
                # The customer under the list's cursor, which the card shows before the
                # result does (a card still waiting to be redrawn is drawn first).
                self.show_customer(self.selected)
                self.do_action(self.selected, action.id)
                return

    # ------------------------------------------------------------------ commands
    def do_action(self, customer: int, action_id: str, contact: int | None = None) -> None:
        """Apply an action command and show its result at once. For a customer with a
        buying committee, first ask whom the action is aimed at."""
        if contact is None:
            people = committee_people(self.game, customer)
            action = self.game.scenario.action(action_id)
            if people and action.contact and self.game.customers[customer].is_open:

                def chosen(member: int | None) -> None:
                    if member is not None:
                        self.do_action(customer, action_id, member)

                company = self.game.identity(customer).company
                self.app.push_screen(ContactDialog(action.label, company, people), chosen)
                return
        result = self.game.act(customer, action_id, contact or 0)
        self.salesim.journal()  # committed before it is shown
        self.refresh_all()
        self.query_one(ResultPanel).show_result(self.game, customer, result)

    def action_end_day(self) -> None:
        game = self.game
        if game.over:
            self.salesim.show_debrief()
            return
        if game.is_checkpoint() and game.day not in game.forecasts:

            def chosen(answer: str | None) -> None:
                if answer == "forecast":
                    self.action_forecast()
                elif answer == "end":
                    self._end_day()

            self.app.push_screen(
                ConfirmDialog(
                    _("Forecast due"),
                    tr(
                        "Today (day {day}) is a forecast checkpoint and you have not committed a "
                        "forecast. Ending the day without one scores zero for it.",
                        day=game.day,
                    ),
                    [
                        ("forecast", _("Forecast now"), "f"),
                        ("end", _("End day anyway"), "e"),
                        ("cancel", _("Cancel"), "escape"),
                    ],
                ),
                chosen,
            )
            return
        self._end_day()

    def _end_day(self) -> None:
        game = self.game
        day = game.day
        start = len(game.log)
        game.end_day()
        events_ = game.log[start:]
        self.salesim.journal()
        self.salesim.autosave()
        self.refresh_all()
        self._start_indexing()  # the night's new leads

        def closed(_: None) -> None:
            if self.game.over:
                self.salesim.show_debrief()

        self.app.push_screen(DaySummaryDialog(game, day, events_), closed)

    def action_forecast(self) -> None:
        game = self.game
        if not game.is_checkpoint():
            days = ", ".join(str(d) for d in game.scenario.forecast.checkpoints) or _("none")
            self.notify(
                tr("Forecasts are committed on checkpoint days ({days}).", days=days),
                severity="warning",
                markup=False,
            )
            return

        def done(answer: tuple[list[int], dict[int, float]] | None) -> None:
            if answer is None:
                return
            deals, probs = answer
            result = self.game.commit_forecast(deals, probs or None)
            self.salesim.journal()
            self.notify(
                phrase(result.message),
                severity="information" if result.ok else "error",
                markup=False,
            )
            self.refresh_all()

        self.app.push_screen(ForecastDialog(game), done)

    def _need_customer(self) -> int | None:
        if self.selected is None:
            self.notify(_("Select a customer first."), severity="warning")
        return self.selected

    def action_note(self) -> None:
        index = self._need_customer()
        if index is None:
            return

        def done(text: str | None) -> None:
            if text:
                result = self.game.add_note(index, text)
                self.salesim.journal()
                self.query_one(ResultPanel).show_result(self.game, index, result)
                self.refresh_all()

        self.app.push_screen(NoteDialog(Text(self.game.identity(index).company)), done)

    def action_next_step(self) -> None:
        index = self._need_customer()
        if index is None:
            return
        game = self.game
        current = game.customers[index].next_step

        def done(answer: tuple[int, str] | None) -> None:
            if answer is not None:
                result = self.game.schedule(index, *answer)
                self.salesim.journal()
                self.query_one(ResultPanel).show_result(self.game, index, result)
                self.refresh_all()

        default_day = current[0] if current else min(game.day + 1, game.days)
        self.app.push_screen(
            NextStepDialog(
                Text(game.identity(index).company),
                game.day,
                game.days,
                default_day,
                current[1] if current else "",
            ),
            done,
        )

    def action_what_if(self) -> None:
        self.salesim.action_what_if()

    def action_focus_filter(self) -> None:
        self._busy()
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        """Back to the list; on the list, esc clears the typed filter, then (a second esc)
        the stage filter and the only-rotting / only-bad-fits / closed toggles, so a search
        never runs inside a stage filter the trainee forgot was on."""
        table = self.query_one(CustomerTable)
        if self.focused is table and self.query_text:
            self.query_one("#filter", Input).value = ""
        elif self.focused is table and (
            self.stage_filter or self.rotting_only or self.bad_fits_only or self.include_closed
        ):
            self.stage_filter = None
            self.rotting_only = self.bad_fits_only = self.include_closed = False
            self.query_one(PipelineBoard).update_board(self.game, self.stage_filter)
            self.refresh_rows()
        table.focus()

    def action_cycle_sort(self) -> None:
        keys = [k for k, _ in SORTS]
        self.sort = keys[(keys.index(self.sort) + 1) % len(keys)] if self.sort in keys else keys[0]
        self.descending = self.sort not in ("index", "name", "due", "stage")
        self.refresh_rows()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.refresh_rows()

    def action_cycle_stage(self, step: int) -> None:
        ids: list[str | None] = [None, *(s.id for s in self.game.scenario.stages)]
        pos = ids.index(self.stage_filter) if self.stage_filter in ids else 0
        self.stage_filter = ids[(pos + step) % len(ids)]
        self.query_one(PipelineBoard).update_board(self.game, self.stage_filter)
        self.refresh_rows()

    def action_toggle_rotting(self) -> None:
        self.rotting_only = not self.rotting_only
        self.refresh_rows()

    def action_toggle_bad_fits(self) -> None:
        self.bad_fits_only = not self.bad_fits_only
        self.refresh_rows()

    def action_toggle_closed(self) -> None:
        self.include_closed = not self.include_closed
        self.refresh_rows()

    def select(self, index: int) -> None:
        """Put customer `index` under the cursor, clearing filters that hide it."""
        table = self.query_one(CustomerTable)
        if not table.select_customer(index):
            self.query_text = ""
            self.query_one("#filter", Input).value = ""
            self.stage_filter = None
            self.rotting_only = False
            self.bad_fits_only = False
            self.include_closed = self.include_closed or not self.game.customers[index].is_open
            self.selected = index
            self.refresh_all()
            table.select_customer(index)
        self.show_customer(index)
        table.focus()
