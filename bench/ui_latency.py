"""Desk latency with a 2,000-customer pipeline: type-to-filter, sort, cursor moves, one action.

    .venv/bin/python -m bench.ui_latency [--customers 2000] [--size 120x40]

Builds a copy of the tutorial with `inbound.initial` raised, opens the desk with Pilot (headless),
and reports per-keystroke figures. Two numbers per step:

* handler — time spent in the desk's own code for the key (the list query and handing the
  rows to the table; for an action, the engine command and refreshing every widget);
* key→paint — from the key event entering the app until the first repaint that shows the
  result (Textual's dispatch, the handler, layout and compositing; at most 60 paints a
  second, so up to ~16 ms of it is waiting for the next frame). This is what a player feels.

The first filter keystroke also generates every customer's identity (the search needs
company, contact and city), once; later keystrokes reuse them.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import re
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def big_scenario(customers: int, folder: Path, base: str = "tutorial") -> Path:
    """A copy of bundled scenario `base` whose pipeline starts with `customers` deals."""
    text = (ROOT / "scenarios" / f"{base}.yaml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(inbound:\n  initial: )\d+", rf"\g<1>{customers}", text)
    if n != 1:
        raise SystemExit(f"could not find inbound.initial in scenarios/{base}.yaml")
    path = folder / f"{base}-{customers}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def fmt(ms: list[float]) -> str:
    ms = [x for x in ms if x == x]  # drop NaN: keys that changed nothing on screen
    if not ms:
        return "-"
    p90 = sorted(ms)[max(0, math.ceil(0.9 * len(ms)) - 1)]
    return (
        f"median {statistics.median(ms):6.1f} ms   p90 {p90:6.1f} ms"
        f"   max {max(ms):6.1f} ms   (n={len(ms)})"
    )


def desk_paint_clock(app):  # type: ignore[no-untyped-def]
    """A function giving the `perf_counter()` of the app's first paint of the desk. (Not the
    end of `pilot.pause()`: that waits until the process is idle, and the desk's name
    indexer keeps a big desk busy for a while after it has painted.)"""
    from sim.ui.screens.desk import DeskScreen

    painted: list[float] = []
    display = app._display

    def paint(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if not painted and isinstance(screen, DeskScreen):
            painted.append(time.perf_counter())

    app._display = paint
    return lambda: painted[0] if painted else float("nan")


async def measure(path: Path, size: tuple[int, int]) -> dict[str, tuple[list[float], list[float]]]:
    from sim.scenario import load_scenario
    from sim.ui.app import make_app
    from sim.ui.screens.desk import DeskScreen

    scenario = load_scenario(path)
    t0 = time.perf_counter()
    app = make_app(scenario=scenario, seed=1, screen="desk", ghost=False, user_dir=None)
    first_paint = desk_paint_clock(app)
    results: dict[str, tuple[list[float], list[float]]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        startup = (first_paint() - t0) * 1000
        results["open the desk (once)"] = ([], [startup])
        handler: list[float] = []
        handler_end: list[float] = []
        depth = [0]

        def timed(method):  # type: ignore[no-untyped-def]
            """Time the outermost desk handler of a key (an action also refreshes the rows)."""

            def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
                depth[0] += 1
                t = time.perf_counter()
                try:
                    return method(*args, **kwargs)
                finally:
                    depth[0] -= 1
                    if depth[0] == 0:
                        end = time.perf_counter()
                        handler.append((end - t) * 1000)
                        handler_end.append(end)

            return wrapper

        desk.refresh_rows = timed(desk.refresh_rows)  # type: ignore[method-assign]
        desk.do_action = timed(desk.do_action)  # type: ignore[method-assign]

        paints: list[float] = []
        display = app._display

        def painted(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            display(screen, renderable)
            paints.append(time.perf_counter())

        app._display = painted  # type: ignore[method-assign]

        async def press(key: str, handled: bool) -> float:
            """Send one key; ms until the first repaint after the desk has handled it."""
            from textual import events

            await pilot.pause()
            paints.clear()
            handler_end.clear()
            char = key if len(key) == 1 else None
            name = {"/": "slash"}.get(key, key)
            t0 = time.perf_counter()
            app._driver.send_message(events.Key(name, char))  # type: ignore[union-attr]
            deadline = t0 + 5
            while time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
                after = (
                    handler_end[-1] if (handled and handler_end) else (t0 if not handled else None)
                )
                if after is not None and any(p >= after for p in paints):
                    return (next(p for p in paints if p >= after) - t0) * 1000
            return float("nan")  # nothing to repaint (e.g. the cursor is already at the end)

        async def keys(name: str, presses: list[str], handled: bool = True) -> None:
            handler.clear()
            e2e = [await press(key, handled) for key in presses]
            results[name] = (list(handler), e2e)

        await pilot.press("slash")
        await keys("filter: first keystroke (builds identities)", ["a"])
        await keys("filter: typing", list("nd co"))
        await keys("filter: backspace", ["backspace"] * 5)
        await keys("filter: clear, type again", ["backspace", *"son"])
        await pilot.press("escape", "escape")  # clear the filter, back to the table
        await pilot.pause()
        await keys("sort: cycle all keys (ctrl+o)", ["ctrl+o"] * 8)
        await keys("sort: reverse (ctrl+r)", ["ctrl+r"] * 4)
        stages = len(scenario.stages) + 1  # all stages, each stage, and back to all
        await keys("stage filter (])", ["right_square_bracket"] * stages)
        await keys("cursor: down / up", ["down", "up"] * 10, handled=False)
        await keys("cursor: page down / up", ["pagedown", "pageup"] * 5, handled=False)
        await keys("action on a customer (c)", ["c", "e"])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument(
        "--baseline",
        type=int,
        default=5,
        help="also measure a desk this small for comparison (0: skip)",
    )
    parser.add_argument("--size", default="120x40", help="terminal size, COLSxROWS")
    args = parser.parse_args()
    cols, rows = (int(x) for x in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        big = asyncio.run(measure(big_scenario(args.customers, Path(tmp)), (cols, rows)))
        small = (
            asyncio.run(measure(big_scenario(args.baseline, Path(tmp)), (cols, rows)))
            if args.baseline
            else {}
        )
    print(
        f"salesim desk latency: {args.customers} customers, terminal {cols}x{rows}, headless Pilot"
    )
    for name, (handler, e2e) in big.items():
        print(f"\n{name}")
        if handler:
            print(f"  handler   {fmt(handler)}")
        print(f"  key→paint {fmt(e2e)}")
        if name in small:
            print(f"  key→paint with {args.baseline} customers: {fmt(small[name][1])}")


if __name__ == "__main__":
    main()
