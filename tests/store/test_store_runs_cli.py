"""`salesim runs`: list stored runs, add run files (checked by replay first)."""

import argparse
import json

from sim.commands import runs
from sim.store import save_game
from sim.store.runfile import save_runfile


def call(*argv):
    p = argparse.ArgumentParser()
    runs.add_arguments(p)
    return runs.run(p.parse_args(list(argv)))


def test_empty_store_says_so(home, capsys):
    assert call() == 0
    assert "No saved runs" in capsys.readouterr().err


def test_lists_runs_with_id_date_scenario_player_score_grade(home, games, capsys):
    run_id = save_game(games["greedy"], player="Ada", saved="2025-03-04")
    save_game(games["unfinished"], player="Bo\x1b[31m")
    assert call() == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "ID",
        "DATE",
        "SCENARIO",
        "SEED",
        "PLAYER",
        "SCORE",
        "GRADE",
        "REVENUE",
    ]
    row = next(ln for ln in lines if ln.split()[0] == str(run_id))
    assert "2025-03-04" in row and "tutorial" in row and "Ada" in row
    assert "\x1b" not in "".join(lines) and "unfinished" in lines[1]
    assert call("--scenario", "other") == 0
    assert capsys.readouterr().out == ""
    assert call("--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["player"] for r in data] == ["Bo\x1b[31m", "Ada"]


def test_add_checks_scores_and_stores_a_run_file(home, tutorial, games, tmp_path, capsys):
    g = games["expert"]
    path = tmp_path / "run.json"
    doc = save_runfile(path, scenario=tutorial, seed=g.seed, commands=g.commands, log=g.log)
    assert call("--add", str(path), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 1 and data[0]["finished"] and data[0]["score"] is not None

    doc["commands"] = doc["commands"][:5]
    path.write_text(json.dumps(doc))
    assert call("--add", str(path)) == 2
    assert "not stored" in capsys.readouterr().err


def test_adding_the_same_run_twice_stores_it_once(home, tutorial, games, tmp_path, capsys):
    g = games["expert"]
    path = tmp_path / "run.json"
    save_runfile(path, scenario=tutorial, seed=g.seed, commands=g.commands, log=g.log)
    assert call("--add", str(path)) == 0
    first = capsys.readouterr().err
    assert "stored" in first and "already here" not in first
    assert call("--add", str(path), str(path), "--json") == 0
    out = capsys.readouterr()
    assert len(json.loads(out.out)) == 1
    assert out.err.count("already here as run 1; not stored again") == 2

    other = games["greedy"]  # a different run is still added
    path2 = tmp_path / "run2.json"
    save_runfile(path2, scenario=tutorial, seed=other.seed, commands=other.commands, log=other.log)
    assert call("--add", str(path2), "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_a_run_imported_before_is_not_added_again(home, tutorial, games, tmp_path, capsys):
    from sim.commands import import_

    g = games["greedy"]
    path = tmp_path / "run.json"
    save_runfile(path, scenario=tutorial, seed=g.seed, commands=g.commands, log=g.log)
    p = argparse.ArgumentParser()
    import_.add_arguments(p)
    assert import_.run(p.parse_args([str(path)])) == 0
    capsys.readouterr()
    assert call("--add", str(path), "--json") == 0
    out = capsys.readouterr()
    assert len(json.loads(out.out)) == 1 and "not stored again" in out.err
