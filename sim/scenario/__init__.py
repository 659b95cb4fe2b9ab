"""The scenario format: YAML file → checked, immutable `Scenario`, or author-grade diagnostics.

    load_scenario("tutorial")            # a bundled id or a path; raises ScenarioError
    check_file("scenarios/x.yaml")       # list[Diagnostic]; never raises for bad input

Layers: `model` (every object of the format declared once), `yamlsafe` (bounded, located
YAML), `schema` (the JSON Schema generated from the model) and `structure` (its errors,
located), `build` and `reading` (ids, references, expressions and the model), `checks`
(consistency, over the built objects), `diagnostics` (codes and formatting).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sim.scenario.bundled import bundled_scenarios, resolve_scenario
from sim.scenario.diagnostics import CATALOGUE, Diagnostic, Reporter, did_you_mean, format_report
from sim.scenario.model import Scenario

__all__ = [
    "CATALOGUE",
    "Diagnostic",
    "Scenario",
    "ScenarioError",
    "bundled_scenarios",
    "check_file",
    "check_text",
    "load_scenario",
    "load_scenario_text",
    "resolve_scenario",
]


class ScenarioError(Exception):
    """A scenario could not be loaded; `str()` is the formatted report of every problem."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics)  # as args, so the error survives pickling (worker processes)
        self.diagnostics = diagnostics

    def __str__(self) -> str:
        return format_report(self.diagnostics)


def _version_gate(doc: object, rep: Reporter) -> bool:
    """A file for another apiVersion or kind is not checked further (that would only cascade)."""
    import re

    from sim.scenario.schema import API_VERSION
    from sim.scenario.yamlsafe import Document, YScalar

    assert isinstance(doc, Document)
    ok = True
    api, kind = doc.root.get("apiVersion"), doc.root.get("kind")
    if isinstance(api, YScalar) and api.text != API_VERSION:
        m = re.fullmatch(r"salesim/v(\d+)", api.text)
        if m and int(m.group(1)) > 1:
            rep.add(
                "S001",
                f"apiVersion '{api.text}' is newer than this salesim understands (it reads '{API_VERSION}')",
                api.line,
                api.col,
                len(api.text),
                hint="upgrade salesim to play this scenario",
            )
        else:
            rep.add(
                "S001",
                f"unsupported apiVersion '{api.text}'; this salesim reads '{API_VERSION}'"
                f"{did_you_mean(api.text, [API_VERSION])}",
                api.line,
                api.col,
                max(1, len(api.text)),
            )
        ok = False
    if isinstance(kind, YScalar) and kind.text != "Scenario":
        rep.add(
            "S002",
            f"kind '{kind.text}' is not a scenario; this file must say 'kind: Scenario'",
            kind.line,
            kind.col,
            max(1, len(kind.text)),
        )
        ok = False
    return ok


def check_text(
    data: str | bytes, filename: str = "<string>"
) -> tuple[Scenario | None, list[Diagnostic]]:
    """Check a scenario given as text or bytes: (the Scenario or None, every diagnostic)."""
    from sim.scenario.build import build
    from sim.scenario.structure import check_structure
    from sim.scenario.yamlsafe import decode, parse

    rep = Reporter(filename)
    text = decode(data, rep) if isinstance(data, bytes) else data
    doc = parse(text, rep) if text is not None else None
    if doc is None or not _version_gate(doc, rep):
        return None, rep.diagnostics
    from sim.scenario.packs import apply_packs, explain_pack_diagnostics

    packs = apply_packs(doc, rep)
    bad = check_structure(doc, rep)
    scenario = build(doc, rep, bad, filename)
    if scenario is not None and packs:
        scenario = dataclasses.replace(scenario, uses=packs)
    return scenario, explain_pack_diagnostics(rep.diagnostics, doc, packs)


def _read(path: Path, shown: str) -> tuple[bytes | None, list[Diagnostic]]:
    from sim.scenario.safeio import UnsafeFile, read_bounded
    from sim.scenario.yamlsafe import MAX_BYTES

    try:
        if path.is_dir():
            return None, [Diagnostic("F001", "is a folder, not a scenario file", shown)]
        data = read_bounded(path, MAX_BYTES)  # regular files only; never more than the limit
    except FileNotFoundError:
        return None, [Diagnostic("F001", "no such file", shown)]
    except UnsafeFile as e:
        return None, [Diagnostic("F001", f"{e}; scenario files are plain files", shown)]
    except OSError as e:
        return None, [Diagnostic("F001", f"cannot read the file: {e.strerror or e}", shown)]
    if len(data) > MAX_BYTES:
        try:
            size = max(path.stat().st_size, len(data))
        except OSError:
            size = len(data)
        message = (
            f"the file is {size:,} bytes; scenario files are limited to {MAX_BYTES:,} bytes (1 MiB)"
        )
        return None, [Diagnostic("Y001", message, shown)]
    return data, []


def check_file(path: str | Path) -> list[Diagnostic]:
    """Every diagnostic for one file (I/O problems included as F001). Never raises for bad input."""
    data, problems = _read(Path(path), str(path))
    if data is None:
        return problems
    return check_text(data, str(path))[1]


def load_scenario_text(text: str | bytes, filename: str = "<string>") -> Scenario:
    """Load a scenario from text; raises ScenarioError when it has any error."""
    scenario, diagnostics = check_text(text, filename)
    if scenario is None:
        raise ScenarioError([d for d in diagnostics])
    return scenario


def load_scenario(path_or_id: str | Path) -> Scenario:
    """Load a bundled scenario by id (`tutorial`) or a scenario file by path."""
    path = resolve_scenario(path_or_id)
    shown = _display_path(path)
    data, problems = _read(path, shown)
    if data is None:
        raise ScenarioError(problems)
    scenario = load_scenario_text(data, shown)
    try:
        return dataclasses.replace(scenario, path=str(path.resolve()))
    except OSError:
        return scenario


def _display_path(path: Path) -> str:
    """How a scenario's file is named in messages and scores: `scenarios/<file>` for a
    bundled one (the same wherever salesim is installed or run from, so reports of the same
    run are identical), else the path relative to the working directory when inside it."""
    from sim.scenario.bundled import scenarios_dir

    try:
        if path.resolve().parent == scenarios_dir().resolve():
            return f"scenarios/{path.name}"
    except OSError:
        pass
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
