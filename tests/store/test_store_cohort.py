"""Cohort exports a trainer can merge: CSV for a spreadsheet, JSON that another machine
imports, re-scores by replay, idempotently; tampered runs are refused, conflicts reported."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sim.cli import main
from sim.store import RunStore, save_game


@pytest.fixture
def cohort(home, games):
    """Two trainees' runs in the default store (one unfinished, one practice)."""
    with RunStore() as s:
        a = save_game(games["expert"], store=s, player="Ann")
        b = save_game(games["greedy"], store=s, player="=1+1 Bøb")
        save_game(games["unfinished"], store=s, player="Ann")
        save_game(games["greedy"], store=s, player="=1+1 Bøb", kind="practice", parent=b)
    return a, b


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_csv_opens_in_a_spreadsheet(cohort, games, capsys):
    code, out, _ = run_cli(capsys, "export", "--format", "csv")
    assert code == 0 and not out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3  # the practice run is not exported by default
    by = {(r["trainee"], r["status"]) for r in rows}
    assert ("Ann", "finished") in by and ("'=1+1 Bøb", "finished") in by  # no formula
    ann = next(r for r in rows if r["trainee"] == "Ann" and r["status"] == "finished")
    assert float(ann["score"]) == pytest.approx(
        __import__("sim.engine.scoring", fromlist=["x"]).score_game(games["expert"]).total, abs=0.05
    )
    assert ann["dim:results"] and ann["scenario_sha256"] and ann["seed"] == "1"
    left = next(r for r in rows if r["status"].startswith("unfinished"))
    assert left["score"] == "" and left["grade"] == ""
    greedy = next(r for r in rows if r["trainee"].startswith("'="))
    assert "×" in greedy["rules_broken_most"]
    code, out, _ = run_cli(capsys, "export", "--bom", "--trainee", "Ann")
    assert out.startswith("\ufeff") and out.count("\r\n") == 3


def test_json_round_trip_on_a_second_store_is_idempotent_and_rescored(
    cohort, tmp_path, monkeypatch, capsys
):
    exported = tmp_path / "cohort.json"
    assert run_cli(capsys, "export", "--format", "json", "--practice", "-o", str(exported))[0] == 0
    with RunStore() as s:
        here = {(r.player, r.seed, r.kind, r.total, r.finished) for r in s.list_runs()}
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path / "other"))
    code, out, _ = run_cli(capsys, "import", str(exported))
    assert code == 0 and "4 stored, 0 already here" in out
    with RunStore() as s:
        rows = s.list_runs()
        there = {(r.player, r.seed, r.kind, r.total, r.finished) for r in rows}
        practice = next(r for r in rows if r.practice)
        assert s.get(practice.parent).player == "=1+1 Bøb"
    assert there == here
    code, out, _ = run_cli(capsys, "import", str(exported))  # again: nothing added
    assert code == 0 and "0 stored, 4 already here" in out
    with RunStore() as s:
        assert len(s.list_runs()) == 4


def test_a_tampered_run_is_refused(cohort, tmp_path, monkeypatch, capsys):
    exported = tmp_path / "cohort.json"
    run_cli(capsys, "export", "--format", "json", "-o", str(exported))
    data = json.loads(exported.read_text())
    data["runs"][1]["score"] = 99.0  # a better score than the commands earn
    doc = data["runs"][0]["document"]
    acts = [c for c in doc["commands"] if c["cmd"] == "act"]
    acts[0]["action"] = "close" if acts[0]["action"] != "close" else "call"  # edited command
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path / "other"))
    code, out, err = run_cli(capsys, "import", str(bad))
    assert code == 1 and "2 refused" in out
    assert "states score 99.0 but its commands replay to" in err
    assert "do not replay to its log" in err


def test_a_conflicting_duplicate_is_reported_never_overwritten(cohort, tmp_path, capsys):
    exported = tmp_path / "cohort.json"
    run_cli(capsys, "export", "--format", "json", "--trainee", "Ann", "-o", str(exported))
    data = json.loads(exported.read_text())
    rec = data["runs"][0]
    rec["document"]["player"] = "Mallory"  # same identity, different run
    rec["trainee"] = "Mallory"
    exported.write_text(json.dumps(data))
    code, out, err = run_cli(capsys, "import", str(exported))
    assert code == 1 and "conflict" in err and "1 conflicting" in out
    with RunStore() as s:
        assert "Mallory" not in {r.player for r in s.list_runs()}


def test_plain_run_files_import_once(home, tmp_path, capsys):
    path = tmp_path / "ann.run.json"
    assert (
        main(
            [
                "run",
                "tutorial",
                "--seed",
                "3",
                "--policy",
                "expert",
                "--quiet",
                "--player",
                "Ann",
                "--save",
                str(path),
            ]
        )
        == 0
    )
    capsys.readouterr()
    code, out, _ = run_cli(capsys, "import", str(path), str(path))
    assert code == 0 and "1 stored, 1 already here" in out
    with RunStore() as s:
        (row,) = s.list_runs()
        assert row.player == "Ann" and row.finished and row.grade


def test_export_filters(cohort, capsys):
    def rows(*argv):
        code, out, _ = run_cli(capsys, "export", *argv)
        assert code == 0
        return list(csv.DictReader(io.StringIO(out)))

    assert len(rows("--practice")) == 4
    assert {r["trainee"] for r in rows("--trainee", "Ann")} == {"Ann"}
    assert rows("--scenario", "nope") == []
    assert rows("--until", "2000-01-01") == [] and len(rows("--since", "2000-01-01")) == 3
    with pytest.raises(SystemExit):  # argparse refuses a date that is not YYYY-MM-DD
        main(["export", "--since", "yesterday"])
    assert "not a date" in capsys.readouterr().err
