"""A trainee plays in Chromium: `salesim serve` on 127.0.0.1, Playwright driving Debian's
Chromium. The first key works without a click; the action's result shows on screen; the
run lands in the store under the trainee's name with the trainer's seed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import TOKEN

# Playwright reads the terminal's screen through xterm.js's buffer. The page keeps its
# terminal private, so this script (run before the page's own) catches it as it is stored.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(v) {
    Object.defineProperty(this, "terminal", {value: v, writable: true, configurable: true,
                                             enumerable: true});
    if (v && v.buffer && v.rows) window.__term = v;
  },
});
window.__screen = () => {
  const t = window.__term;
  if (!t) return "";
  const b = t.buffer.active, lines = [];
  for (let i = 0; i < t.rows; i++) {
    const line = b.getLine(b.viewportY + i);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
};
"""

SHOTS = Path(os.environ.get("SALESIM_FAILED_SHOTS", "/tmp"))
"""Where a failing browser test leaves its screenshot."""
SCREENSHOTS = os.environ.get("SALESIM_SCREENSHOTS")
"""Folder to save screenshots in (docs/images when refreshing the docs)."""


def wait_for_text(page, text: str, timeout: float = 20_000) -> str:
    """The screen's text once `text` is on it; fails showing the screen otherwise."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("t => window.__screen().includes(t)", arg=text, timeout=timeout)
    except PlaywrightTimeout:
        state = page.evaluate(
            "document.body.className + ' · buffer ' + (window.__term ? "
            "window.__term.buffer.active.type + ' ' + window.__term.cols + 'x' + "
            "window.__term.rows : 'none')"
        )
        screen = page.evaluate("window.__screen()")
        page.screenshot(path=str(SHOTS / f"failed-{text[:12]}.png"))
        pytest.fail(f"{text!r} never showed (page: {state}); the screen:\n{screen}")
    return page.evaluate("window.__screen()")


def keyboard_in_terminal(page) -> bool:
    return page.evaluate(
        "document.activeElement && document.activeElement.classList.contains"
        "('xterm-helper-textarea')"
    )


def test_a_trainee_plays_the_tutorial_in_chromium(served, chromium, tmp_path: Path):
    page = chromium.new_page(viewport={"width": 1280, "height": 860})
    page.add_init_script(CATCH_TERMINAL)
    page.goto(f"{served.url}/?token={TOKEN}")
    wait_for_text(page, "Welcome to the classroom")

    # No click anywhere: the page handed the keyboard to the game by itself.
    assert keyboard_in_terminal(page)
    assert not page.is_visible("#keyboard-hint")
    page.keyboard.type("Ada Lovelace")
    page.keyboard.press("Enter")
    wait_for_text(page, "First week on the desk")  # the home screen (it shows behind the
    page.wait_for_function(  # dialog too: wait for the dialog to go)
        "!window.__screen().includes('Welcome to the classroom')", timeout=20_000
    )
    page.keyboard.press("Enter")  # the tutorial (first in the list) -> its briefing
    wait_for_text(page, "The job")
    page.keyboard.press("Enter")  # start the run
    desk = wait_for_text(page, "Day 1 of")
    assert "8 h left today" in desk
    page.keyboard.press("c")  # call the highlighted customer
    wait_for_text(page, "7.5 h left today")  # the call took its half hour
    wait_for_text(page, "Phone call:")  # and the result panel tells what happened
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "classroom-game.png"))
    page.keyboard.press("Control+d")  # end the day: the run is saved
    wait_for_text(page, "Day 1 of 5 is over")
    page.keyboard.press("Enter")
    wait_for_text(page, "Day 2 of")

    # Should the page lose the keyboard, it says so, and one click gives it back.
    page.evaluate("document.activeElement.blur()")
    page.wait_for_selector("#keyboard-hint", state="visible")
    page.click("#keyboard-hint")
    page.wait_for_selector("#keyboard-hint", state="hidden")
    assert keyboard_in_terminal(page)

    listed = served.salesim("runs", "--json")
    assert listed.returncode == 0, listed.stderr
    runs = json.loads(listed.stdout)
    assert [(r["player"], r["scenario"], r["seed"]) for r in runs] == [
        ("Ada Lovelace", "tutorial", 3)
    ]

    # The trainer's page, same server: the token came in the link; the cookie carries it.
    trainer = chromium.new_page(viewport={"width": 1000, "height": 900})
    trainer.goto(f"{served.url}/?token={TOKEN}")
    response = trainer.goto(f"{served.url}/cohort")
    assert response is not None and response.status == 200
    assert trainer.title() == "salesim cohort"
    ada = trainer.get_by_role("heading", name="Ada Lovelace")
    assert ada.is_visible()
    assert "unfinished" in trainer.content()
    trainer.get_by_role("link", name=f"#{runs[0]['id']}").click()
    trainer.wait_for_load_state()
    assert "First week on the desk" in trainer.content()  # that run's debrief


def test_the_page_needs_the_token(served, chromium):
    page = chromium.new_page()
    response = page.goto(f"{served.url}/")
    assert response is not None and response.status == 403
    assert "needs its code" in page.content()
    response = page.goto(f"{served.url}/cohort")
    assert response is not None and response.status == 403
