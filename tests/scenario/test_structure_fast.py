"""The compiled schema check (`structure.fast_check`) is only a fast path: a document it
passes is not checked again, so it must never pass one that `jsonschema` would report."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim.scenario.bundled import bundled_scenarios
from sim.scenario.diagnostics import Reporter
from sim.scenario.structure import fast_check, validator
from sim.scenario.yamlsafe import parse, to_plain
from tests.scenario.helpers import fixture_text

ODD_VALUES: tuple[Any, ...] = (None, "Not An Id", 1.5, -1, True, [], {"zz": 1})


def plain(text: str) -> Any:
    doc = parse(text, Reporter("x.yaml"))
    assert doc is not None
    return to_plain(doc.root)


def paths(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*at, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, (*at, i))


def mutants(doc: Any) -> Iterator[Any]:
    """Every node replaced by each odd value; every mapping key dropped; an unknown key added
    to every mapping; every list emptied (in the first item of each list: the others are of
    the same kinds)."""
    for path in list(paths(doc)):
        if not path or any(isinstance(p, int) and p > 0 for p in path):
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        old = parent[path[-1]]
        for value in ODD_VALUES:
            if value != old or type(value) is not type(old):
                parent[path[-1]] = value
                yield doc
        if isinstance(parent, dict):
            del parent[path[-1]]
            yield doc
        parent[path[-1]] = old
        if isinstance(old, dict):
            old["zz_unknown"] = 1
            yield doc
            del old["zz_unknown"]
        if isinstance(old, list) and old:
            parent[path[-1]] = []
            yield doc
            parent[path[-1]] = old


@pytest.mark.parametrize(("scenario_id", "path"), bundled_scenarios())
def test_bundled_scenarios_pass_both_checks(scenario_id: str, path: Path) -> None:
    data = plain(path.read_text(encoding="utf-8"))
    assert fast_check()(data)
    assert validator().is_valid(data)


def test_fast_check_never_passes_what_jsonschema_reports() -> None:
    """A document the fast check passes skips the full check, so it must be valid in full.
    (One it rejects is walked by `jsonschema` anyway: a wrong "invalid" costs time only.)"""
    base = plain(fixture_text())
    passed = rejected = 0
    waved_through = []
    for doc in mutants(copy.deepcopy(base)):
        if not fast_check()(doc):
            rejected += 1
            continue
        passed += 1
        errors = [e.message for e in validator().iter_errors(doc)]
        if errors:
            waved_through.append(errors[0])
    assert rejected > 300 and passed > 50  # the mutants probe both answers
    assert waved_through == []
