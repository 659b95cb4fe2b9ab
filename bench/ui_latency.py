"""Desk latency with a big pipeline: type-to-filter, sort, cursor moves, actions.

    .venv/bin/python -m bench.ui_latency [--customers 2000] [--base territory] [--size 120x40]

Builds a copy of a bundled scenario (`territory`, call_centre's process, as `bench.scale`
uses) with `inbound.initial` set, opens the desk with Pilot (headless), and reports
per-keystroke figures, beside the same keys on a 5-customer desk. Three numbers per step:

* handler — time spent in the desk's own code for the key (the list query and handing the
  rows to the table; for an action, the engine command and refreshing every widget);
* key→paint — from the key event entering the app until the first repaint that shows the
  result (Textual's dispatch, the handler, layout and compositing; at most 60 paints a
  second, so up to ~16 ms of it is waiting for the next frame). This is what a player feels.
* CPU — this process's CPU time over the same span: on a machine shared with other work the
  wall-clock figures are inflated several times over, this one much less.

An action is measured on ten customers in turn (a phone call or an e-mail each; the move to
the next customer is not measured).

Above 3,000 customers the desk indexes names in the background after its first paint; the
first filter keystroke searches what is indexed so far (small desks build names on it).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
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


Figures = dict[str, tuple[list[float], list[float], list[float]]]
"""Per step: the desk's handler times, key→paint times and CPU times (ms)."""


async def measure(path: Path, size: tuple[int, int]) -> Figures:
    from sim.scenario import load_scenario
    from sim.ui.app import make_app
    from sim.ui.screens.desk import DeskScreen

    scenario = load_scenario(path)
    t0 = time.perf_counter()
    app = make_app(scenario=scenario, seed=1, screen="desk", ghost=False, user_dir=None)
    first_paint = desk_paint_clock(app)
    results: dict[str, tuple[list[float], list[float], list[float]]] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        startup = (first_paint() - t0) * 1000
        results["open the desk (once)"] = ([], [startup], [])
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

        cpu: list[float] = []

        async def press(key: str, handled: bool) -> float:
            """Send one key; ms until the first repaint after the desk has handled it."""
            from textual import events

            await pilot.pause()
            paints.clear()
            handler_end.clear()
            char = key if len(key) == 1 else None
            name = {"/": "slash"}.get(key, key)
            t0, c0 = time.perf_counter(), time.process_time()
            app._driver.send_message(events.Key(name, char))  # type: ignore[union-attr]
            deadline = t0 + 5
            while time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
                after = (
                    handler_end[-1] if (handled and handler_end) else (t0 if not handled else None)
                )
                if after is not None and any(p >= after for p in paints):
                    cpu.append((time.process_time() - c0) * 1000)
                    return (next(p for p in paints if p >= after) - t0) * 1000
            return float("nan")  # nothing to repaint (e.g. the cursor is already at the end)

        async def keys(
            name: str, presses: list[str], handled: bool = True, before: str = ""
        ) -> None:
            """Measure each key of `presses` (each after an unmeasured `before` key, if given)."""
            measured: list[float] = []
            cpu.clear()
            e2e = []
            for key in presses:
                if before:
                    await pilot.press(before)
                mark = len(handler)
                e2e.append(await press(key, handled))
                measured.extend(handler[mark:])
            results[name] = (measured, e2e, list(cpu))

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
        # An action on each of ten customers in turn (the move to the next is not measured).
        await keys("action on a customer (c)", ["c", "e"] * 5, before="down")
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
    parser.add_argument(
        "--base", default="territory", help="bundled scenario to resize (default: territory)"
    )
    args = parser.parse_args()
    cols, rows = (int(x) for x in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        big = asyncio.run(measure(big_scenario(args.customers, Path(tmp), args.base), (cols, rows)))
        small = (
            asyncio.run(measure(big_scenario(args.baseline, Path(tmp), args.base), (cols, rows)))
            if args.baseline
            else {}
        )
    print(
        f"salesim desk latency: {args.base} with {args.customers} customers, terminal"
        f" {cols}x{rows}, headless Pilot; load average "
        + " / ".join(f"{x:.1f}" for x in os.getloadavg())
    )
    for name, (handler, e2e, cpu) in big.items():
        print(f"\n{name}")
        if handler:
            print(f"  handler   {fmt(handler)}")
        print(f"  key→paint {fmt(e2e)}")
        if cpu:
            print(f"  CPU       {fmt(cpu)}  (this process, key to paint)")
        if name in small:
            print(f"  key→paint with {args.baseline} customers: {fmt(small[name][1])}")
            if small[name][2]:
                print(f"  CPU with {args.baseline} customers:       {fmt(small[name][2])}")


if __name__ == "__main__":
    main()
