"""`salesim simulate`: distributions per policy; --json is byte-stable whatever --jobs is."""

import json
import subprocess
import sys


def simulate(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "simulate", "tutorial", *args], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_json_is_identical_with_one_or_two_processes():
    one = simulate(
        "--runs", "30", "--policy", "random,expert", "--seed", "5", "--json", "--jobs", "1"
    )
    two = simulate(
        "--runs", "30", "--policy", "random,expert", "--seed", "5", "--json", "--jobs", "2"
    )
    assert one == two
    report = json.loads(one)
    assert set(report["policies"]) == {"random", "expert"}
    for figs in report["policies"].values():
        for fig in ("score", "revenue", "win_rate", "cycle_days"):
            d = figs[fig]
            assert d["min"] <= d["p10"] <= d["median"] <= d["p90"] <= d["max"]
    spread = report["spread"]["score"]
    assert abs(spread["policy"] + spread["luck"] + spread["interaction"] - 1) < 0.01
    assert "elapsed" not in one and "games/s" not in one


def test_table_output_names_every_policy_and_the_spread():
    out = simulate("--runs", "10", "--policy", "greedy,expert")
    assert "greedy" in out and "expert" in out and "median" in out
    assert "luck (seed)" in out


def test_unknown_policy_is_a_usage_error():
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "simulate", "tutorial", "--policy", "genius"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "unknown policy 'genius'" in proc.stderr and "Traceback" not in proc.stderr
