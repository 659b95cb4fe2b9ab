"""Run files: save, load, verify by replay; clear errors; atomic writes; plain JSONL logs."""

import json
import os

import pytest

from sim.engine.events import to_dict
from sim.store.runfile import (
    FORMAT,
    RunFileError,
    dumps_run,
    parse_run,
    read_run,
    run_document,
    save_runfile,
    verify_run,
    write_atomic,
)


def test_save_load_verify_round_trip(tutorial, games, tmp_path):
    g = games["greedy"]
    path = tmp_path / "run.json"
    doc = save_runfile(
        path,
        scenario=tutorial,
        seed=g.seed,
        commands=g.commands,
        log=g.log,
        player="Ada",
        saved="2025-01-31",
    )
    assert doc["format"] == FORMAT
    assert doc["scenario"]["id"] == "tutorial" and doc["scenario"]["source"] == "tutorial"
    assert len(doc["scenario"]["sha256"]) == 64
    run = read_run(path)
    assert (
        run.kind == "run"
        and run.seed == g.seed
        and run.player == "Ada"
        and run.saved == "2025-01-31"
    )
    assert run.command_list() == g.commands
    assert list(run.log) == [to_dict(e) for e in g.log]
    assert run.events() == g.log
    assert run.finished
    assert json.loads(json.dumps(run.document())) == json.loads(path.read_text())
    v = verify_run(run, tutorial)
    assert v.ok and v.first_difference is None, v.message
    assert os.listdir(tmp_path) == ["run.json"]  # no temp files left behind


def test_the_file_is_stable_and_diffable(tutorial, games):
    g = games["expert"]
    a = dumps_run(run_document(tutorial, g.seed, g.commands, g.log))
    b = dumps_run(run_document(tutorial, g.seed, g.commands, g.log))
    assert a == b
    assert len(a.splitlines()) > len(g.log)  # one event per line
    assert parse_run(a).log[-1]["type"] == "game_over"


def test_verify_finds_the_first_event_that_differs(tutorial, games, tmp_path):
    g = games["greedy"]
    doc = run_document(tutorial, g.seed, g.commands, g.log)
    n = next(i for i, e in enumerate(doc["log"]) if e["type"] == "action")
    doc["log"][n] = {**doc["log"][n], "success": not doc["log"][n]["success"]}
    v = verify_run(parse_run(json.dumps(doc), "edited.json"), tutorial)
    assert not v.ok and v.first_difference == n and "edited.json" in v.message

    doc = run_document(tutorial, g.seed, g.commands[:-1], g.log)
    v = verify_run(parse_run(json.dumps(doc), "short.json"), tutorial)
    assert not v.ok


def test_a_plain_jsonl_log_reads_as_a_run_without_commands(tutorial, games, tmp_path):
    g = games["unfinished"]
    path = tmp_path / "game.jsonl"
    path.write_text(g.log_jsonl(), encoding="utf-8")
    run = read_run(path)
    assert run.kind == "log" and run.commands is None
    assert run.scenario_id == "tutorial" and run.seed == g.seed and not run.finished
    assert not verify_run(run, tutorial).ok


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("{", "not valid JSON"),
        ('{"format": "salesim-run/1", "seed": 1', "truncated"),
        ("[]", "neither a run file nor"),
        ('{"seed": 1}', 'no "format" field'),
        ('{"format": "salesim-run/2"}', "unsupported format 'salesim-run/2'"),
        ('{"format": "salesim-run/1", "seed": 1}', "missing fields: scenario, commands, log"),
        (
            '{"format": "salesim-run/1", "scenario": {"id": "tutorial"}, "seed": true, "commands": [], "log": []}',
            "'seed' must be an integer",
        ),
        (
            '{"format": "salesim-run/1", "scenario": {"id": "tutorial"}, "seed": 1, "commands": [1], "log": []}',
            "'commands' must be a list",
        ),
        (
            '{"format": "salesim-run/1", "scenario": {"id": "tutorial"}, "seed": 1, "commands": [], "log": []}',
            "the event log is empty",
        ),
        (
            '{"format": "salesim-run/1", "scenario": {"id": "tutorial"}, "seed": 1, "commands": [], '
            '"log": [{"seq": 0, "day": 1, "type": "day_ended"}]}',
            "does not start with a game_started",
        ),
        (
            '{"format": "salesim-run/1", "scenario": {"id": "tutorial"}, "seed": 1, "commands": [], '
            '"log": [{"seq": 0, "day": 1, "type": "game_started", "scenario": "tutorial", "seed": 2}]}',
            "seed 2, but the file says 'tutorial' seed 1",
        ),
        (
            '{"seq": 0, "day": 1, "type": "game_started", "scenario": "x", "seed": 1}\n{"seq": 5, "day": 1, "type": "x"}',
            "event[1] has seq 5",
        ),
    ],
)
def test_invalid_files_get_a_clear_error_naming_the_file(text, message, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RunFileError) as info:
        read_run(path)
    assert str(info.value).startswith(str(path)), info.value
    assert message in str(info.value)


def test_unreadable_inputs(tmp_path):
    with pytest.raises(RunFileError, match="no such file"):
        read_run(tmp_path / "missing.json")
    with pytest.raises(RunFileError, match="is a directory"):
        read_run(tmp_path)
    (tmp_path / "bin.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(RunFileError, match="not UTF-8"):
        read_run(tmp_path / "bin.json")


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "run.json"
    write_atomic(path, "old")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["run.json"]
