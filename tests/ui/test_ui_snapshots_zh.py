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
