"""Unfinished runs are not graded, and practice (what-if) branches are stored as practice,
linked to the run they came from, and never count as a best score."""

from __future__ import annotations

from sim.cli import main
from sim.engine.bots import make_bot, play
from sim.store import RunStore, save_game


def test_unfinished_runs_have_no_grade_and_say_where_they_stopped(home, games, capsys):
    g = games["unfinished"]
    with RunStore() as s:
        run_id = save_game(g, store=s)
        row = s.get(run_id)
    assert (row.total, row.grade, row.finished) == (None, None, False)
    assert row.status == f"unfinished at day {g.day}"
    assert main(["runs"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert f"unfinished at day {g.day}" in line and " D " not in line and "45" not in line


def test_practice_never_counts_as_best(home, games, capsys):
    expert = games["expert"]
    with RunStore() as s:
        parent = save_game(games["greedy"], store=s)
        # a what-if branch of the greedy run, played out by the expert: a better score
        branch = play(games["greedy"].fork(0), make_bot("expert", expert.seed))
        practice = save_game(branch, store=s, kind="practice", parent=parent)
        row = s.get(practice)
        assert row.practice and row.parent == parent and row.finished
        assert row.total > s.get(parent).total  # the practice run scored higher ...
        best = s.best_score("tutorial")
        assert best is not None and best.id == parent  # ... yet the best is the real run
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    assert f"practice of run {parent}" in out


def test_play_resume_explains_when_there_is_nothing_to_continue(home, games, capsys):
    assert main(["play", "--resume"]) == 2
    assert "no unfinished run to continue" in capsys.readouterr().err
    with RunStore() as s:
        done = save_game(games["expert"], store=s)
    assert main(["play", "--resume", str(done)]) == 2
    assert f"run {done} is finished; see its debrief with `salesim report {done}`" in (
        capsys.readouterr().err
    )
    assert main(["play", "--resume", "99"]) == 2
    assert "there is no run 99" in capsys.readouterr().err
    assert main(["play", "tutorial", "--resume"]) == 2
    assert "not both" in capsys.readouterr().err


def test_a_run_branched_before_its_end_counts_for_nothing_and_its_report_says_so(
    home, games, capsys
):
    from sim.store.practice import branched_from

    with RunStore() as s:
        done = save_game(games["expert"], store=s)
        assert not branched_from(s, done, over=True)  # after its end: still counted
        unfinished = games["unfinished"]
        peeked = save_game(unfinished, store=s)
        assert branched_from(s, peeked, over=False)
        branch = save_game(unfinished.fork(1), store=s, kind="practice", parent=peeked)
        # the trainee continues the original to its end, knowing the dice
        finished = play(unfinished.fork(len(unfinished.commands)), make_bot("expert", 3))
        save_game(finished, store=s, run_id=peeked)
        row = s.get(peeked)
        assert row.finished and row.practice and not s.get(done).practice
        assert s.best_score("tutorial").id == done
    assert main(["report", str(peeked), "--no-ghost"]) == 0
    out = capsys.readouterr().out
    assert f"practice: what-if run {branch} was branched from it before it ended" in out
    assert main(["report", str(done), "--no-ghost"]) == 0
    assert "practice" not in capsys.readouterr().out


def test_a_second_run_on_the_same_seed_is_a_replay_and_never_counts(home, games, tutorial, capsys):
    """Play seed 2, learn how its dice fall, start again on seed 2: the second run is
    practice. Another seed, or another trainee on the same seed (a workshop), counts."""
    from sim.classroom.cohort import gather
    from sim.engine.game import Game

    replayed = play(Game(tutorial, 2), make_bot("expert", 2))  # knowing how seed 2 falls
    with RunStore() as s:
        first = save_game(games["greedy"], store=s, player="ana")
        again = save_game(replayed, store=s, player="ana")
        assert s.get(again).total > s.get(first).total  # the replay scored higher ...
        assert s.get(again).practice and not s.get(first).practice
        assert s.best_score("tutorial").id == first  # ... yet the best is the first attempt
        other = save_game(games["expert"], store=s, player="ana")  # another seed
        bo = save_game(replayed, store=s, player="bo")  # another trainee, same seed
        assert not s.get(other).practice and not s.get(bo).practice
        assert s.best_score("tutorial", player="ana").id == other
        ranked = {r.id for sc in gather(s).scenarios for r in sc.runs}
        assert ranked == {first, other, bo}
    assert main(["runs"]) == 0
    lines = {x.split()[0]: x for x in capsys.readouterr().out.splitlines()[1:]}
    note = f"practice: a replay of seed 2, first played in run {first}"
    assert note in lines[str(again)]
    assert "practice" not in lines[str(first)] + lines[str(other)] + lines[str(bo)]
    assert main(["report", str(again), "--no-ghost"]) == 0
    assert note in capsys.readouterr().out
