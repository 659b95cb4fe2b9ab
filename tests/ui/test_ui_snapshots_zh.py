"""Snapshot tests of the screens in Chinese (`--lang zh_CN`) at the usual size and the
smallest one: CJK text takes two cells, so labels, the footer and tables must still fit.

Regenerate with `.venv/bin/python -m pytest tests/ui/test_ui_snapshots_zh.py --snapshot-update`
and look at the SVGs.
"""

from __future__ import annotations

from .test_ui_snapshots import _finish_with_bot, app_at


def test_desk_zh(snap_compare):
    assert snap_compare(app_at(ghost=False, lang="zh_CN"), terminal_size=(120, 40))


def test_desk_zh_80x24(snap_compare):
    assert snap_compare(
        app_at(ghost=False, lang="zh_CN"), terminal_size=(80, 24), press=["c", "down"]
    )


def test_debrief_zh(snap_compare):
    assert snap_compare(app_at(lang="zh_CN"), terminal_size=(120, 40), run_before=_finish_with_bot)


def test_debrief_zh_80x24(snap_compare):
    assert snap_compare(app_at(lang="zh_CN"), terminal_size=(80, 24), run_before=_finish_with_bot)


# ---------------------------------------------------------------- the Chinese scenario itself
def zh_app(**kw):
    """management_software_zh as `salesim play management_software_zh --seed 1` opens it."""
    from sim.ui.app import make_app

    return make_app(scenario="management_software_zh", seed=1, screen="desk", user_dir=None, **kw)


def test_zh_scenario_desk_with_card(snap_compare):
    """A consultative deal's card: stage, what moves it on, criteria with values and the
    action that builds each, meters, next step — all in Chinese, amounts in yuan."""
    assert snap_compare(zh_app(ghost=False), terminal_size=(120, 40), press=["down"])


def test_zh_scenario_desk_with_card_80x24(snap_compare):
    """The same at the smallest size: the card keeps its essentials, the footer every key."""
    assert snap_compare(zh_app(ghost=False), terminal_size=(80, 24), press=["down"])


def test_zh_scenario_debrief(snap_compare):
    assert snap_compare(zh_app(), terminal_size=(120, 40), run_before=_finish_with_bot)


def test_zh_scenario_debrief_80x24(snap_compare):
    assert snap_compare(zh_app(), terminal_size=(80, 24), run_before=_finish_with_bot)


def test_zh_scenario_day_summary(snap_compare):
    async def run_before(pilot) -> None:
        await pilot.press("down", "c", "v", "ctrl+d")
        await pilot.pause()

    assert snap_compare(zh_app(ghost=False), terminal_size=(120, 40), run_before=run_before)
