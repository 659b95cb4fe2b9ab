"""The trainee's notebook travels: notes and next steps appear in every report format.
An unfinished run is not graded, says where it stopped, and is set against the ghost after
the same days."""

from __future__ import annotations

import json

import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.engine.scoring import score_game
from sim.report import build_debrief, render

NOTE = "Budget <b>confirmed</b> & champion = CFO"
STEP = "Send the *revised* quote"


@pytest.fixture(scope="module")
def noted(tutorial):
    g = Game(tutorial, 4)
    assert g.add_note(0, NOTE).ok
    assert g.schedule(1, 3, STEP).ok
    return play(g, make_bot("expert", 4))


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_notes_and_next_steps_are_in_every_format(tutorial, noted, fmt):
    d = build_debrief(tutorial, 4, noted.log, ghost=False)
    assert [(n.kind, n.customer, n.due) for n in d.notebook] == [
        ("note", 0, None),
        ("next step", 1, 3),
    ]
    text = render(d, fmt)
    if fmt == "json":
        book = json.loads(text)["notebook"]
        assert [n["text"] for n in book] == [NOTE, STEP]
    elif fmt == "html":
        assert "Budget &lt;b&gt;confirmed&lt;/b&gt; &amp; champion = CFO" in text
        assert "<b>confirmed</b>" not in text and "revised" in text
        assert "due day 3" in text
    else:
        assert "## Your notebook" in text and "confirmed" in text and "due day 3" in text
        assert d.notebook[0].company in text


def test_a_run_without_notes_says_so(tutorial, expert_game):
    text = render(build_debrief(tutorial, 1, expert_game.log, ghost=False), "md")
    assert "You wrote no notes and set no next steps in this run." in text


def test_an_unfinished_run_is_ungraded_and_meets_the_ghost_at_the_same_day(tutorial, play_bot):
    g = play_bot(tutorial, "greedy", 5, max_days=2)  # in day 3, not over
    assert not g.over and g.day == 3
    d = build_debrief(tutorial, 5, g.log)
    assert d.status == "unfinished at day 3" and d.grade == ""
    ghost_then = score_game(play(Game(tutorial, 5), make_bot("expert", 5), max_days=2))
    ghost_full = score_game(play(Game(tutorial, 5), make_bot("expert", 5)))
    assert d.ghost_total == ghost_then.total != ghost_full.total
    md = render(d, "md")
    assert "unfinished" in md.lower() and "not graded" in md
    assert "after the same 2 days as you" in md
    assert json.loads(render(d, "json"))["run"]["status"] == "unfinished at day 3"
    assert "after the same 2 days as you" in render(d, "html")
