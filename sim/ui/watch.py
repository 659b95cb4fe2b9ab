"""`salesim play FILE --watch`: the author's live reload. The file is checked twice a second;
on a save with errors the located diagnostics are shown in the game; on a valid save the
current run is replayed onto the new version, so the author keeps their place — or is told
which of their decisions no longer applies, and keeps every decision before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.engine.commands import Act, Command

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game
    from sim.scenario.model import Scenario

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Replayed:
    """The run replayed onto a new version of the scenario."""

    game: Game
    kept: int
    """How many of the old run's commands still applied."""
    total: int
    refused: str = ""
    """Why command `kept + 1` no longer applies ('' when all did)."""

    def message(self) -> str:
        if not self.refused:
            return f"replayed your {self.total} decision{'s' if self.total != 1 else ''}"
        return (
            f"decision {self.kept + 1} of {self.total} no longer applies ({self.refused}); "
            f"replayed the {self.kept} before it"
        )


def describe(cmd: Command) -> str:
    if isinstance(cmd, Act):
        return f"{cmd.action} on customer {cmd.customer}"
    return cmd.type


def replay_onto(scenario: Scenario, seed: int, commands: list[Command]) -> Replayed:
    """Apply `commands` to a new game of `scenario` until one is refused."""
    from sim.engine import Game

    game = Game(scenario, seed)
    for n, cmd in enumerate(commands):
        result = game.apply(cmd)
        if not result.ok:
            return Replayed(game, n, len(commands), f"{describe(cmd)}: {result.message}")
    return Replayed(game, len(commands), len(commands))


class Watcher:
    """Polls one scenario file for the app and reloads it on every change."""

    def __init__(self, app: Any, path: Path, poll: float | None = POLL_SECONDS) -> None:
        self.app = app
        self.path = path
        self.stamp = self._stamp()
        self.last = ""
        """What the last reload did (shown as a notification too)."""
        if poll:
            app.set_interval(poll, self.check)

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def check(self) -> None:
        """Reload when the file changed since the last look."""
        stamp = self._stamp()
        if stamp is None or stamp == self.stamp:
            return
        self.stamp = stamp
        self.reload()

    def reload(self) -> None:
        from sim.scenario import ScenarioError, load_scenario
        from sim.ui.dialogs.diagnostics import DiagnosticsDialog

        self.stamp = self._stamp()  # this version is handled, whoever asked
        app = self.app
        if isinstance(app.screen, DiagnosticsDialog):
            app.pop_screen()  # the previous errors are stale either way
        try:
            scenario = load_scenario(self.path)
        except ScenarioError as e:
            n = sum(1 for d in e.diagnostics if d.severity == "error")
            self.last = f"{self.path.name}: {n} error{'s' if n != 1 else ''}; fix and save again"
            app.push_screen(
                DiagnosticsDialog(
                    f"{self.path.name} has {n} error{'s' if n != 1 else ''} "
                    "(watching for your next save)",
                    str(e),
                )
            )
            return
        game = app.game
        if game is None:  # the first valid version: start playing it
            self.last = f"{self.path.name} is valid: starting the run"
            app.start_game(scenario, app.seed)
            app.notify(self.last, title="Reloaded", markup=False)
            return
        done = replay_onto(scenario, game.seed, list(game.commands))
        app.game = done.game
        self.last = f"{self.path.name} reloaded: {done.message()}"
        from sim.ui.screens.desk import DeskScreen

        desk = next((s for s in app.screen_stack if isinstance(s, DeskScreen)), None)
        if desk is not None:
            desk.load_game(done.game)
        app.notify(
            self.last,
            title="Reloaded",
            severity="warning" if done.refused else "information",
            markup=False,
            timeout=8,
        )
