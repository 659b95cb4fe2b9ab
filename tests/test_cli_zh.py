"""The command-line tables a trainer or trainee reads follow the language: `simulate` of the
Chinese scenario prints Chinese headings (its locale chooses, as for play/run/report), `list`,
`runs` and `history` take --lang; the English scenarios print what they always did."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def salesim(*args: str, home: str | None = None) -> str:
    env = {**os.environ, "SALESIM_LANG": "", "LANG": "C.UTF-8", "LC_ALL": ""}
    if home:
        env["SALESIM_HOME"] = home
    done = subprocess.run(
        [sys.executable, "-m", "sim", *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout + done.stderr


def test_simulate_the_chinese_scenario_prints_chinese_tables():
    out = salesim("simulate", "management_software_zh", "--runs", "2", "--policy", "expert,idle")
    assert "每个策略 2 局" in out and "中位数" in out and "赢单率" in out and "运气（种子）" in out
    words = set(re.findall(r"[A-Za-z]{2,}", out)) - {
        "expert",
        "idle",
        "management",
        "software",
        "zh",
    }
    assert not words, words


def test_simulate_in_english_keeps_its_table():
    out = salesim("simulate", "tutorial", "--runs", "2", "--policy", "expert")
    assert "runs per policy" in out and "median" in out and "labelled" in out


def test_list_and_history_take_lang(tmp_path):
    out = salesim("list", "--lang", "zh_CN")
    assert "入门" in out and "分钟" in out and "beginner" not in out
    assert "还没有运行记录" in salesim("history", "--lang", "zh_CN", home=str(tmp_path))
    assert "没有保存的运行" in salesim("runs", "--lang", "zh_CN", home=str(tmp_path))
