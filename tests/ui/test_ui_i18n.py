"""The screens in Chinese: a scenario's locale (or --lang) changes what the trainee reads,
never what happens (the event log is the same in every language)."""

from __future__ import annotations

from pathlib import Path

from sim.engine.bots import make_bot, play
from sim.ui.app import make_app

from .helpers import FIXTURE_SCENARIO, screen_text, wait_for_text


def chinese_copy(tmp_path: Path) -> Path:
    """The UI fixture with `locale: zh_CN` (names and words from the Chinese locale)."""
    path = tmp_path / "ui_fixture_zh.yaml"
    text = FIXTURE_SCENARIO.read_text(encoding="utf-8")
    assert "locale: en_US" in text
    path.write_text(text.replace("locale: en_US", "locale: zh_CN"), encoding="utf-8")
    return path


async def test_the_scenario_locale_shows_the_desk_in_chinese(tmp_path):
    app = make_app(
        scenario=chinese_copy(tmp_path), seed=1, screen="desk", user_dir=None, ghost=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        text = await wait_for_text(pilot, app, "收工")
        assert "第 1/5 天" in text and "^d 收工" in text and "^f 预测" in text
        assert "End day" not in text and "Day 1 of 5" not in text


async def test_lang_overrides_the_scenario_locale(tmp_path):
    app = make_app(
        scenario=chinese_copy(tmp_path),
        seed=1,
        screen="desk",
        user_dir=None,
        ghost=False,
        lang="en",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        text = await wait_for_text(pilot, app, "End day")
        assert "Day 1 of 5" in text and "收工" not in text


async def _play(lang: str | None) -> tuple[str, str]:
    app = make_app(
        scenario=FIXTURE_SCENARIO, seed=3, screen="desk", user_dir=None, ghost=False, lang=lang
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c", "down", "e", "ctrl+n", *"call back", "enter")
        await pilot.press("ctrl+d")
        await pilot.pause()
        text = screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        return app.game.log_jsonl(), text


async def test_switching_language_changes_the_words_not_the_log():
    log_en, text_en = await _play(None)
    log_zh, text_zh = await _play("zh_CN")
    assert log_en == log_zh
    assert "Day 1 of 5 is over" in text_en and "Start day 2" in text_en
    assert "第 1/5 天结束" in text_zh and "开始第 2 天" in text_zh


async def test_debrief_headings_in_chinese(tmp_path):
    app = make_app(scenario=chinese_copy(tmp_path), seed=2, screen="desk", user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        play(app.game, make_bot("greedy", 2))
        app.show_debrief()
        text = await wait_for_text(pilot, app, "记分卡")
        for heading in ("记分卡", "关键时刻", "图表", "逐项得分", "笔记本", "维度", "权重"):
            assert heading in text, heading
        assert "Scorecard" not in text and "Dimension" not in text
        await pilot.press("h")  # home again: the home screen's own language (English here)
        text = await wait_for_text(pilot, app, "Scenarios")
        assert "^q Quit" in text


async def test_home_screen_uses_lang():
    app = make_app(seed=1, user_dir=None, ghost=False, lang="zh_CN")
    async with app.run_test(size=(120, 40)) as pilot:
        text = await wait_for_text(pilot, app, "场景")
        assert "销售训练模拟" in text and "Scenarios" not in text
