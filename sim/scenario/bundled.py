"""Where the bundled scenarios live, and turning a command-line argument (a path or a
bundled id such as `tutorial`) into a file path."""

from __future__ import annotations

from pathlib import Path

from sim.scenario.diagnostics import Diagnostic, did_you_mean

SUFFIXES = (".yaml", ".yml")


def scenarios_dir() -> Path:
    """`sim/scenarios/` in an installed wheel; `<repo>/scenarios/` in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # .../sim
    installed = here / "scenarios"
    if installed.is_dir():
        return installed
    return here.parent / "scenarios"


def bundled_scenarios() -> list[tuple[str, Path]]:
    """(id, path) of every bundled scenario, sorted by id. The id is the file name's stem."""
    folder = scenarios_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()]
    return sorted((p.stem, p) for p in found)


def looks_like_path(arg: str | Path) -> bool:
    if isinstance(arg, Path):
        return True
    return "/" in arg or "\\" in arg or arg.endswith(SUFFIXES) or Path(arg).exists()


def resolve_scenario(path_or_id: str | Path) -> Path:
    """A file path for `path_or_id`; raises ScenarioError (F002) for an unknown id."""
    if looks_like_path(path_or_id):
        return Path(path_or_id)
    known = bundled_scenarios()
    for sid, path in known:
        if sid == path_or_id:
            return path
    from sim.scenario import ScenarioError

    ids = [sid for sid, _ in known]
    raise ScenarioError(
        [
            Diagnostic(
                "F002",
                f"'{path_or_id}' is neither a scenario file nor a bundled scenario{did_you_mean(str(path_or_id), ids)}",
                str(path_or_id),
                hint="bundled scenarios: " + (", ".join(ids) if ids else "(none found)"),
            )
        ]
    )
