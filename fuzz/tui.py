"""Fuzz target `tui`: random keyboard sessions against the app, the way a trainee mashing
keys would drive it: the home screen, each bundled scenario's briefing and desk, in English
and Chinese, at 120x40, 100x30 and 80x24. Promise checked: no key sequence raises (an
exception inside Textual ends `run_test` with it), and the app never exits by itself unless
asked to quit.

`n` is the number of key presses, in sessions of `KEYS_PER_SESSION`. Sessions are seeded
(session k uses seed k), so a crash is reproduced by its seed, printed with its key trail.
Each session stores its runs in a fresh $SALESIM_HOME (the runner sets one up).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import traceback

from fuzz.targets import Tally

KEYS_PER_SESSION = 120
KEYS = [*"abcdefghijklmnopqrstuvwxyz0123456789+-=/ "] + [
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "backspace",
    "delete",
    "f1",
    "ctrl+d",
    "ctrl+f",
    "ctrl+n",
    "ctrl+t",
    "ctrl+w",
    "ctrl+o",
    "ctrl+e",
    "ctrl+s",
    "ctrl+p",
    "question_mark",
    "space",
]
WEIGHTS = [
    {"enter": 8, "escape": 4, "ctrl+d": 5, "down": 6, "up": 3, "tab": 3}.get(k, 1) for k in KEYS
]
SIZES = [(120, 40), (100, 30), (80, 24)]
SCENARIOS = [
    None,
    "tutorial",
    "busy_desk",
    "management_software_zh",
    "forecast_quarter",
    "consultative_enterprise",
]


async def session(seed: int, presses: int) -> tuple[list[str], str] | None:
    """One seeded session; None when it went fine, else (key trail, traceback)."""
    from sim.ui.app import make_app

    rng = random.Random(seed)
    scenario = rng.choice(SCENARIOS)
    app = make_app(
        scenario,
        seed=rng.randint(1, 50),
        screen=rng.choice(["desk", "briefing"]),
        ghost=False,
        user_dir=None,
        save_runs=True,
        lang=rng.choice([None, None, "zh_CN"]),
    )
    trail: list[str] = [f"scenario={scenario}", f"app seed={seed}"]
    try:
        async with app.run_test(size=rng.choice(SIZES)) as pilot:
            for _ in range(presses):
                key = rng.choices(KEYS, weights=WEIGHTS)[0]
                trail.append(key)
                await pilot.press(key)
                if rng.random() < 0.2:
                    await pilot.pause()
                if not app.is_running:
                    return trail, "the app exited without being asked to quit"
    except Exception:  # noqa: BLE001 - a crash found by the fuzzer: report it
        return trail, traceback.format_exc(limit=-8)
    return None


def fuzz_tui(n: int, limit: float = 30.0, derandomize: bool = False) -> Tally:
    tally = Tally("tui")
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    start = time.perf_counter()
    seed = 0
    while tally.inputs < n:
        presses = min(KEYS_PER_SESSION, n - tally.inputs)
        found = asyncio.run(session(seed, presses))
        tally.inputs += presses
        tally.valid += presses
        if found is not None:
            tally.crashes += 1
            trail, error = found
            tally.failure = f"session seed {seed}; keys {trail}\n{error}"
            break
        seed += 1
    tally.seconds = time.perf_counter() - start
    return tally
