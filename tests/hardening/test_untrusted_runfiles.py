"""Issue 17, run-file side: untrusted run files get clear answers, never a hang, a huge read,
a crash on output or a silently different report. Each reproducer is written here, small."""

from __future__ import annotations

import json
import os
import sys

import pytest

from sim.cli import main
from sim.store.runfile import MAX_BYTES, RunFileError, read_run

from .conftest import sim

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def edit(runfile, change):
    doc = json.loads(runfile.read_text(encoding="utf-8"))
    change(doc)
    runfile.write_text(json.dumps(doc), encoding="utf-8")
    return runfile


@posix_only
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "run.json"
    os.mkfifo(fifo)
    with pytest.raises(RunFileError, match="named pipe"):
        read_run(fifo)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_and_a_symlink_to_it_are_refused_before_reading(tmp_path):
    link = tmp_path / "run.json"
    link.symlink_to("/dev/zero")
    for path in ("/dev/zero", link):
        with pytest.raises(RunFileError, match="device"):
            read_run(path)


def test_a_file_over_the_limit_is_refused_without_being_read_whole(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.write(b"{")
        f.truncate(MAX_BYTES * 4)  # sparse: claims 128 MiB
    with pytest.raises(RunFileError, match="too large"):
        read_run(big)


@posix_only
def test_report_does_not_follow_a_scenario_source_that_is_a_fifo(runfile, tmp_path, home):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    edit(runfile, lambda d: d["scenario"].update(source=str(fifo)))
    r = sim("report", runfile, "--no-ghost", timeout=60)
    assert r.returncode == 0, r.stderr
    assert "named pipe" in r.stderr and "bundled 'tutorial'" in r.stderr
    assert r.stdout.startswith("# Debrief")


def test_report_does_not_follow_a_source_that_is_not_a_scenario_file(runfile, home, capsys):
    edit(runfile, lambda d: d["scenario"].update(source="/dev/zero"))
    assert main(["report", str(runfile), "--no-ghost"]) == 0
    assert "not a scenario file" in capsys.readouterr().err


@pytest.mark.parametrize("number", ["Infinity", "NaN", "-Infinity", "1e400"])
def test_non_finite_numbers_are_refused(runfile, number):
    text = runfile.read_text(encoding="utf-8").replace('"seed": 2', '"seed": 2, "x": ' + number, 1)
    runfile.write_text(text, encoding="utf-8")
    with pytest.raises(RunFileError, match="not valid here|not a number"):
        read_run(runfile)


@pytest.mark.parametrize(
    ("where", "value", "expect"),
    [
        ("customer", -5, "log[1].customer"),
        ("value", -100.0, "log[1].value"),
        ("value", 1e308, "log[1].value"),
    ],
)
def test_the_schema_refuses_edited_log_fields(runfile, where, value, expect, capsys):
    def change(doc):
        ev = next(e for e in doc["log"] if e["type"] == "lead_arrived")
        assert ev["seq"] == 1
        ev[where] = value

    edit(runfile, change)
    with pytest.raises(RunFileError, match="not a valid run file") as info:
        read_run(runfile)
    assert expect in str(info.value)
    assert main(["report", str(runfile), "--no-ghost", "--trust-log"]) == 2


def test_the_schema_refuses_malformed_commands(runfile):
    edit(runfile, lambda d: d["commands"].append({"cmd": "forecast", "probabilities": [1, 2]}))
    with pytest.raises(RunFileError, match=r"commands\[\d+\]\.probabilities"):
        read_run(runfile)


def test_an_edited_log_does_not_change_the_report(runfile, tmp_path, capsys):
    assert main(["report", str(runfile), "-f", "json", "--no-ghost"]) == 0
    honest = capsys.readouterr().out

    def inflate(doc):
        for ev in doc["log"]:
            if ev["type"] == "deal_closed":
                ev["value"] = ev.get("value", 0) * 10 + 99_999

    edit(runfile, inflate)
    assert main(["report", str(runfile), "-f", "json", "--no-ghost"]) == 0
    out = capsys.readouterr()
    assert out.out == honest, "the report follows the commands, not the edited log"
    assert "differs on replay" in out.err
    assert main(["report", str(runfile), "-f", "json", "--no-ghost", "--verify"]) == 2


def test_a_lone_surrogate_in_the_player_name_cannot_break_output(runfile, tmp_path, home):
    text = runfile.read_text(encoding="utf-8").replace('"player": "Ada"', '"player": "\\ud800Ada"')
    runfile.write_text(text, encoding="utf-8")
    for fmt in ("md", "html", "json"):
        r = sim("report", runfile, "-f", fmt, "--no-ghost", env={"PYTHONIOENCODING": "ascii"})
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr and "Ada" in r.stdout
    dest = tmp_path / "out.md"
    assert main(["report", str(runfile), "-o", str(dest), "--no-ghost"]) == 0
    assert "\ufffdAda" in dest.read_text(encoding="utf-8")


@posix_only
def test_validate_a_fifo_answers_at_once(tmp_path):
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    r = sim("validate", fifo, timeout=60)
    assert r.returncode == 2
    assert "F001" in r.stdout and "named pipe" in r.stdout


def test_play_exits_non_zero_when_the_app_crashes(monkeypatch):
    from textual.app import App

    class Crashing(App[None]):
        def on_mount(self) -> None:
            raise RuntimeError("boom")

    import sim.ui.app

    app = Crashing()
    monkeypatch.setattr(sim.ui.app, "make_app", lambda **kw: app)
    monkeypatch.setattr(app, "run", lambda: App.run(app, headless=True))
    assert main(["play", "tutorial", "--seed", "1"]) == 1


def test_an_unexpected_error_exits_70_with_one_line(monkeypatch, capsys):
    import sim.commands.schema as schema_cmd

    def broken(args):
        raise AssertionError("a bug")

    monkeypatch.setattr(schema_cmd, "run", broken)
    monkeypatch.delenv("SALESIM_DEBUG", raising=False)
    assert main(["schema"]) == 70
    err = capsys.readouterr().err
    assert "internal error" in err and "a bug" in err and "Traceback" not in err
    assert sys.stdout is not None
