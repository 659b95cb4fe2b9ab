"""How the app keeps runs: each applied command journaled before its result is shown, the
whole run saved at each day's end, resume from the store, practice branches, the trainee's
name, and the quit confirmation. A store problem never stops play: the game goes on without
saving, says so once, and offers to write a run file instead.

`SavingMixin` is mixed into `SalesimApp`; it only touches the app through `self.game`,
`self.notify`, `self.push_screen` and `self.exit`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game
    from sim.store.db import RunRow

from sim.i18n import _, tr


class SavingMixin:
    """See the module docstring. Attributes are set by `init_saving`."""

    game: Game | None
    save_runs: bool

    def init_saving(self, save_runs: bool, player: str | None) -> None:
        self.save_runs = save_runs
        """Save every run in the store ($SALESIM_HOME or the user data dir) as it goes."""
        self.run_id: int | None = None
        """The stored run the current game is saved as (None: not saved)."""
        self.run_kind = "play"
        """'play', or 'practice' for a what-if branch."""
        self.run_parent: int | None = None
        """The run a practice branch came from."""
        self.journaled = 0
        """How many of the game's commands are committed to the store."""
        self.unsaved: str | None = None
        """Why the current game is not being saved (None: it is, or saving is off)."""
        self.player_arg = player
        """--player NAME given on the command line (wins over the stored name)."""
        self._player: str | None = player
        self._kept: Any = None

    # ------------------------------------------------------------------ the store
    def _store(self, readonly: bool = False) -> Any:
        from sim.store import RunStore

        return RunStore(readonly=readonly)

    def _kept_store(self) -> Any:
        """The connection that journals and saves the run, kept open while the app runs:
        closing the last connection checkpoints the WAL, ~40 ms — too slow per command."""
        if self._kept is None:
            self._kept = self._store()
        return self._kept

    def close_store(self) -> None:
        """Close the kept connection (at exit, or after an error)."""
        if self._kept is not None:
            try:
                self._kept.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass
            self._kept = None

    def _store_failed(self, e: Exception) -> None:
        """Carry on without saving; say why once."""
        self.close_store()
        first = self.unsaved is None
        self.unsaved = str(e)
        self.run_id = None
        if first:
            self.notify(  # type: ignore[attr-defined]
                f"{e}\n" + _("This run is not being saved."),
                title=_("Playing without saving"),
                severity="warning",
                timeout=12,
                markup=False,
            )

    @property
    def player(self) -> str | None:
        """The trainee's name: --player, else the one chosen on the home screen."""
        if self._player is None and self.save_runs and self.player_arg is None:
            try:
                with self._store(readonly=False) as s:
                    self._player = s.setting("player") or ""
            except Exception:  # noqa: BLE001 - no name is fine
                self._player = ""
        return self._player or None

    def set_player(self, name: str) -> None:
        """Choose the trainee's name (kept in the store for next time)."""
        name = " ".join(name.split())[:60]
        self._player = name
        if self.save_runs:
            from sim.store import StoreError

            try:
                with self._store() as s:
                    s.set_setting("player", name or None)
            except (StoreError, OSError) as e:
                self.notify(str(e), severity="warning", markup=False)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ saving
    def begin_run(self) -> None:
        """Store the new game at once (so it can be continued even if nothing else happens)."""
        self.run_id = None
        self.journaled = 0
        self.unsaved = None
        if self.save_runs:
            self.autosave()

    def journal(self) -> None:
        """Commit the commands applied since the last call, before the screen shows them."""
        game = self.game
        if not self.save_runs or game is None or self.unsaved is not None:
            return
        if self.run_id is None:
            self.autosave()
            return
        fresh = game.commands[self.journaled :]
        if not fresh:
            return
        from sim.engine.commands import to_dict
        from sim.store import StoreError

        try:
            rows = [to_dict(c) for c in fresh]
            self._kept_store().record_commands(self.run_id, self.journaled, rows, game.day)
            self.journaled = len(game.commands)
        except (StoreError, OSError) as e:
            self._store_failed(e)

    def autosave(self) -> None:
        """Save the whole run (its document, score once finished) in the store."""
        game = self.game
        if not self.save_runs or game is None or self.unsaved is not None:
            return
        from sim.store import StoreError, save_game

        try:
            new = self.run_id is None
            self.run_id = save_game(
                game,
                player=self.player,
                store=self._kept_store(),
                run_id=self.run_id,
                kind=self.run_kind,
                parent=self.run_parent,
            )
            if new and self.run_kind == "play":  # the store makes a replay practice
                row = self._kept_store().get(self.run_id)
                self.run_kind = row.kind if row is not None else self.run_kind
            self.journaled = len(game.commands)
        except (StoreError, OSError) as e:
            self._store_failed(e)

    def best_score(self, scenario_id: str) -> Any:
        """The best finished saved run of a scenario (None when none, or saving is off)."""
        if not self.save_runs:
            return None
        try:
            with self._store(readonly=False) as s:
                return s.best_score(scenario_id)
        except Exception:  # noqa: BLE001 - the home screen shows no best score then
            return None

    def replay_of(self, scenario_id: str, seed: int) -> int | None:
        """The run this player already started on this scenario and seed: a new run on it
        will be practice (`sim.store.practice`). None when there is none, or saving is off."""
        if not self.save_runs:
            return None
        try:
            with self._store(readonly=False) as s:
                first: int | None = s.first_on_seed(scenario_id, seed, self.player)
                return first
        except Exception:  # noqa: BLE001 - the briefing then says nothing about replays
            return None

    def unfinished_runs(self, limit: int = 5) -> list[RunRow]:
        """Runs that can be continued (the home screen's Continue list)."""
        if not self.save_runs:
            return []
        try:
            with self._store() as s:
                rows: list[RunRow] = s.unfinished(limit)
                return rows
        except Exception:  # noqa: BLE001 - nothing to continue then
            return []

    # ------------------------------------------------------------------ resume
    def history_rows(self) -> list[Any]:
        """Stored runs for the History screen: the current trainee's when a name is set."""
        if not self.save_runs:
            return []
        try:
            with self._store() as s:
                return list(s.list_runs(player=self.player))
        except Exception:  # noqa: BLE001 - an unusable store has no history to show
            return []

    def load_stored(self, run_id: int, finished_ok: bool = False) -> tuple[Any, Any] | str:
        """(game, row) of stored run `run_id` replayed to where it was left, or a message."""
        from sim.store import RunFileError, StoreError
        from sim.store.resume import open_stored_game

        try:
            with self._store() as s:
                game, row, _ = open_stored_game(s, run_id)
        except KeyError:
            return f"There is no run {run_id} in the store (`salesim runs` lists them)."
        except (StoreError, RunFileError, OSError) as e:
            return str(e)
        if row.finished and not finished_ok:
            return f"Run {run_id} is finished; see its debrief with `salesim report {run_id}`."
        return game, row

    def adopt_stored(self, game: Game, row: RunRow) -> None:
        """Make `game` (replayed from stored run `row`) the current one, saved as that run."""
        self.game = game
        self.run_id = row.id
        self.run_kind = row.kind
        self.run_parent = row.parent
        self.unsaved = None
        self.journaled = len(game.commands)
        if row.player and self.player_arg is None:
            self._player = self._player or row.player
        self.autosave()  # bring the stored document up to date with any journaled commands

    # ------------------------------------------------------------------ practice
    def start_practice(self, parent: int | None) -> None:
        """The current game is a what-if branch of run `parent`: store it as practice."""
        self.run_kind = "practice"
        self.run_parent = parent
        self.begin_run()

    def practice_original(self, over: bool) -> bool:
        """A what-if is being branched from the current run (`over`: its game has ended): an
        unfinished counted run becomes practice (sim.store.practice). True if it did."""
        if not self.save_runs or self.unsaved is not None or self.run_id is None:
            return False
        if self.run_kind != "play":
            return False
        from sim.store import StoreError
        from sim.store.practice import branched_from

        try:
            return branched_from(self._kept_store(), self.run_id, over)
        except (StoreError, OSError) as e:
            self._store_failed(e)
            return False

    def practice_text(self) -> str | None:
        """Why the current run counts for nothing, for the debrief (None: it counts)."""
        if self.run_kind != "practice":
            return None
        if self.run_parent is not None:
            return tr(
                "Practice: a what-if branch of run {run}; it never counts as a result.",
                run=self.run_parent,
            )
        first = self._first_played()
        if first is not None and self.game is not None:
            return tr(
                "Practice: a replay of seed {seed}, first played in run {run}; it never "
                "counts as a result.",
                seed=self.game.seed,
                run=first,
            )
        return _(
            "Practice: a what-if was branched from this run before it ended, so it never "
            "counts as a result."
        )

    def _first_played(self) -> int | None:
        """The run the current one replays (same player, scenario and seed), or None."""
        if not self.save_runs or self.unsaved is not None or self.run_id is None:
            return None
        from sim.store import StoreError
        from sim.store.practice import first_played

        try:
            store = self._kept_store()
            row = store.get(self.run_id)
            return first_played(store, row) if row is not None else None
        except (StoreError, OSError):
            return None

    # ------------------------------------------------------------------ quitting
    def quit_question(self) -> tuple[str, str, list[tuple[str, str, str]]] | None:
        """What to ask before quitting (None: nothing is at stake, quit at once)."""
        game = self.game
        if game is None or game.over:
            return None
        if self.save_runs and self.unsaved is None and self.run_id is not None:
            return (
                _("Quit salesim?"),
                tr(
                    "Your run is saved (day {day} of {days}); continue later from the "
                    "home screen, or with `salesim play --resume`.",
                    day=game.day,
                    days=game.days,
                ),
                [("quit", _("Quit"), "q"), ("stay", _("Keep playing"), "escape")],
            )
        # the first sentence of the store's message: what is wrong (the rest was shown before)
        why = f" ({self.unsaved.split('. ')[0]})" if self.unsaved else ""
        return (
            _("Quit without saving?"),
            tr(
                "This run is not being saved{why}. Write it to a run file first to keep it "
                "(`salesim report FILE` reads it).",
                why=why,
            ),
            [
                ("file", _("Save run file and quit"), "s"),
                ("quit", _("Quit and lose it"), "q"),
                ("stay", _("Keep playing"), "escape"),
            ],
        )

    def write_runfile(self) -> str | None:
        """Write the current game to a run file in the working folder; returns its path."""
        from sim.store.runfile import save_runfile

        game = self.game
        if game is None:
            return None
        path = Path(f"salesim-{game.scenario.id}-seed{game.seed}-day{game.day}.run.json")
        try:
            save_runfile(
                path,
                scenario=game.scenario,
                seed=game.seed,
                commands=game.commands,
                log=game.log,
                player=self.player,
            )
        except OSError as e:
            self.notify(f"{path}: cannot write: {e.strerror or e}", severity="error")  # type: ignore[attr-defined]
            return None
        return str(path)
