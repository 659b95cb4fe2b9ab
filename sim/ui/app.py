"""The salesim Textual app and `make_app(...)`, the factory the CLI, tests and benchmarks use.

The app owns the flow between screens (home → briefing → desk → debrief), the current game
(replaced by a what-if branch), the scenario list, and the ghost: the expert bot's scorecard
on the same seed, computed in a worker thread while the trainee plays.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.worker import get_current_worker

from sim import i18n
from sim.engine import Game
from sim.engine.listing import DeskSummary, ListView
from sim.i18n import _, ngettext, tr
from sim.report.debrief import Ghost, ghost_days
from sim.scenario import ScenarioError, bundled_scenarios, load_scenario
from sim.scenario.model import Scenario
from sim.ui import cjk
from sim.ui.localise import localise_bindings, use_language
from sim.ui.saving import SavingMixin

Prepared = tuple[Game, tuple[DeskSummary, ListView]]
"""A game made while the briefing was read, with its desk's first views."""

cjk.install()  # CJK text breaks between characters, as Chinese is written

MIN_SIZE = (80, 24)
"""Smallest terminal (columns, rows) the game is laid out for."""

DEFAULT = object()


@dataclass
class Entry:
    """A scenario the home screen lists: loaded, or with the reason it failed."""

    name: str
    path: Path
    origin: str
    """'bundled', 'user' or 'opened'."""
    scenario: Scenario | None
    error: str | None
    """The formatted diagnostics when the file could not be loaded."""


def load_entry(path: Path, origin: str) -> Entry:
    """Load one file into an `Entry`; any failure becomes a readable report."""
    try:
        sc = load_scenario(path)
    except ScenarioError as e:
        return Entry(
            path.name, path, origin, None, str(e) or _("The scenario could not be loaded.")
        )
    except Exception as e:  # noqa: BLE001 - the UI shows a message, never a traceback
        return Entry(path.name, path, origin, None, f"{path}: {type(e).__name__}: {e}")
    return Entry(sc.metadata.title, path, origin, sc, None)


def default_user_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("salesim")) / "scenarios"


GhostKey = tuple[str, str, int, int | None]
"""(scenario file, scenario id, seed, days the ghost plays: None for the whole run)."""


class SalesimApp(SavingMixin, App[None]):
    """See the module docstring."""

    CSS_PATH = "app.tcss"
    TITLE = "salesim"
    BINDINGS = [
        Binding("f1", "help", i18n.N_("Help")),
        Binding("question_mark", "help", i18n.N_("Help"), show=False),
        Binding("ctrl+q", "quit", i18n.N_("Quit")),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    def __init__(
        self,
        scenario: Scenario | str | Path | None = None,
        seed: int = 1,
        *,
        screen: str = "briefing",
        ghost: bool = True,
        user_dir: Any = DEFAULT,
        save_runs: bool = False,
        resume: int | None = None,
        player: str | None = None,
        classroom: Any = None,
        lang: str | None = None,
    ):
        self.lang = lang
        """The language asked for (--lang), overriding a scenario's locale; None: none."""
        self.home_lang = use_language(i18n.choose(lang))
        """The language of the home screen: --lang, $SALESIM_LANG or the system locale."""
        super().__init__()
        use_language(self.home_lang, self)
        self.initial = scenario
        """The scenario (or id/path) given at start, if any."""
        self.initial_screen = screen
        """Where to open when a scenario was given: 'briefing' or 'desk'."""
        self.seed = seed
        """The seed the home screen proposes."""
        self.ghost_enabled = ghost
        """Compute the expert bot's ghost score for the debrief."""
        self.user_dir: Path | None = default_user_dir() if user_dir is DEFAULT else user_dir
        """Folder of the trainee's own scenarios (None: none)."""
        self.game: Game | None = None
        """The game being played."""
        self.ghosts: dict[GhostKey, Ghost] = {}
        """The expert's runs (log and scorecard), played once per (scenario file, scenario
        id, seed, days played) and shown by every debrief and export of that run."""
        self._ghost_playing: GhostKey | None = None
        self.watch_path: Path | None = None
        """The scenario file reloaded on every save (`salesim play FILE --watch`)."""
        """The ghost being played in a worker thread now."""
        self.opened: list[Entry] = []
        """Scenario files opened from disk this session."""
        self.init_saving(save_runs, player)
        self.resume_id = resume
        """A stored run to continue at start (`salesim play --resume`)."""
        self._entries: list[Entry] | None = None
        self.last_key = 0.0
        """`time.monotonic()` when the trainee last pressed a key."""
        self._prepared: tuple[Scenario, int, Future[Prepared]] | None = None
        """A game being made while its briefing is read (`prepare_game`)."""
        self.classroom = classroom
        """A `sim.ui.classroom.Classroom` when served to a browser (`salesim serve`)."""
        if classroom is not None:  # the name is asked first, never read from the store
            self.player_arg = self._player = ""

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Push a screen with its keys in the current language (a screen module imported
        after the language was chosen is translated here)."""
        if not isinstance(screen, str):
            localise_bindings(screen)
        return super().push_screen(screen, *args, **kwargs)

    # ------------------------------------------------------------------ start
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            # Noted before the key goes anywhere: background work (the desk's name index)
            # stands aside at once, not only once the key has reached a handler.
            self.last_key = time.monotonic()
        await super().on_event(event)

    def on_mount(self) -> None:
        from sim.ui.dialogs.diagnostics import DiagnosticsDialog
        from sim.ui.screens.home import HomeScreen

        self.push_screen(HomeScreen(id="home"))
        if self.classroom is not None:
            self._ask_trainee()
        elif self.resume_id is not None:
            self.resume(self.resume_id)
        elif self.initial is not None:
            if isinstance(self.initial, Scenario):
                sc: Scenario | None = self.initial
            else:
                try:
                    sc = load_scenario(self.initial)
                except ScenarioError as e:
                    self.push_screen(
                        DiagnosticsDialog(tr("{file} cannot be played", file=self.initial), str(e))
                    )
                    sc = None
            if sc is not None:
                if self.initial_screen == "desk":
                    self.start_game(sc, self.seed)
                else:
                    self.open_briefing(sc, self.seed)
        self.screen_change_signal.subscribe(self, lambda _: self.call_later(self._check_size))
        self.call_after_refresh(self._check_size)
        if self.watch_path is not None:  # salesim play FILE --watch
            from sim.ui.watch import Watcher

            self.watcher = Watcher(self, self.watch_path)

    # ------------------------------------------------------------------ scenarios
    def scenario_entries(self) -> list[Entry]:
        """Bundled, user and opened scenarios (loaded once)."""
        if self._entries is None and self.classroom is not None and self.classroom.scenarios:
            self._entries = [
                Entry(sc.metadata.title, Path(sc.path or sc.source), "bundled", sc, None)
                for sc in self.classroom.scenarios
            ]
        if self._entries is None:
            bundled = [load_entry(p, "bundled") for _, p in bundled_scenarios()]
            # The scale ladder from its first rung (the tutorial first); broken files last.
            entries = sorted(
                bundled,
                key=lambda e: e.scenario.metadata.ladder_key if e.scenario else (99, 0, e.name),
            )
            if self.user_dir is not None and self.user_dir.is_dir():
                for p in sorted(self.user_dir.iterdir()):
                    if p.suffix in (".yaml", ".yml") and p.is_file():
                        entries.append(load_entry(p, "user"))
            self._entries = entries
        return self._entries + self.opened

    def open_file(self, path: Path) -> Entry:
        """Load a scenario file from disk and add it to the list."""
        entry = load_entry(path, "opened")
        self.opened = [e for e in self.opened if e.path != path] + [entry]
        return entry

    # ------------------------------------------------------------------ flow
    def _clear_to_home(self) -> None:
        from sim.ui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def go_home(self) -> None:
        """Back to the home screen."""
        self._clear_to_home()
        use_language(self.home_lang, self)

    def use_scenario_language(self, scenario: Scenario) -> str:
        """Show the screens of a run in its scenario's language (unless --lang says)."""
        return use_language(i18n.choose(self.lang, scenario.metadata.locale), self)

    def open_briefing(self, scenario: Scenario, seed: int) -> None:
        """Show the briefing of `scenario`, to be played with `seed`."""
        from sim.ui.screens.briefing import BriefingScreen

        self._clear_to_home()
        self.use_scenario_language(scenario)
        seed = self._pinned_seed(seed)
        self.seed = seed
        self.push_screen(BriefingScreen(scenario, seed))

    def prepare_game(self, scenario: Scenario, seed: int) -> None:
        """While the briefing is read, in a thread: load the identity generator (Faker takes
        about a second to import, which the desk's first paint would otherwise wait for) and,
        for a big run, make the game, so "start" shows the desk at once. `Game` and identities
        are deterministic: the thread they are made in changes nothing."""
        from sim.ui.screens.desk import first_views

        made: Future[Prepared] | None = Future() if scenario.inbound.initial >= PREPARE else None
        self._prepared = (scenario, seed, made) if made is not None else None

        def prepare() -> None:
            from sim.engine.identity import make_identity

            make_identity(scenario.metadata.locale, seed, 0)
            if made is None:
                return
            try:
                game = Game(scenario, seed)
                made.set_result((game, first_views(game)))
            except BaseException as e:  # noqa: BLE001 - start_game makes it again, and says
                made.set_exception(e)

        threading.Thread(target=prepare, name="prepare-game", daemon=True).start()

    def _take_prepared(self, scenario: Scenario, seed: int) -> Prepared | None:
        """The game `prepare_game` made for this scenario and seed and its desk's first
        views (waiting for the rest of them if need be), or None."""
        prepared, self._prepared = self._prepared, None
        if prepared is None or prepared[0] is not scenario or prepared[1] != seed:
            return None
        try:
            return prepared[2].result()
        except Exception:  # noqa: BLE001 - made again on this thread, where errors surface
            return None

    def start_game(self, scenario: Scenario, seed: int) -> None:
        """Start a run and show the desk."""
        from sim.ui.screens.desk import DeskScreen

        self._clear_to_home()
        self.use_scenario_language(scenario)
        seed = self._pinned_seed(seed)
        self.seed = seed
        prepared = self._take_prepared(scenario, seed)
        self.game = prepared[0] if prepared else Game(scenario, seed)
        self.run_kind, self.run_parent = "play", None
        self.begin_run()
        self.compute_ghost(scenario, seed)
        self.push_screen(DeskScreen(self.game, prepared[1] if prepared else None))

    def show_debrief(self) -> None:
        """Score the game and show the debrief."""
        from sim.ui.screens.debrief import DebriefScreen

        game = self.game
        if game is None:
            return
        self._clear_to_home()
        self.autosave()
        self.compute_ghost(game.scenario, game.seed, ghost_days(game.log))
        ghost = self.ghosts.get(self._ghost_key(game))
        self.push_screen(DebriefScreen(game, ghost, self.practice_text()))

    def action_what_if(self) -> None:
        """Pick a past decision and branch from just before it."""
        from sim.ui.dialogs.whatif import WhatIfDialog

        game = self.game
        if game is None:
            return
        if not game.commands:
            self.notify(_("Nothing to rewind yet: no decision has been made."), severity="warning")
            return

        def chosen(n: int | None) -> None:
            if n is None or self.game is None:
                return
            self.branch(n)

        self.push_screen(WhatIfDialog(game), chosen)

    def branch(self, n: int) -> None:
        """Replace the game by a replay of its first `n` commands and show the desk."""
        from sim.ui.screens.desk import DeskScreen

        assert self.game is not None
        parent = self.run_parent if self.run_kind == "practice" else self.run_id
        self.journal()  # the original keeps every decision it had
        # a branch can show how an unfinished original's future turns out: that one is
        # practice from now on too (sim.store.practice)
        peeked = self.practice_original(self.game.over)
        self.game = self.game.fork(n)
        self.start_practice(parent)  # a branch is a practice run of its own
        if isinstance(self.screen, DeskScreen):
            self.screen.load_game(self.game)
        else:
            self._clear_to_home()
            self.push_screen(DeskScreen(self.game))
        self.notify(
            ngettext(
                "Branched after {n} decision: day {day}, {hours} h left.",
                "Branched after {n} decisions: day {day}, {hours} h left.",
                n,
            ).format(n=n, day=self.game.day, hours=f"{self.game.hours_left:g}")
            + " "
            + _("Play it differently; this practice run never counts as a best score.")
            + (
                " "
                + tr(
                    "Run {run} was not over, and this branch can show how its future turns "
                    "out: it is practice now too.",
                    run=parent,
                )
                if peeked
                else ""
            ),
            title=_("What if"),
        )

    # ------------------------------------------------------------------ saved runs
    def resume(self, run_id: int) -> bool:
        """Continue stored run `run_id` on the desk, exactly where it was left."""
        from sim.ui.dialogs.diagnostics import DiagnosticsDialog
        from sim.ui.screens.desk import DeskScreen

        found = self.load_stored(run_id)
        if isinstance(found, str):
            self.push_screen(
                DiagnosticsDialog(tr("Run {run} cannot be continued", run=run_id), found)
            )
            return False
        game, row = found
        self._clear_to_home()
        self.use_scenario_language(game.scenario)
        self.seed = game.seed
        self.adopt_stored(game, row)
        self.compute_ghost(game.scenario, game.seed)
        self.push_screen(DeskScreen(game))
        self.notify(
            tr(
                "Run {run} continued: day {day} of {days}, {hours} h left.",
                run=row.id,
                day=game.day,
                days=game.days,
                hours=f"{game.hours_left:g}",
            ),
            title=_("Welcome back"),
        )
        return True

    def on_unmount(self) -> None:
        self.close_store()

    def action_history(self) -> None:
        """Show the History screen (past runs, trend, each run's debrief)."""
        from sim.ui.screens.history import HistoryScreen

        self._clear_to_home()
        self.push_screen(HistoryScreen())

    def open_stored_debrief(self, run_id: int) -> None:
        """Replay a finished stored run and show its debrief (what-if branches from it are
        stored as its practice runs)."""
        from sim.ui.dialogs.diagnostics import DiagnosticsDialog
        from sim.ui.screens.debrief import DebriefScreen

        found = self.load_stored(run_id, finished_ok=True)
        if isinstance(found, str):
            self.push_screen(DiagnosticsDialog(tr("Run {run} cannot be opened", run=run_id), found))
            return
        game, row = found
        self.use_scenario_language(game.scenario)
        self.game = game
        self.run_id, self.run_kind, self.run_parent = row.id, row.kind, row.parent
        self.journaled, self.unsaved = len(game.commands), None
        self.compute_ghost(game.scenario, game.seed, ghost_days(game.log))
        ghost = self.ghosts.get(self._ghost_key(game))
        self.push_screen(DebriefScreen(game, ghost, self.practice_text()))

    async def action_quit(self) -> None:
        """Quit; mid-run, ask once (the run is saved, or can be written to a file)."""
        from sim.ui.dialogs.confirm import ConfirmDialog
        from sim.ui.screens.too_small import TooSmallScreen

        question = self.quit_question()
        if question is None or isinstance(self.screen, (ConfirmDialog, TooSmallScreen)):
            self.journal()  # a dialog cannot be read on a too-small screen; nothing is lost
            self.exit()
            return
        title, body, choices = question

        def answered(answer: str | None) -> None:
            if answer == "file":
                path = self.write_runfile()
                if path is None:
                    return
                self.exit(message=tr("Run saved to {path}", path=path))
            elif answer == "quit":
                self.journal()
                self.exit()

        self.push_screen(ConfirmDialog(title, body, choices), answered)

    # ------------------------------------------------------------------ classroom
    def _ask_trainee(self) -> None:
        """Ask the trainee's name, then lock the home screen to what the trainer pinned."""
        from textual.widgets import Input

        from sim.ui.classroom import TraineeDialog
        from sim.ui.screens.home import HomeScreen

        def named(name: str | None) -> None:
            # This session's name only: never the store's shared "player" setting.
            self.player_arg = self._player = name or None
            self.sub_title = name or ""
            seed = self.classroom.seed_for(name or "")
            if seed is not None:
                self.seed = seed
            home = self.screen_stack[1] if len(self.screen_stack) > 1 else None
            if not isinstance(home, HomeScreen):
                return
            # a trainee in a browser opens no file on the server's disk
            home.query_one("#open-path").disabled = True
            box = home.query_one("#player", Input)
            box.value = name or ""
            box.disabled = True
            if seed is not None:
                box = home.query_one("#seed", Input)
                box.value = str(seed)
                box.disabled = True
            home.reload_continue()
            # enter starts the highlighted scenario (after the home screen has resumed and
            # restored its own focus, which may be a field just locked)
            self.call_after_refresh(home.query_one("#scenario-list").focus)

        self.push_screen(TraineeDialog(), named)

    def _pinned_seed(self, seed: int) -> int:
        """The trainer's seed for this trainee when one is pinned, else `seed`."""
        if self.classroom is None:
            return seed
        pinned = self.classroom.seed_for(self.player or "")
        return seed if pinned is None else pinned

    def unfinished_runs(self, limit: int = 5) -> list[Any]:
        """In a classroom, only this trainee's runs can be continued."""
        if self.classroom is None:
            return super().unfinished_runs(limit)
        if not self.player:
            return []
        return [r for r in super().unfinished_runs(200) if r.player == self.player][:limit]

    def best_score(self, scenario_id: str) -> Any:
        """In a classroom, the trainee's own best (the cohort page ranks everyone)."""
        if self.classroom is None:
            return super().best_score(scenario_id)
        if not (self.save_runs and self.player):
            return None
        try:
            with self._store() as s:
                return s.best_score(scenario_id, player=self.player)
        except Exception:  # noqa: BLE001 - the home screen shows no best score then
            return None

    def action_help(self) -> None:
        from sim.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ------------------------------------------------------------------ ghost
    @staticmethod
    def _ghost_key(
        game: Game | Scenario, seed: int | None = None, days: int | None = None
    ) -> GhostKey:
        """The key of a game's ghost (or of a scenario's, with `seed` and `days`)."""
        if isinstance(game, Game):
            return (game.scenario.source, game.scenario.id, game.seed, ghost_days(game.log))
        assert seed is not None
        return (game.source, game.id, seed, days)

    def ghost_for(self, game: Game) -> Ghost:
        """The ghost a debrief of `game` compares with: the one played already, or played
        now in the caller's thread (then kept)."""
        key = self._ghost_key(game)
        ghost = self.ghosts.get(key)
        if ghost is None:
            from sim.ui.ghost import play_ghost

            ghost = self.ghosts[key] = play_ghost(game.scenario, game.seed, key[3])
        return ghost

    def compute_ghost(self, scenario: Scenario, seed: int, days: int | None = None) -> None:
        """Play the expert bot on the same seed (in a thread) and score it, once per run:
        not again when it is known or being played."""
        key = self._ghost_key(scenario, seed, days)
        if self.ghost_enabled and key not in self.ghosts and key != self._ghost_playing:
            self._ghost_playing = key
            self._play_ghost(scenario, seed, days)

    @work(thread=True, exclusive=True, group="ghost")
    def _play_ghost(self, scenario: Scenario, seed: int, days: int | None) -> None:
        from sim.ui.ghost import ghost_in_process, play_ghost, wants_process

        worker = get_current_worker()
        if wants_process(scenario):  # a territory: on another core, not the desk's interpreter
            ghost = ghost_in_process(scenario, seed, days, lambda: worker.is_cancelled)
        else:
            ghost = play_ghost(scenario, seed, days)
        if ghost is not None and not worker.is_cancelled:
            self.call_from_thread(self._ghost_ready, self._ghost_key(scenario, seed, days), ghost)

    def _ghost_ready(self, key: GhostKey, ghost: Ghost) -> None:
        from sim.ui.screens.debrief import DebriefScreen

        self.ghosts[key] = ghost
        if self._ghost_playing == key:
            self._ghost_playing = None
        screen = self.screen
        if isinstance(screen, DebriefScreen) and self._ghost_key(screen.game) == key:
            try:
                screen.set_ghost(ghost)
            except NoMatches:  # the debrief is not mounted yet (opened from History)
                screen.call_after_refresh(screen.set_ghost, ghost)

    # ------------------------------------------------------------------ size
    def on_resize(self, event: events.Resize) -> None:
        if len(self.screen_stack) > 1:
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Keep the 'too small' screen on top exactly while the terminal is too small."""
        from sim.ui.screens.too_small import TooSmallScreen

        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        top = self.screen
        if small:
            if isinstance(top, TooSmallScreen):
                top.show_size(width, height)
            else:
                self.push_screen(TooSmallScreen(MIN_SIZE))
        elif isinstance(top, TooSmallScreen):
            self.pop_screen()


PREPARE = 5_000
"""From this many initial customers on, the game is made while the briefing is read."""


def make_app(
    scenario: Scenario | str | Path | None = None,
    seed: int = 1,
    *,
    screen: str = "briefing",
    ghost: bool = True,
    user_dir: Any = DEFAULT,
    save_runs: bool = False,
    resume: int | None = None,
    player: str | None = None,
    classroom: Any = None,
    lang: str | None = None,
) -> SalesimApp:
    """The app: with no scenario it opens on the home screen; with one, on its briefing
    (or straight on the desk with `screen="desk"`). `user_dir` is where the trainee's own
    scenarios live (None for none); `save_runs` keeps every run in the store; `resume`
    continues a stored run; `player` is the trainee's name for this session; `classroom`
    (a `sim.ui.classroom.Classroom`) pins scenarios and seeds for a served session; `lang`
    (`en`, `zh_CN`) overrides the language a scenario's locale would pick."""
    return SalesimApp(
        scenario,
        seed,
        screen=screen,
        ghost=ghost,
        user_dir=user_dir,
        save_runs=save_runs,
        resume=resume,
        player=player,
        classroom=classroom,
        lang=lang,
    )
