"""The example cohort export in docs/examples is what docs/reports.md says it is: three
trainees on two scenarios, a CSV with the documented header and a JSON export that
`salesim import` reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sim.store.cohort import CSV_COLUMNS, EXPORT_FORMAT

EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


def test_the_example_cohort_is_three_trainees_by_two_scenarios():
    with open(EXAMPLES / "cohort.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    assert list(rows[0])[-1] == "rules_broken_most"
    pairs = {(r["trainee"], r["scenario"]) for r in rows}
    assert len(rows) == 6 and len(pairs) == 6
    assert {t for t, _ in pairs} == {"Ana Souza", "Ben Okafor", "Chen Wei"}
    assert {s for _, s in pairs} == {"tutorial", "relationship_selling"}
    assert all(r["status"] == "finished" and r["grade"] for r in rows)
    data = json.loads((EXAMPLES / "cohort.json").read_text(encoding="utf-8"))
    assert data["format"] == EXPORT_FORMAT and len(data["runs"]) == 6
    for rec in data["runs"]:
        doc = rec["document"]
        assert doc["format"] == "salesim-run/1" and doc["commands"] and doc["player"]
