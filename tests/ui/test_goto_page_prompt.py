"""Go to page (`#`) on a one-page delivery log: a page past the end is refused in the prompt.

Before, `5` with one page closed the prompt and a note said "Page 5 is past the end…",
while `0` and `abc` were refused under the field with what was typed kept.
"""

from __future__ import annotations

from textual.widgets import Input, Static

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.webhook.goto_page import GoToPageScreen
from tests.support.pilot import choose, demo_app, listed, notes, wait_for


async def test_a_page_past_the_end_is_refused_under_the_field_and_kept(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    title = "Competitor price watch"  # 24 deliveries: one page
    wid = next(w["id"] for w in demo_emulator.workers() if w["title"] == title)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, wid)
        main = app.main_screen
        assert app.session is not None
        await pilot.press("4")
        await wait_for(pilot, lambda: main.paging is not None, "the paging")
        paging = main.paging
        assert paging is not None
        await wait_for(pilot, lambda: paging.pages(wid) == 1, "one page of deliveries")
        await pilot.press("number_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, GoToPageScreen), "the prompt")
        prompt = app.screen
        await pilot.press("5", "enter")
        assert app.screen is prompt  # still asking
        error = prompt.query_one("#prompt-error", Static)
        assert error.display
        assert "Page 5 is past the end: there is 1 page." in str(error.content)
        assert prompt.query_one("#prompt-input", Input).value == "5"
        assert not any("past the end" in n for n in notes(app))
        await pilot.press("backspace", "1", "enter")
        await wait_for(pilot, lambda: app.screen is main, "the prompt closed")
        assert paging.target(wid) == 1
