"""Fuzz targets: hostile inputs for the scenario loader, the expression language and run
files, generated with Hypothesis. Each target checks one promise of docs/security.md:

- loader: any bytes give diagnostics, never an exception; a file that validates plays
  (a few days by the random bot, scored) and its log holds no NaN or infinity.
- expressions: any text parses or gives an `ExprError`; a parsed expression evaluates on
  any in-bounds customer without raising, to a bool or a finite number within ±MAX_NUMBER.
- run files: any mutation of a valid run file makes `salesim report` exit 0, 1 or 2 (never
  the internal-error status 70, never an exception), within the time limit.

A target's `run(n)` tries `n` inputs and returns a `Tally`; a crash stops it with the
falsifying input shrunk by Hypothesis and printed.
"""

from __future__ import annotations

import json
import math
import signal
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.strategies import EXPRESSIONS, FACTS, METERS, scenario_texts


class Hang(Exception):
    """One input took longer than the time limit."""


@dataclass
class Tally:
    """What one target did."""

    target: str
    inputs: int = 0
    crashes: int = 0
    hangs: int = 0
    seconds: float = 0.0
    valid: int = 0
    """Inputs that got past validation and were played / reported."""
    failure: str = field(default="", repr=False)


@contextmanager
def time_limit(seconds: float):  # type: ignore[no-untyped-def]
    """Raise `Hang` in the main thread when the block runs longer than `seconds`."""

    def _alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds:g} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------------ expressions
def _env(draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    finite = st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False)
    env: dict[str, Any] = {m: draw(st.floats(0, 100)) for m in METERS}
    env["budget"] = draw(st.booleans())
    env["seats"] = draw(finite)
    env["known.budget"] = draw(st.booleans())
    env["known.seats"] = draw(st.booleans())
    env["value"] = draw(st.floats(0, 1e15))
    env["large"] = draw(st.booleans())
    env["stage"] = draw(st.sampled_from(["lead", "proposal"]))
    env["persona"] = "buyer"
    env["style"] = draw(st.sampled_from(["relationship", "consultative"]))
    for k in ("day", "days_idle", "days_in_stage", "contacts_today"):
        env[k] = draw(st.integers(0, 400))
    return env


def check_expression(text: str, op: str, env: dict[str, Any]) -> bool:
    """Parse `text` as an expression and as an effect; evaluate what parses. True when
    something parsed."""
    from sim.scenario.expr import MAX_NUMBER, ExprError, Symbols, parse_effect, parse_expr

    symbols = Symbols(
        meters=METERS, facts=FACTS, stages=("lead", "proposal", "won", "lost"), personas=("buyer",)
    )

    def sane(v: Any) -> None:
        if isinstance(v, bool):
            return
        assert isinstance(v, (int, float)), f"{text!r} gave {v!r}"
        assert math.isfinite(v) and abs(v) <= MAX_NUMBER, f"{text!r} gave {v!r}"

    parsed = False
    for want in ("number", "bool"):
        try:
            expr = parse_expr(text, symbols, want)  # type: ignore[arg-type]
        except ExprError as e:
            assert e.code.startswith("E") and 0 <= e.offset <= len(text), (text, e.offset)
            continue
        parsed = True
        sane(expr.evaluate(env))
    for target in ("value", "interest", "seats", "budget"):
        try:
            eff = parse_effect(f"{target} {op} {text}", symbols)
        except ExprError:
            continue
        parsed = True
        sane(eff.apply(env[target], env))
    return parsed


# ------------------------------------------------------------------------ loader
def check_scenario(data: bytes, seed: int) -> bool:
    """The loader never raises; a valid scenario plays 3 days, scores, and keeps its log
    finite. True when the input validated."""
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.engine.events import to_dict
    from sim.engine.scoring import score_game
    from sim.scenario import check_text

    scenario, diagnostics = check_text(data, "fuzz.yaml")
    n_lines = data.count(b"\n") + 2
    for d in diagnostics:
        assert d.code and d.message, d
        assert 0 <= d.line <= n_lines, (d.line, n_lines, d.format())
        d.format()
    if scenario is None:
        assert any(d.severity == "error" for d in diagnostics)
        return False
    inb = scenario.inbound
    if inb.initial + inb.per_day * 3 + sum(a.count for a in inb.schedule) > 5_000:
        return True  # valid, but too big to play in a fuzz loop (speed is bench/'s business)
    game = play(Game(scenario, seed), make_bot("random", seed), max_days=3)
    score_game(game)
    json.dumps([to_dict(e) for e in game.log], allow_nan=False)
    return True


# ------------------------------------------------------------------------ run files
JSON_VALUES = st.one_of(
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, -1, -5, 10**15, 10**16, 1e308, -1e308, 1e-320, 0.5, True, False, None]),
    st.sampled_from(
        [
            "",
            "x" * 3000,
            "\ud800",
            "[bold]x",
            "../../etc/passwd",
            "/dev/zero",
            "tutorial",
            "act",
            "end_day",
            "forecast",
            "game_started",
        ]
    ),
    st.lists(st.integers(-3, 200), max_size=5),
    st.dictionaries(
        st.sampled_from(["0", "1", "x", "-1"]), st.floats(-2, 2, allow_nan=False), max_size=3
    ),
)
TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "9" * 5000,
    "[" * 3000,
    '"\\ud800"',
    "\x00",
    "{",
    "}",
    ",",
]


def _paths(doc: Any, prefix: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, ...]]:
    out = [prefix]
    if depth > 3:
        return out
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k), depth + 1)
    elif isinstance(doc, list):
        for i in sorted({0, 1, 2, len(doc) // 2, len(doc) - 1} & set(range(len(doc)))):
            out += _paths(doc[i], (*prefix, i), depth + 1)
    return out


@st.composite
def run_files(draw: Callable[[st.SearchStrategy[Any]], Any], base: str) -> tuple[bytes, list[str]]:
    """A mutated run file and the report options to try it with."""
    doc = json.loads(base)
    mode = draw(st.sampled_from(["doc", "doc", "doc", "text", "bytes"]))
    if mode == "doc":
        for _ in range(draw(st.integers(1, 3))):
            paths = [p for p in _paths(doc) if p]
            path = draw(st.sampled_from(paths))
            parent = doc
            for key in path[:-1]:
                parent = parent[key]
            what = draw(st.sampled_from(["set", "set", "delete", "dup"]))
            if what == "set":
                parent[path[-1]] = draw(JSON_VALUES)
            elif what == "delete":
                del parent[path[-1]]
            elif isinstance(parent, list):
                parent.insert(path[-1], parent[path[-1]])
        data = json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass")
    else:
        text = base
        if mode == "text":
            i = draw(st.integers(0, len(text)))
            cut = draw(st.integers(0, 40))
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i + cut :]
            data = text.encode("utf-8", "surrogatepass")
        else:
            raw = bytearray(text.encode("utf-8"))
            for _ in range(draw(st.integers(1, 6))):
                raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
            data = bytes(raw[: draw(st.integers(1, len(raw)))])
    opts = draw(
        st.sampled_from(
            [
                ["-f", "md"],
                ["-f", "json"],
                ["-f", "html"],
                ["-f", "md", "--trust-log"],
                ["-f", "json", "--verify"],
            ]
        )
    )
    return data, opts


def check_run_file(folder: Path, data: bytes, opts: list[str]) -> bool:
    """`salesim report` on the file exits 0, 1 or 2 and writes only where told. True when
    the report was written."""
    from sim.cli import main

    path = folder / "run.json"
    out = folder / "out"
    path.write_bytes(data)
    out.unlink(missing_ok=True)
    sink = StringIO()
    with redirect_stdout(sink):
        import contextlib

        with contextlib.redirect_stderr(sink):
            code = main(["report", str(path), "--no-ghost", "-o", str(out), *opts])
    assert code in (0, 1, 2), f"exit {code}: {sink.getvalue()[-500:]}"
    if code == 0:
        assert out.exists()
    return code == 0


def base_run_file() -> str:
    """A finished tutorial run (greedy bot, seed 2) as a run file's text."""
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.scenario import load_scenario
    from sim.store.runfile import dumps_run, run_document

    scenario = load_scenario("tutorial")
    game = play(Game(scenario, 2), make_bot("greedy", 2))
    return dumps_run(run_document(scenario, 2, game.commands, game.log, player="Fuzz"))


# ------------------------------------------------------------------------ store files
def base_store(folder: Path) -> tuple[bytes, Path]:
    """A store holding three finished tutorial runs, as the bytes of its file; and a run
    file to add to it."""
    import os

    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.scenario import load_scenario
    from sim.store import RunStore, save_game
    from sim.store.runfile import save_runfile

    scenario = load_scenario("tutorial")
    path = folder / "base.db"
    with RunStore(path) as store:
        for seed, policy in ((1, "expert"), (2, "greedy"), (3, "random")):
            game = play(Game(scenario, seed), make_bot(policy, seed))
            save_game(game, player=f"P{seed}", store=store)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):  # the last close checkpoints the WAL
            raise RuntimeError(f"{path}{suffix} left behind")
    game = play(Game(scenario, 4), make_bot("greedy", 4))
    runfile = folder / "add.json"
    save_runfile(runfile, scenario=scenario, seed=4, commands=game.commands, log=game.log)
    return path.read_bytes(), runfile


@st.composite
def store_files(
    draw: Callable[[st.SearchStrategy[Any]], Any], base: bytes
) -> tuple[str, bytes, list[str]]:
    """A damaged store: bytes flipped, a page zeroed or copied over another, the file cut
    short, the header overwritten; or something that is not a file at all."""
    kind = draw(
        st.sampled_from(
            ["flip", "flip", "zero", "copy", "cut", "header", "empty", "folder", "fifo", "devzero"]
        )
    )
    data = bytearray(base)
    page = 4096
    pages = max(1, len(data) // page)
    if kind == "flip":
        for _ in range(draw(st.integers(1, 16))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    elif kind == "zero":
        p = draw(st.integers(0, pages - 1))
        data[p * page : (p + 1) * page] = bytes(page)
    elif kind == "copy":
        a, b = draw(st.integers(0, pages - 1)), draw(st.integers(0, pages - 1))
        data[b * page : (b + 1) * page] = base[a * page : (a + 1) * page]
    elif kind == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif kind == "header":
        at = draw(st.integers(0, 99))
        data[at : at + 4] = draw(st.binary(min_size=4, max_size=4))
    elif kind == "empty":
        data = bytearray()
    command = draw(
        st.sampled_from(
            [
                ["runs"],
                ["runs", "--json"],
                ["report", "1", "-f", "md"],
                ["report", "2", "-f", "json"],
                ["runs", "--add", "ADD"],
            ]
        )
    )
    return kind, bytes(data), command


def check_store(folder: Path, kind: str, data: bytes, command: list[str], runfile: Path) -> bool:
    """A salesim command on a damaged store exits 0, 1 or 2 with a message, never an
    exception or the internal-error status. True when it exited 0."""
    import contextlib
    import os
    import shutil

    from sim.cli import main

    home = folder / "home"
    if home.exists():
        shutil.rmtree(home)
    home.mkdir()
    db = home / "runs.db"
    if kind == "folder":
        db.mkdir()
    elif kind == "fifo":
        os.mkfifo(db)
    elif kind == "devzero":
        db.symlink_to("/dev/zero")
    else:
        db.write_bytes(data)
    os.environ["SALESIM_HOME"] = str(home)
    args = [str(runfile) if a == "ADD" else a for a in command]
    if args[0] == "report":
        args += ["--no-ghost", "-o", str(folder / "out")]
    sink = StringIO()
    with redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = main(args)
    assert code in (0, 1, 2), f"{kind} {args}: exit {code}: {sink.getvalue()[-500:]}"
    return code == 0


# ------------------------------------------------------------------------ running
def _settings(n: int, derandomize: bool = False) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=derandomize,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def _run(tally: Tally, n: int, test: Callable[[], None]) -> Tally:
    start = time.perf_counter()
    try:
        test()
    except Hang as e:
        tally.hangs += 1
        tally.failure = repr(e)
    except Exception:  # noqa: BLE001 - a crash found by the fuzzer: report it
        import traceback

        tally.crashes += 1
        lines = traceback.format_exc(limit=-6).splitlines()[-40:]
        tally.failure = "\n".join(ln if len(ln) < 300 else ln[:300] + "…" for ln in lines)
    tally.seconds = time.perf_counter() - start
    return tally


def fuzz_expressions(n: int, limit: float = 10.0, derandomize: bool = False) -> Tally:
    tally = Tally("expressions")

    @_settings(n, derandomize)
    @given(st.data(), EXPRESSIONS, st.sampled_from(["=", "+=", "-=", "*="]))
    def test(data: Any, text: str, op: str) -> None:
        tally.inputs += 1
        env = _env(data.draw)
        with time_limit(limit):
            tally.valid += check_expression(text, op, env)

    return _run(tally, n, test)


def fuzz_loader(n: int, limit: float = 30.0, derandomize: bool = False) -> Tally:
    tally = Tally("loader")

    @_settings(n, derandomize)
    @given(scenario_texts(), st.integers(1, 10_000))
    def test(data: bytes, seed: int) -> None:
        tally.inputs += 1
        with time_limit(limit):
            tally.valid += check_scenario(data, seed)

    return _run(tally, n, test)


def fuzz_run_files(n: int, limit: float = 30.0, derandomize: bool = False) -> Tally:
    tally = Tally("run files")
    base = base_run_file()
    with tempfile.TemporaryDirectory(prefix="salesim-fuzz-") as tmp:
        folder = Path(tmp)

        @_settings(n, derandomize)
        @given(run_files(base))
        def test(case: tuple[bytes, list[str]]) -> None:
            tally.inputs += 1
            with time_limit(limit):
                tally.valid += check_run_file(folder, *case)

        return _run(tally, n, test)


def fuzz_store(n: int, limit: float = 30.0, derandomize: bool = False) -> Tally:
    import os

    tally = Tally("store files")
    saved_home = os.environ.get("SALESIM_HOME")
    with tempfile.TemporaryDirectory(prefix="salesim-fuzz-") as tmp:
        folder = Path(tmp)
        base, runfile = base_store(folder)

        @_settings(n, derandomize)
        @given(store_files(base))
        def test(case: tuple[str, bytes, list[str]]) -> None:
            tally.inputs += 1
            with time_limit(limit):
                tally.valid += check_store(folder, *case, runfile)

        try:
            return _run(tally, n, test)
        finally:
            if saved_home is None:
                os.environ.pop("SALESIM_HOME", None)
            else:
                os.environ["SALESIM_HOME"] = saved_home


TARGETS: dict[str, Callable[..., Tally]] = {
    "loader": fuzz_loader,
    "expressions": fuzz_expressions,
    "runfiles": fuzz_run_files,
    "store": fuzz_store,
}


def fuzz_tui(n: int, limit: float = 30.0, derandomize: bool = False) -> Tally:
    """Random keyboard sessions against the app (fuzz/tui.py): slow (a session of 120 keys
    takes seconds), so only when asked for by name: `python -m fuzz --targets tui`."""
    from fuzz.tui import fuzz_tui as run

    return run(n, limit, derandomize)


EXTRA_TARGETS: dict[str, Callable[..., Tally]] = {"tui": fuzz_tui}
"""Targets run only when named with --targets."""
