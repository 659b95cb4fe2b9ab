"""Issue 15's table: a 10,000- and a 100,000-customer desk, each figure beside its baseline.

    .venv/bin/python -m bench.scale [--sizes 10000,100000] [--quick]

Every size runs in its own fresh interpreter (so memory and warm caches do not leak from one
size into the next). The scenario is the bundled `territory` (call_centre's process) with
`inbound.initial` set to the size. Each figure is printed with the baseline measured in the
same run, the ratio, and the issue's goal; benchmarks report, they do not assert.

- load: `load_scenario` of the file (the baseline of game creation);
- create: `Game(scenario, 1)` after the load;
- end of day: the first `end_day()` (the night of every open deal);
- desk: `make_app` to the first paint with Pilot at 120x40, against a 5-customer desk;
  and, as a trainee starts a run, "start" on the briefing (read for 3 s, while a big run's
  game is made) to the desk's paint;
- filter: the first keystroke of a type-to-filter, then every later one (median and p95),
  key to paint, as `bench.ui_latency` measures them;
- action: one action on a customer, key to paint;
- memory: peak resident size of the process that created the game and opened the desk;
- validate: `load_scenario_text` of a ~5,000-line scenario against PyYAML's C loader;
- simulate: `--jobs 2` against one job, 300 tutorial games (a machine whose other work
  keeps a core busy cannot show the speed-up: the load average is printed with the table).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.ui_latency import ROOT, big_scenario

BASE = "territory"


def _p95(xs: list[float]) -> float:
    xs = sorted(x for x in xs if x == x)
    return xs[max(0, math.ceil(0.95 * len(xs)) - 1)] if xs else float("nan")


def engine_figures(path: Path) -> dict[str, float]:
    """Load, create and end a day (seconds: wall clock, and `_cpu`: this process's CPU time,
    which a machine shared with other work inflates much less)."""
    from sim.engine import Game
    from sim.scenario import load_scenario

    out: dict[str, float] = {}

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        out[name], out[name + "_cpu"] = time.perf_counter() - t, time.process_time() - c
        return result

    # Cold, as the issue measured it: the first load in a fresh process, with the imports and
    # the schema validator it needs (a second load of the same file takes ~15 ms).
    sc = timed("load", lambda: load_scenario(path))
    game = timed("create", lambda: Game(sc, 1))
    timed("end_day", game.end_day)
    return out


READ = 3.0
"""Seconds a trainee spends on the briefing before starting (a quick reader)."""


async def from_briefing(path: Path) -> float:
    """Milliseconds from "start" on the briefing, read for `READ` seconds, to the desk's paint."""
    from bench.ui_latency import desk_paint_clock
    from sim.scenario import load_scenario
    from sim.ui.app import make_app
    from sim.ui.screens.desk import DeskScreen

    app = make_app(scenario=load_scenario(path), seed=1, ghost=False, user_dir=None)
    first_paint = desk_paint_clock(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await asyncio.sleep(READ)
        t = time.perf_counter()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeskScreen)
        return (first_paint() - t) * 1000


def desk_figures(path: Path) -> dict[str, float]:
    """First paint, filter keystrokes and one action through Pilot (milliseconds)."""
    from bench.ui_latency import measure

    res = asyncio.run(measure(path, (120, 40)))
    later = [
        x
        for name in ("filter: typing", "filter: backspace", "filter: clear, type again")
        for x in res[name][1]
    ]
    first = res["filter: first keystroke (builds identities)"]
    return {
        "desk": res["open the desk (once)"][1][0],
        "filter_first": first[1][0] if first[1] and first[1][0] == first[1][0] else first[0][0],
        "filter_median": statistics.median([x for x in later if x == x]),
        "filter_p95": _p95(later),
        "action": statistics.median(res["action on a customer (c)"][1]),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def validate_figures() -> dict[str, float]:
    """~5,000 lines of scenario (the tutorial with its personas repeated): our loader vs
    PyYAML's C loader on the same text (seconds, best of three)."""
    import yaml

    from sim.scenario import load_scenario_text

    text = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    start, end = text.index("\npersonas:\n") + 11, text.index("\nactions:\n") + 1
    block = text[start:end]
    copies = []
    k = 0
    while len("".join(copies).splitlines()) < 4500:
        copies.append(block.replace("  - id: ", f"  - id: p{k}_"))
        k += 1
    big = text[:start] + block + "".join(copies) + text[end:]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def best(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    ours = best(lambda: load_scenario_text(big, "big.yaml"))
    pyyaml = best(lambda: yaml.load(big, Loader=loader))
    return {"lines": len(big.splitlines()), "ours": ours, "pyyaml": pyyaml}


def simulate_figures(runs: int = 100) -> dict[str, float]:
    """Monte Carlo of the tutorial (random, greedy and expert bots, `runs` seeds each) with one
    process and with two (seconds)."""
    from sim.engine.montecarlo import simulate
    from sim.scenario import resolve_scenario

    path = resolve_scenario("tutorial")
    out: dict[str, float] = {"games": 3 * runs}
    for jobs in (1, 2):
        t, c = time.perf_counter(), _cpu_with_children()
        simulate(path, runs, ["random", "greedy", "expert"], 1, jobs)
        out[f"jobs{jobs}"] = time.perf_counter() - t
        out[f"jobs{jobs}_cpu"] = _cpu_with_children() - c
    return out


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its finished child processes."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def child(kind: str, size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "validate":
            print(json.dumps(validate_figures()))
            return
        if kind == "simulate":
            print(json.dumps(simulate_figures()))
            return
        path = big_scenario(size, Path(tmp), BASE)
        if kind == "engine":
            figs = engine_figures(path)
        elif kind == "briefing":  # its own process: a second game would double the memory
            figs = {"briefing": asyncio.run(from_briefing(path))}
        else:
            figs = desk_figures(path)
    print(json.dumps(figs))


def run_child(kind: str, size: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--child", kind, "--size", str(size)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    if out.returncode != 0:
        raise SystemExit(f"bench.scale {kind} {size} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _s(figs: dict[str, float], name: str) -> str:
    return f"{figs[name + '_cpu']:.2f} s CPU ({figs[name]:.2f} s wall)"


Row = tuple[str, str, str, str, str, str]
"""figure, measured, baseline (same run), ratio, goal, met?"""


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def size_rows(
    n: int,
    eng: dict[str, float],
    desk: dict[str, float],
    small_eng: dict[str, float],
    small: dict[str, float],
) -> list[Row]:
    """Issue 15's figures for one size, each beside its baseline from the same run."""
    tag = f"{n:,}"
    load = eng["load_cpu"]
    rows: list[Row] = [
        (f"load the scenario file ({tag})", _s(eng, "load"), "", "", "baseline", ""),
        (
            f"create the game ({tag})",
            _s(eng, "create"),
            f"{load:.2f} s load (CPU)",
            f"{eng['create_cpu'] / load:.1f}x",
            "<= 3x the load",
            _met(eng["create_cpu"] <= 3 * load),
        ),
        (
            f"end of day ({tag})",
            _s(eng, "end_day"),
            f"{small_eng['end_day_cpu'] * 1000:.1f} ms CPU (5)",
            f"{eng['end_day_cpu'] / small_eng['end_day_cpu']:.0f}x",
            "<= 0.5 s at 100,000",
            _met(eng["end_day_cpu"] <= 0.5) if n >= 100_000 else "",
        ),
    ]
    limit = 1.5 if n <= 10_000 else 2.0
    ratio = desk["desk"] / small["desk"]
    rows.append(
        (
            f"open the desk, first paint ({tag})",
            f"{desk['desk'] / 1000:.2f} s",
            f"{small['desk'] / 1000:.2f} s (5)",
            f"{ratio:.1f}x",
            f"<= {limit:g}x a 5-customer desk",
            _met(ratio <= limit),
        )
    )
    ratio = desk["briefing"] / small["briefing"]
    rows.append(
        (
            f"start from the briefing, desk painted ({tag})",
            f"{desk['briefing'] / 1000:.2f} s",
            f"{small['briefing'] / 1000:.2f} s (5)",
            f"{ratio:.1f}x",
            f"<= {limit:g}x a 5-customer desk",
            _met(ratio <= limit),
        )
    )
    for key, label, goal in (
        ("filter_first", "first filter keystroke", 100),
        ("filter_median", "filter keystroke, median", 50),
        ("filter_p95", "filter keystroke, p95", 100),
        ("action", "an action on a customer", 50),
    ):
        rows.append(
            (
                f"{label} ({tag})",
                f"{desk[key]:.0f} ms",
                f"{small[key]:.0f} ms (5)",
                f"{desk[key] / small[key]:.1f}x",
                f"<= {goal} ms",
                _met(desk[key] <= goal),
            )
        )
    rows.append(
        (
            f"memory, peak RSS ({tag})",
            f"{desk['rss_mb']:.0f} MB",
            f"{small['rss_mb']:.0f} MB (5)",
            f"{desk['rss_mb'] / small['rss_mb']:.1f}x",
            "<= 300 MB",
            _met(desk["rss_mb"] <= 300),
        )
    )
    return rows


def table(sizes: list[int]) -> list[Row]:
    """Every figure of issue 15, each with its baseline measured in the same run."""
    rows: list[Row] = []
    small_eng = run_child("engine", 5)
    small = {**run_child("desk", 5), **run_child("briefing", 5)}
    for n in sizes:
        desk = {**run_child("desk", n), **run_child("briefing", n)}
        rows += size_rows(n, run_child("engine", n), desk, small_eng, small)
    v = run_child("validate", 0)
    rows.append(
        (
            f"validate a {v['lines']:,}-line scenario",
            f"{v['ours'] * 1000:.0f} ms",
            f"{v['pyyaml'] * 1000:.0f} ms PyYAML C",
            f"{v['ours'] / v['pyyaml']:.1f}x",
            "<= 3x PyYAML's C loader",
            _met(v["ours"] <= 3 * v["pyyaml"]),
        )
    )
    j = run_child("simulate", 0)
    rows.append(
        (
            f"simulate --jobs 2 ({j['games']:.0f} tutorial games)",
            f"{j['jobs2']:.2f} s ({j['jobs2_cpu']:.2f} s CPU)",
            f"{j['jobs1']:.2f} s one job ({j['jobs1_cpu']:.2f} s CPU)",
            f"{j['jobs1'] / j['jobs2']:.2f}x faster",
            ">= 1.7x one job",
            _met(j["jobs1"] / j["jobs2"] >= 1.7),
        )
    )
    return rows


def print_table(rows: list[Row]) -> None:
    heads = ("figure", "measured", "baseline (same run)", "ratio", "goal", "met?")
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(len(heads))]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print("salesim at scale (issue 15): bundled `territory` resized, 120x40 headless Pilot")
    print(f"{os.cpu_count()} CPUs, load average {load} at the end of the run")
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)))
    print("-" * (sum(widths) + 2 * (len(heads) - 1)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated customer counts")
    parser.add_argument(
        "--child",
        choices=("engine", "desk", "briefing", "validate", "simulate"),
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.size)
        return 0
    print_table(table([int(s) for s in args.sizes.split(",") if s]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
