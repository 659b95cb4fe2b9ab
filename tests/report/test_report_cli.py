"""`salesim report`: from a run file, a JSON-lines log or a stored run id; clear errors, exit 2."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from sim.store import RunStore, save_game
from sim.store.runfile import save_runfile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SALESIM_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def runfile(tmp_path, tutorial, greedy_game):
    path = tmp_path / "run.json"
    save_runfile(
        path,
        scenario=tutorial,
        seed=greedy_game.seed,
        commands=greedy_game.commands,
        log=greedy_game.log,
        player="Ada",
    )
    return path


def sim(*args, env=None):
    """Run `python -m sim ...` in a fresh interpreter."""
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sim", *map(str, args)],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_from_a_run_file_in_every_format(runfile, tmp_path, capsys):
    assert main(["report", str(runfile), "--format", "md", "--no-ghost"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Debrief: First week on the desk") and "player Ada" in out
    for fmt in ("html", "json"):
        dest = tmp_path / f"out.{fmt}"
        assert main(["report", str(runfile), "-f", fmt, "-o", str(dest), "--verify"]) == 0
        assert dest.stat().st_size > 1000
    assert json.loads((tmp_path / "out.json").read_text())["run"]["player"] == "Ada"


def test_html_goes_to_stdout_without_o(runfile, capsys):
    assert main(["report", str(runfile), "-f", "html", "--no-ghost"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


def test_report_from_a_plain_event_log(tmp_path, greedy_game, capsys):
    log = tmp_path / "game.jsonl"
    log.write_text(greedy_game.log_jsonl(), encoding="utf-8")
    # A plain log has no commands to re-derive it from: it is reported only when trusted.
    assert main(["report", str(log), "-f", "json", "--no-ghost"]) == 2
    assert "--trust-log" in capsys.readouterr().err
    assert main(["report", str(log), "-f", "json", "--no-ghost", "--trust-log"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["run"]["seed"] == greedy_game.seed
    assert data["outcome"]["revenue"] == greedy_game.outcome()["revenue"]
    assert main(["report", str(log), "--scenario", "tutorial", "--no-ghost", "--trust-log"]) == 0


def test_report_of_a_stored_run_by_id(home, greedy_game, capsys):
    with RunStore() as store:
        run_id = save_game(greedy_game, player="Bo", store=store)
    assert main(["report", str(run_id), "-f", "md", "--no-ghost", "--verify"]) == 0
    assert "player Bo" in capsys.readouterr().out
    assert main(["report", "999", "--no-ghost"]) == 2
    assert "no such run" in capsys.readouterr().err


CORRUPT = {
    "truncated.json": lambda doc: doc[: len(doc) // 2],
    "wrong-format.json": lambda doc: doc.replace('"salesim-run/1"', '"salesim-run/9"'),
    "no-log.json": lambda doc: json.dumps({k: v for k, v in json.loads(doc).items() if k != "log"}),
    "not-an-object.json": lambda doc: "[1, 2, 3]",
    "reordered.json": lambda doc: json.dumps(
        {**json.loads(doc), "log": json.loads(doc)["log"][::-1]}
    ),
    "empty.json": lambda doc: "",
    "binary.json": lambda doc: "\udcff",
    "bad-seed.json": lambda doc: json.dumps({**json.loads(doc), "seed": "one"}),
    "garbage.jsonl": lambda doc: '{"seq": 0, "day": 1, "type": "game_started"}\n{oops\n',
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_corrupt_input_exits_2_with_a_message_naming_the_file(name, runfile, tmp_path, capsys):
    bad = tmp_path / name
    text = CORRUPT[name](runfile.read_text(encoding="utf-8"))
    bad.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert main(["report", str(bad), "--no-ghost"]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err


def test_corrupt_run_file_in_a_subprocess_has_no_traceback(runfile, tmp_path, home):
    bad = tmp_path / "broken.json"
    bad.write_text(runfile.read_text()[:500], encoding="utf-8")
    r = sim("report", bad, "--format", "html", env={"SALESIM_HOME": str(home)})
    assert r.returncode == 2
    assert str(bad) in r.stderr and "not valid JSON" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
    r = sim("report", tmp_path / "missing.json", env={"SALESIM_HOME": str(home)})
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_json_report_is_identical_across_processes(runfile, home):
    outs = [
        sim("report", runfile, "-f", "json", env={"PYTHONHASHSEED": h, "SALESIM_HOME": str(home)})
        for h in ("0", "123")
    ]
    assert all(r.returncode == 0 for r in outs), outs[0].stderr
    assert outs[0].stdout == outs[1].stdout


def test_a_log_that_does_not_replay_fails_verify(runfile, tmp_path, capsys):
    doc = json.loads(runfile.read_text())
    doc["commands"] = doc["commands"][:-3]
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(doc))
    assert (
        main(["report", str(bad), "--no-ghost"]) == 0
    )  # the commands are reported, with a warning
    assert "the report follows the commands" in capsys.readouterr().err
    assert main(["report", str(bad), "--no-ghost", "--verify"]) == 2
    assert "tampered.json" in capsys.readouterr().err


def test_a_scenario_that_is_not_the_runs_is_refused(runfile, tmp_path, capsys):
    other = tmp_path / "other.yaml"
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text()
    other.write_text(text.replace("id: tutorial", "id: other", 1))
    assert main(["report", str(runfile), "--scenario", str(other), "--no-ghost"]) == 2
    assert "played on scenario 'tutorial'" in capsys.readouterr().err


def test_unwritable_output_exits_2(runfile, tmp_path, capsys):
    assert (
        main(["report", str(runfile), "--no-ghost", "-o", str(tmp_path / "no" / "such" / "dir.md")])
        == 2
    )
    assert "cannot write" in capsys.readouterr().err


def test_a_log_from_another_scenario_version_exits_2(greedy_game, tmp_path, capsys):
    lines = greedy_game.log_jsonl().replace('"stage":"lead"', '"stage":"prospect"')
    bad = tmp_path / "renamed.jsonl"
    bad.write_text(lines, encoding="utf-8")
    assert main(["report", str(bad), "--no-ghost", "--trust-log"]) == 2
    err = capsys.readouterr().err
    assert "renamed.jsonl" in err and "does not fit scenario 'tutorial'" in err
