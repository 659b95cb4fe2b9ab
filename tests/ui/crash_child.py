"""Child process for test_ui_crash.py: plays commands through the app with saving on and
prints `shown N` once the result of the N-th command is on screen. The test kills it."""

from __future__ import annotations

import asyncio
import json
import sys

from sim.engine.commands import Act, EndDay, from_dict
from sim.ui.app import make_app
from sim.ui.dialogs.day_summary import DaySummaryDialog
from sim.ui.screens.desk import DeskScreen


async def main(scenario: str, seed: int, commands: list[dict]) -> None:
    app = make_app(scenario, seed=seed, screen="desk", ghost=False, user_dir=None, save_runs=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for cmd in commands:
            desk = app.screen
            assert isinstance(desk, DeskScreen), desk
            cmd = from_dict(cmd)
            if isinstance(cmd, Act):
                desk.do_action(cmd.customer, cmd.action)
            elif isinstance(cmd, EndDay):
                desk._end_day()
            else:  # forecast, note, schedule: what the desk's dialogs do once answered
                app.game.apply(cmd)
                app.journal()
                desk.refresh_all()
            await pilot.pause()
            print(f"shown {len(app.game.commands)}", flush=True)
            if isinstance(app.screen, DaySummaryDialog):
                await pilot.press("enter")
                await pilot.pause()
        print("done", flush=True)
        await asyncio.sleep(3600)  # wait to be killed


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), json.loads(open(sys.argv[3]).read())))
