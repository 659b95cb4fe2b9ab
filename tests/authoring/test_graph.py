"""`salesim graph`: every stage is drawn and the moves between them carry their action.
Drawn from the tutorial's frozen copy (tests/scenario/data/desk.yaml): the tutorial itself
keeps being tuned."""

from __future__ import annotations

import re
from pathlib import Path

DESK = str(Path(__file__).resolve().parents[1] / "scenario" / "data" / "desk.yaml")


def test_mermaid_of_the_tutorial(salesim):
    proc = salesim("graph", DESK, "--format", "mermaid")
    assert proc.returncode == 0
    out = proc.stdout
    assert out.startswith("flowchart LR\n")
    for stage in ("lead", "qualified", "proposal", "negotiation", "won", "lost"):
        assert re.search(rf"^  {stage}[\[(]", out, re.M), stage
    assert '  lead -->|"discovery · 0.55 + trust / 200 + depth / 400"| qualified' in out
    assert '  qualified -->|"proposal (either outcome)"| proposal' in out
    assert '  any_open -.->|"lost when interest #lt;= 5"| lost' in out


def test_dot_and_text(salesim):
    dot = salesim("graph", DESK, "--format", "dot").stdout
    assert dot.startswith('digraph "desk" {') and dot.rstrip().endswith("}")
    assert '"negotiation" -> "won" [label="close' in dot
    text = salesim("graph", DESK).stdout
    assert "lead -> qualified: discovery" in text
    assert "exit gate: known.budget and known.authority" in text


def test_invalid_scenario_is_reported_not_drawn(tmp_path, salesim):
    (tmp_path / "x.yaml").write_text("apiVersion: salesim/v1\nkind: Scenario\n", encoding="utf-8")
    proc = salesim("graph", "x.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and "error[S011]" in proc.stderr
