"""`salesim history`: past runs by scenario with each dimension and the trend; practice
runs stay out of it, unfinished runs say how to continue."""

from __future__ import annotations

from sim.cli import main
from sim.store import RunStore, save_game
from sim.store.history import sparkline


def test_history_by_trainee_with_trend_and_no_practice(home, games, capsys):
    with RunStore() as s:
        g1 = save_game(games["greedy"], store=s, player="Ann")
        e1 = save_game(games["expert"], store=s, player="Ann")
        save_game(games["expert"], store=s, player="Ann", kind="practice", parent=g1)
        u = save_game(games["unfinished"], store=s, player="Ann")
        save_game(games["expert"], store=s, player="Bob")
        greedy, expert = s.get(g1).total, s.get(e1).total
    assert main(["history", "--trainee", "Ann"]) == 0
    out = capsys.readouterr().out
    assert "tutorial: 2 finished runs" in out  # the practice run is not history
    assert f"trend {sparkline([greedy, expert])} {greedy:.0f} → {expert:.0f}" in out
    assert "results" in out and "process" in out  # a column per dimension
    assert f"salesim play --resume {u}" in out and "Bob" not in out
    assert sparkline([0, 50, 100]) == "▁▅█"


def test_empty_history_says_so(home, capsys):
    assert main(["history"]) == 0
    assert "No runs yet" in capsys.readouterr().err
