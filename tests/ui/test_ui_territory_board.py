"""The territory's pipeline board groups its counts: "70,000 deals", not "70000 deals"."""

from __future__ import annotations

from sim.scenario import load_scenario
from sim.ui.app import make_app
from sim.ui.widgets.pipeline_board import PipelineBoard


async def test_the_board_groups_the_thousands():
    app = make_app(load_scenario("territory"), seed=1, screen="desk", ghost=False, user_dir=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        board = app.screen.query_one(PipelineBoard)
        text = " ".join(str(s.render()) for s in board.query("Static"))
        assert "70,000" in text
        assert "70000" not in text
