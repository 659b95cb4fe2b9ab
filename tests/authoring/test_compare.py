"""`salesim simulate NEW --compare OLD`: paired runs show what an edit moved, per dimension."""

from __future__ import annotations

import json


def test_same_file_changes_nothing(desk, salesim):
    folder, _ = desk
    proc = salesim(
        "simulate",
        "my_desk.yaml",
        "--compare",
        "my_desk.yaml",
        "--runs",
        "5",
        "--policy",
        "greedy,expert",
        "--json",
        cwd=folder,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    for figs in report["policies"].values():
        assert all(f["old"] == f["new"] and f["up"] == f["down"] == 0 for f in figs.values())


def test_a_higher_quota_lowers_results_and_nothing_else(desk, salesim):
    folder, scenario = desk
    text = scenario.read_text(encoding="utf-8")
    assert "  quota: 10000" in text
    (folder / "harder.yaml").write_text(
        text.replace("  quota: 10000", "  quota: 40000"), encoding="utf-8"
    )
    proc = salesim(
        "simulate",
        "harder.yaml",
        "--compare",
        "my_desk.yaml",
        "--runs",
        "8",
        "--policy",
        "expert",
        "--json",
        cwd=folder,
    )
    figs = json.loads(proc.stdout)["policies"]["expert"]
    assert figs["dim:results"]["down"] > 0 and figs["dim:results"]["up"] == 0
    assert figs["revenue"]["up"] == figs["revenue"]["down"] == 0  # same play, same sales
    assert figs["dim:process"]["up"] == figs["dim:process"]["down"] == 0
    table = salesim(
        "simulate",
        "harder.yaml",
        "--compare",
        "my_desk.yaml",
        "--runs",
        "8",
        "--policy",
        "expert",
        cwd=folder,
    ).stdout
    assert "harder.yaml against my_desk.yaml: 8 paired runs per policy" in table
    assert "expert       · results" in table
