"""The trainer's cohort page, built from a store of bot-played runs by named trainees."""

from __future__ import annotations

import subprocess
import sys

import html5lib
import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.report.debrief import ghost_scorecard
from sim.scenario import load_scenario
from sim.store import RunStore, save_game

TRAINEES = [
    ("Ada Lovelace", "expert", 11),
    ("<b>Bob</b> & co", "greedy", 12),
    ("Chen Wei", "random", 13),
    ("Ada Lovelace", "random", 14),
]


@pytest.fixture
def cohort_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SALESIM_HOME", str(home))
    monkeypatch.delenv("SALESIM_DB", raising=False)
    sc = load_scenario("tutorial")
    with RunStore() as store:
        for name, policy, seed in TRAINEES:
            save_game(play(Game(sc, seed), make_bot(policy, seed)), player=name, store=store)
        save_game(
            play(Game(sc, 15), make_bot("expert", 15), max_days=1), player="Dora", store=store
        )  # unfinished: listed, never ranked
        practice = play(Game(sc, 16), make_bot("expert", 16))
        save_game(practice, player="Chen Wei", store=store, kind="practice")  # never counted
    return home


def cohort(tmp_path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sim", "cohort", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )


def cells(tree, table_caption: str) -> list[list[str]]:
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    for table in tree.iterfind(".//h:table", ns):
        cap = table.find("h:caption", ns)
        if cap is not None and table_caption in "".join(cap.itertext()):
            return [
                ["".join(td.itertext()).strip() for td in tr.iterfind("h:td", ns)]
                for tr in table.iterfind("h:tbody/h:tr", ns)
            ]
    raise AssertionError(f"no table captioned {table_caption!r}")


def test_cohort_page_ranks_trainees_against_the_expert(cohort_home, tmp_path):
    done = cohort(tmp_path, "-o", "cohort.html")
    assert done.returncode == 0, done.stderr
    assert "wrote cohort.html (5 runs)" in done.stderr
    page = (tmp_path / "cohort.html").read_text(encoding="utf-8")
    tree = html5lib.parse(page)  # well-formed enough for a browser, and parsed as one

    board = cells(tree, "best finished run")
    names = [row[1] for row in board]
    assert sorted(names) == sorted(["Ada Lovelace", "<b>Bob</b> & co", "Chen Wei"])
    scores = [float(row[2]) for row in board]
    assert scores == sorted(scores, reverse=True)
    sc = load_scenario("tutorial")
    for row in board:  # the expert column is the expert bot on that row's seed
        assert float(row[4]) == pytest.approx(ghost_scorecard(sc, int(row[6])).total, abs=0.05)
    ada = next(row for row in board if row[1] == "Ada Lovelace")
    assert ada[6] == "11"  # her better run (expert play) is the one ranked
    chen = next(row for row in board if row[1] == "Chen Wei")
    assert chen[6] == "13"  # his expert-played practice branch (seed 16) is not a result

    assert "<b>Bob</b>" not in page and "&lt;b&gt;Bob&lt;/b&gt; &amp; co" in page
    assert "Dora" in page and "unfinished" in page
    assert "Dora" not in names
    assert "Lesson to repeat" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert page.count("<svg") == 1

    for row in board:  # every link opens that run's debrief, written beside the page
        run_id = row[7].split("#")[1]
        debrief = tmp_path / "cohort_runs" / f"run-{run_id}.html"
        assert debrief.is_file()
        assert "ghost" in debrief.read_text(encoding="utf-8").lower()


def test_cohort_filters_and_errors(cohort_home, tmp_path):
    done = cohort(tmp_path, "-o", "c.html", "--scenario", "busy_desk", "--no-debriefs")
    assert done.returncode == 0, done.stderr
    assert "No runs in the store yet" in (tmp_path / "c.html").read_text(encoding="utf-8")
    bad = cohort(tmp_path, "--since", "yesterday")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    nowhere = cohort(tmp_path, "-o", str(tmp_path / "missing" / "c.html"))
    assert nowhere.returncode == 2 and "cannot write" in nowhere.stderr
    assert "Traceback" not in bad.stderr + nowhere.stderr
