"""`salesim run`: scripted and bot play headlessly; bad input gets a located message."""

import subprocess
import sys


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "sim", "run", *args], capture_output=True, text=True, input=stdin
    )


def test_policy_run_prints_log_and_outcome():
    p = run("tutorial", "--seed", "2", "--policy", "expert")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert '"type":"game_started"' in lines[0] and '"type":"game_over"' in lines[-1]
    assert "score" in p.stderr and "revenue" in p.stderr


def test_commands_from_stdin_and_refusals_are_reported():
    script = '{"cmd": "act", "customer": 0, "action": "call"}\n{"cmd": "act", "customer": 0, "action": "proposal"}\n'
    p = run("tutorial", "--commands", "-", "--quiet", stdin=script)
    assert p.returncode == 1
    assert "-:2: command refused" in p.stderr and "Prospecting" in p.stderr
    assert "refused 1 of 2 commands" in p.stderr
    assert "unfinished (day 1 of 5)" in p.stdout


def test_each_refusal_names_its_line_in_the_file_and_the_run_exits_1(tmp_path):
    f = tmp_path / "moves.jsonl"
    f.write_text(
        "# opening moves\n"
        '{"cmd": "act", "customer": 0, "action": "call"}\n'
        "\n"
        '{"cmd": "act", "customer": 999, "action": "call"}\n'
        '{"cmd": "act", "customer": 0, "action": "fly_to_the_moon"}\n'
    )
    p = run("tutorial", "--commands", str(f), "--quiet")
    assert p.returncode == 1, p.stderr
    refusals = [line for line in p.stderr.splitlines() if "command refused" in line]
    assert [line.split(": command refused")[0] for line in refusals] == [f"{f}:4", f"{f}:5"]
    assert "999" in refusals[0] and "fly_to_the_moon" in refusals[1]
    assert "refused 2 of 3 commands" in p.stderr and "Traceback" not in p.stderr
    assert "seed 1:" in p.stdout  # the outcome is still printed


def test_a_script_the_game_accepts_exits_0():
    p = run("tutorial", "--commands", "-", "--quiet", stdin='{"cmd": "end_day"}\n')
    assert p.returncode == 0, p.stderr
    assert "refused" not in p.stderr


def test_malformed_command_file_names_file_and_line(tmp_path):
    f = tmp_path / "moves.jsonl"
    f.write_text('{"cmd": "end_day"}\n{"cmd": oops}\n')
    p = run("tutorial", "--commands", str(f))
    assert p.returncode == 2
    assert f"{f}:2:" in p.stderr and "not valid JSON" in p.stderr and "Traceback" not in p.stderr


def test_missing_command_file_and_unknown_scenario():
    p = run("tutorial", "--commands", "/nonexistent/moves.jsonl")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    p = run("tutorail", "--policy", "expert")
    assert p.returncode in (1, 2) and "tutorial" in p.stderr and "Traceback" not in p.stderr
