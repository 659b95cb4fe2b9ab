"""What the trainee reads after a third contact in one day (busy_desk welcomes two): the
coach does not call the signature "✓ good" when the buyer is about to feel pushed."""

from __future__ import annotations

import re

from sim.ui.app import make_app
from sim.ui.screens.desk import DeskScreen
from sim.ui.widgets.result_panel import ResultPanel


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


async def test_the_third_contact_of_the_day_is_not_praised():
    app = make_app(scenario="busy_desk", seed=61, screen="desk", user_dir=None, ghost=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        game = app.game
        # a negotiation deal whose buyer signs alone (no “I need my boss” in the way)
        c = next(
            c
            for c in game.customers
            if c.stage == "negotiation"
            and c.facts.get("authority")
            and not c.facts.get("competitor")
        )
        c.meters.update(trust=45, interest=40)  # the gate is met
        desk = app.screen
        assert isinstance(desk, DeskScreen)
        desk.select(c.index)
        await pilot.pause()
        for key in ("c", "c", "s"):  # two calls, then ask for the signature
            await pilot.press(key)
            await pilot.pause()
        act = next(e for e in reversed(game.log) if e.type == "action")
        assert act.action == "close" and act.customer == c.index
        panel = desk.query_one(ResultPanel)
        shown = " ".join(panel.render_line(y).text for y in range(panel.size.height))
        assert "Coach:" in shown
        text = squeeze(shown)
        assert squeeze("Coach: ✓ good") not in text
        assert squeeze("Coach: • neutral — Asking for the signature once terms are agreed") in text
        assert squeeze("this is contact 3 with them today, more than the 2 a day") in text
