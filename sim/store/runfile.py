"""Saved runs on disk: the `salesim-run/1` JSON document, and plain JSON-lines event logs.

A run file holds what it takes to rebuild and check a run: the scenario (id, where it came
from, the sha256 of its bytes), the seed, the commands and the event log they produced.
Reading validates the shape and says what is wrong in words, naming the file; `verify_run`
replays the commands and compares the log. Writes are atomic (temp file + `os.replace`).

Run files are untrusted (docs/security.md): only regular files are read, never more than
`MAX_BYTES`; `NaN`/`Infinity` and numbers beyond a float are refused; the structure is
checked against the run format's JSON Schema (`sim.store.runschema`) before use; lone
surrogates in texts become U+FFFD so no output can fail to encode.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from sim.engine import commands as C
from sim.engine import events as E
from sim.engine.codec import CodecError

if TYPE_CHECKING:  # pragma: no cover
    from sim.scenario.model import Scenario

FORMAT = "salesim-run/1"
"""The `format` value of a run file this version writes and reads."""

MAX_BYTES = 32 * 1024 * 1024
"""Refuse input files larger than this rather than exhausting memory: parsed JSON takes
~25× its size, so 32 MiB stays within the 1 GiB a run may use (a 10-day run of 2,000
customers is ~2 MB)."""


class RunFileError(Exception):
    """A run file or event log that cannot be read: the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class LoadedRun:
    """A run read from a run file or a plain event log, validated."""

    kind: str
    """'run' (a salesim-run/1 document) or 'log' (JSON lines of events)."""
    path: str
    scenario_id: str
    scenario_source: str | None
    """Path or bundled id recorded in a run file (None for a plain log)."""
    scenario_sha256: str | None
    seed: int
    commands: tuple[dict[str, Any], ...] | None
    """The commands (None for a plain log: it cannot be replayed)."""
    log: tuple[dict[str, Any], ...]
    player: str | None = None
    saved: str | None = None

    @property
    def draws(self) -> int:
        """The draw scheme its game was made with (`game_started`; 1 for older runs)."""
        from sim.engine.game import draws_of

        return draws_of(self.log)

    @property
    def finished(self) -> bool:
        return any(ev.get("type") == "game_over" for ev in self.log)

    def events(self) -> list[E.Event]:
        """The log as typed events; `RunFileError` names an event that does not read."""
        return events_of(self.log, self.path)

    def command_list(self) -> list[C.Command]:
        """The commands as typed commands (one that does not read is left out: replaying
        it would be refused, as the game refused it)."""
        return C.parse_all(self.commands or ())

    def document(self) -> dict[str, Any]:
        """This run as a `salesim-run/1` document (a log gets an empty command list)."""
        doc: dict[str, Any] = {
            "format": FORMAT,
            "scenario": {
                "id": self.scenario_id,
                "source": self.scenario_source or self.scenario_id,
                "sha256": self.scenario_sha256,
            },
            "seed": self.seed,
            "commands": [dict(c) for c in self.commands or ()],
            "log": [dict(e) for e in self.log],
        }
        if self.player is not None:
            doc["player"] = self.player
        if self.saved is not None:
            doc["saved"] = self.saved
        return doc


# ---------------------------------------------------------------------- scenario identity
def scenario_sha256(scenario: Scenario) -> str | None:
    """sha256 of the scenario file's bytes (None when it was not loaded from a file)."""
    try:
        return hashlib.sha256(Path(scenario.path or scenario.source).read_bytes()).hexdigest()
    except OSError:
        return None


def scenario_source(scenario: Scenario) -> str:
    """How to find the scenario again: its bundled id, or the absolute path of its file."""
    from sim.scenario.bundled import scenarios_dir

    src = Path(scenario.path or scenario.source)
    try:
        if src.resolve().parent == scenarios_dir().resolve() and src.stem == scenario.id:
            return scenario.id
        if src.is_file():
            return str(src.resolve())
    except OSError:
        pass
    return scenario.source if scenario.source not in ("", "<string>") else scenario.id


def scenario_ref(scenario: Scenario) -> dict[str, Any]:
    """The `scenario` block of a run file."""
    return {
        "id": scenario.id,
        "source": scenario_source(scenario),
        "sha256": scenario_sha256(scenario),
    }


# ---------------------------------------------------------------------- writing
def events_of(log: Iterable[Mapping[str, Any]], name: str) -> list[E.Event]:
    """A log of JSON objects as typed events; `RunFileError` names what does not read."""
    try:
        return [E.from_dict(ev) for ev in log]
    except CodecError as e:
        raise RunFileError(f"{name}: {e}") from None


def run_document(
    scenario: Scenario,
    seed: int,
    commands: Iterable[C.Command],
    log: Iterable[E.Event],
    *,
    player: str | None = None,
    saved: str | None = None,
) -> dict[str, Any]:
    """Build a `salesim-run/1` document. `saved` is an ISO date chosen by the caller
    (the engine has no clock); leave it out for a reproducible file."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "scenario": scenario_ref(scenario),
        "seed": int(seed),
        "commands": [C.to_dict(c) for c in commands],
        "log": [E.to_dict(e) for e in log],
    }
    if player is not None:
        doc["player"] = str(player)
    if saved is not None:
        doc["saved"] = str(saved)
    return doc


def dumps_run(doc: Mapping[str, Any]) -> str:
    """A run document as text: one command / one event per line, so diffs stay readable."""
    head = {k: v for k, v in doc.items() if k not in ("commands", "log")}

    def block(items: Sequence[Any]) -> str:
        if not items:
            return "[]"
        rows = ",\n".join(
            "    " + json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            for x in items
        )
        return "[\n" + rows + "\n  ]"

    parts = [
        f"  {json.dumps(k)}: {json.dumps(v, sort_keys=True, ensure_ascii=False)}"
        for k, v in head.items()
    ]
    parts.append(f'  "commands": {block(doc.get("commands", []))}')
    parts.append(f'  "log": {block(doc.get("log", []))}')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` so a crash leaves either the old file or the new one, never half."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        # backslashreplace: a lone surrogate (from an untrusted name) cannot fail the write
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def save_runfile(
    path: str | os.PathLike[str],
    *,
    scenario: Scenario,
    seed: int,
    commands: Iterable[C.Command],
    log: Iterable[E.Event],
    player: str | None = None,
    saved: str | None = None,
) -> dict[str, Any]:
    """Save a run to `path` atomically; returns the document written."""
    doc = run_document(scenario, seed, commands, log, player=player, saved=saved)
    write_atomic(path, dumps_run(doc))
    return doc


# ---------------------------------------------------------------------- reading
def _read_text(path: str | os.PathLike[str]) -> str:
    from sim.scenario.safeio import UnsafeFile, read_bounded

    p = Path(path)
    try:
        if p.is_dir():
            raise RunFileError(f"{p}: is a directory, not a run file")
        data = read_bounded(p, MAX_BYTES)
    except FileNotFoundError:
        raise RunFileError(f"{p}: no such file") from None
    except PermissionError:
        raise RunFileError(f"{p}: permission denied") from None
    except UnsafeFile as e:
        raise RunFileError(f"{p}: {e}; run files are plain files") from None
    except OSError as e:
        raise RunFileError(f"{p}: cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise RunFileError(f"{p}: too large (more than {MAX_BYTES:,} bytes, the limit)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RunFileError(f"{p}: not UTF-8 text (byte {e.start}); is this a run file?") from None


class _NotFinite(ValueError):
    pass


def _finite_float(text: str) -> float:
    v = float(text)
    if not math.isfinite(v):
        raise _NotFinite(f"the number {text[:20]} is too large")
    return v


def _no_constant(text: str) -> float:
    raise _NotFinite(f"{text} is not a number a run file may hold")


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _loads(text: str) -> Any:
    """`json.loads` that refuses NaN, Infinity and numbers beyond a float, and replaces lone
    surrogates (only \\uD800-style escapes can make them) with U+FFFD."""
    doc = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
    return _scrub(doc) if _SURROGATE_ESCAPE.search(text) else doc


def _scrub(x: Any) -> Any:
    if isinstance(x, str):
        return _LONE_SURROGATE.sub("\ufffd", x) if _has_surrogate(x) else x
    if isinstance(x, list):
        return [_scrub(v) for v in x]
    if isinstance(x, dict):
        return {_scrub(k): _scrub(v) for k, v in x.items()}
    return x


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _json_error(
    name: str, e: ValueError, text: str | None = None, line: int | None = None
) -> RunFileError:
    if isinstance(e, json.JSONDecodeError):
        hint = (
            " (the file ends too early; was it truncated?)"
            if text is not None and e.pos >= len(text.rstrip()) - 1
            else ""
        )
        where = f"{line}:{e.colno}" if line is not None else f"{e.lineno}:{e.colno}"
        return RunFileError(f"{name}:{where}: not valid JSON: {e.msg}{hint}")
    where = f":{line}" if line is not None else ""
    return RunFileError(f"{name}{where}: not valid here: {e}")


def _check_log(name: str, log: Any, where: str = "log") -> tuple[dict[str, Any], ...]:
    if not isinstance(log, list):
        raise RunFileError(f"{name}: '{where}' must be a list of events")
    if not log:
        raise RunFileError(f"{name}: the event log is empty")
    for n, ev in enumerate(log):
        if not isinstance(ev, dict):
            raise RunFileError(f"{name}: {where}[{n}] is not an event object")
        for key, typ in (("seq", int), ("day", int), ("type", str)):
            if not isinstance(ev.get(key), typ) or isinstance(ev.get(key), bool):
                raise RunFileError(f"{name}: {where}[{n}] has no valid '{key}' field")
        if ev["seq"] != n:
            raise RunFileError(
                f"{name}: {where}[{n}] has seq {ev['seq']}; events must be numbered 0, 1, 2... "
                "(is the log truncated or reordered?)"
            )
    first = log[0]
    if first["type"] != "game_started":
        raise RunFileError(f"{name}: the log does not start with a game_started event")
    if not isinstance(first.get("scenario"), str) or not isinstance(first.get("seed"), int):
        raise RunFileError(f"{name}: the game_started event has no scenario id or seed")
    if first.get("draws", 1) not in (1, 2) or isinstance(first.get("draws"), bool):
        raise RunFileError(
            f"{name}: the game_started event says draws {first.get('draws')!r}; this salesim "
            "knows draw schemes 1 and 2 (a run saved by a newer salesim?)"
        )
    return tuple(log)


def parse_run(text: str, name: str = "<run>") -> LoadedRun:
    """Validate a `salesim-run/1` document given as text."""
    try:
        doc = _loads(text)
    except ValueError as e:  # JSONDecodeError, a non-finite number, an int of 4,300+ digits
        raise _json_error(name, e, text) from None
    except RecursionError:
        raise RunFileError(f"{name}: JSON nested too deeply") from None
    return from_document(doc, name)


def from_document(doc: Any, name: str = "<run>") -> LoadedRun:
    """Validate a run document already parsed from JSON (e.g. one kept in the store)."""
    if not isinstance(doc, dict):
        raise RunFileError(f'{name}: a run file is a JSON object with "format": "{FORMAT}"')
    fmt = doc.get("format")
    if fmt != FORMAT:
        if fmt is None:
            raise RunFileError(f'{name}: no "format" field; not a salesim run file')
        raise RunFileError(f"{name}: unsupported format {fmt!r}; this salesim reads {FORMAT!r}")
    missing = [k for k in ("scenario", "seed", "commands", "log") if k not in doc]
    if missing:
        raise RunFileError(
            f"{name}: missing field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
        )
    sc = doc["scenario"]
    if not isinstance(sc, dict) or not isinstance(sc.get("id"), str) or not sc["id"]:
        raise RunFileError(f"{name}: 'scenario' must be an object with an 'id'")
    source = sc.get("source", sc["id"])
    sha = sc.get("sha256")
    if not isinstance(source, str) or (sha is not None and not isinstance(sha, str)):
        raise RunFileError(f"{name}: 'scenario.source' and 'scenario.sha256' must be strings")
    seed = doc["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise RunFileError(f"{name}: 'seed' must be an integer")
    commands = doc["commands"]
    if not isinstance(commands, list) or not all(
        isinstance(c, dict) and isinstance(c.get("cmd"), str) for c in commands
    ):
        raise RunFileError(
            f"{name}: 'commands' must be a list of command objects with a \"cmd\" field"
        )
    log = _check_log(name, doc["log"])
    if log[0]["scenario"] != sc["id"] or log[0]["seed"] != seed:
        raise RunFileError(
            f"{name}: the log was played on {log[0]['scenario']!r} seed {log[0]['seed']}, "
            f"but the file says {sc['id']!r} seed {seed}"
        )
    for key in ("player", "saved"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise RunFileError(f"{name}: '{key}' must be a string")
    from sim.store.runschema import schema_problem

    problem = schema_problem(doc)
    if problem:
        raise RunFileError(f"{name}: not a valid run file: {problem}")
    return LoadedRun(
        "run",
        name,
        sc["id"],
        source,
        sha,
        seed,
        tuple(commands),
        log,
        doc.get("player"),
        doc.get("saved"),
    )


def parse_log(text: str, name: str = "<log>") -> LoadedRun:
    """Validate a plain JSON-lines event log (as written by `Game.log_jsonl()`)."""
    events = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            events.append(_loads(line))
        except ValueError as e:
            raise _json_error(name, e, line=n) from None
        except RecursionError:
            raise RunFileError(f"{name}:{n}: JSON nested too deeply") from None
    log = _check_log(name, events, where="event")
    from sim.store.runschema import schema_problem

    problem = schema_problem(events, "log")
    if problem:
        where = "event" if problem.startswith("[") else ""
        raise RunFileError(f"{name}: not a valid event log: {where}{problem}")
    return LoadedRun("log", name, log[0]["scenario"], None, None, log[0]["seed"], None, log)


def read_run(path: str | os.PathLike[str]) -> LoadedRun:
    """Read a run file or a JSON-lines event log, whichever `path` holds."""
    name = str(path)
    text = _read_text(path)
    stripped = text.lstrip()
    if not stripped:
        raise RunFileError(f"{name}: the file is empty")
    if not stripped.startswith("{"):
        raise RunFileError(f"{name}: neither a run file nor a JSON-lines event log")
    try:
        doc = _loads(text)
    except RecursionError:
        raise RunFileError(f"{name}: JSON nested too deeply") from None
    except _NotFinite as e:
        raise _json_error(name, e) from None
    except ValueError:
        # Not one JSON document: a JSON-lines log if its first line is an event.
        first = stripped.split("\n", 1)[0]
        try:
            head = _loads(first)
        except (ValueError, RecursionError):
            head = None
        if isinstance(head, dict) and "type" in head:
            return parse_log(text, name)
        return parse_run(text, name)  # reports where the JSON breaks
    if isinstance(doc, dict) and "type" in doc and "format" not in doc:
        return parse_log(text, name)  # a one-event log
    return from_document(doc, name)


# ---------------------------------------------------------------------- verifying
@dataclass(frozen=True, slots=True)
class Verification:
    """The result of replaying a run's commands against its log."""

    ok: bool
    message: str
    first_difference: int | None = None
    """The seq of the first event that differs (None when they agree)."""


def _canon(ev: Mapping[str, Any]) -> str:
    return json.dumps(ev, sort_keys=True, separators=(",", ":"))


@overload
def verify_run(run: LoadedRun, scenario: Scenario) -> Verification: ...
@overload
def verify_run(
    run: LoadedRun, scenario: Scenario, *, want_log: Literal[True]
) -> tuple[Verification, tuple[dict[str, Any], ...]]: ...
def verify_run(run: LoadedRun, scenario: Scenario, *, want_log: bool = False) -> Any:
    """Replay the run's commands on a fresh game and compare the logs event by event.
    With `want_log`, also return the replayed log (the one to trust)."""
    if run.commands is None:
        v = Verification(False, f"{run.path}: a plain event log has no commands to replay")
        return (v, run.log) if want_log else v
    from sim.engine.game import replay

    game = replay(scenario, run.seed, run.command_list(), run.draws)
    replayed = tuple(json.loads(json.dumps(E.to_dict(e), allow_nan=False)) for e in game.log)
    v = _compare(run, replayed)
    return (v, replayed) if want_log else v


def _compare(run: LoadedRun, replayed: Sequence[Mapping[str, Any]]) -> Verification:
    mine = [_canon(e) for e in run.log]
    theirs = [_canon(e) for e in replayed]
    for n, (a, b) in enumerate(zip(mine, theirs, strict=False)):
        if a != b:
            return Verification(
                False,
                f"{run.path}: event {n} differs on replay "
                f"(saved {run.log[n].get('type')}, replay {replayed[n].get('type')})",
                n,
            )
    if len(mine) != len(theirs):
        n = min(len(mine), len(theirs))
        return Verification(
            False, f"{run.path}: the saved log has {len(mine)} events, the replay {len(theirs)}", n
        )
    return Verification(
        True,
        f"{run.path}: {len(run.commands or ())} commands replay to the same {len(mine)} events",
    )


# ---------------------------------------------------------------------- the run's scenario
def load_run_scenario(run: LoadedRun, override: str | None = None) -> tuple[Scenario, list[str]]:
    """Load the scenario a run was played on: `override` (a path or bundled id) when given,
    else the file or bundled id the run records. Returns (scenario, warnings); raises
    `RunFileError` when it cannot be loaded or is not the scenario the run names."""
    from sim.scenario import ScenarioError, load_scenario
    from sim.scenario.bundled import SUFFIXES

    warnings: list[str] = []
    choice = override or run.scenario_source or run.scenario_id
    if not override and choice != run.scenario_id and not choice.endswith(SUFFIXES):
        # A run file is untrusted: follow only a scenario file's name, never /dev/..., a pipe
        # or some other file whose lines a scenario error would print.
        warnings.append(
            f"{run.path}: the recorded scenario source '{choice[:200]}' is not a scenario file "
            f"(*.yaml, *.yml); using the bundled '{run.scenario_id}'"
        )
        choice = run.scenario_id
    try:
        scenario = load_scenario(choice)
    except ScenarioError as e:
        if override or choice == run.scenario_id:
            raise RunFileError(f"{run.path}: cannot load scenario '{choice}':\n{e}") from None
        try:  # the recorded file moved: fall back to the bundled scenario of that id
            scenario = load_scenario(run.scenario_id)
        except ScenarioError:
            raise RunFileError(f"{run.path}: cannot load scenario '{choice}':\n{e}") from None
        why = e.diagnostics[0].message if e.diagnostics else "cannot be loaded"
        warnings.append(
            f"{run.path}: scenario file '{choice}': {why}; using the bundled '{run.scenario_id}'"
        )
    except OSError as e:
        raise RunFileError(
            f"{run.path}: cannot read scenario '{choice}': {e.strerror or e}"
        ) from None
    if scenario.id != run.scenario_id:
        raise RunFileError(
            f"{run.path}: the run was played on scenario '{run.scenario_id}', "
            f"but '{choice}' is scenario '{scenario.id}'"
        )
    sha = scenario_sha256(scenario)
    if run.scenario_sha256 and sha and sha != run.scenario_sha256:
        warnings.append(
            f"{run.path}: scenario '{run.scenario_id}' has changed since the run was "
            "saved (sha256 differs); scoring uses the current file"
        )
    return scenario, warnings
