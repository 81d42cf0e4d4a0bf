"""After a wrong key typed in the API key dialog, the dialog offers the key the session
started with (under `--demo` the demo's own key, held nowhere else), never showing it.

Before, empty + enter re-read the environment and config file only: a demo session given a
wrong key could never get its key back.
"""

from __future__ import annotations

from textual.widgets import Button, Input

from handinger_tui.api.key import ApiKey
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.screens.api_key import ApiKeyScreen
from tests.support.pilot import demo_app, listed, rows_loaded, status_line, wait_for

WRONG_KEY = "hdg_test_revoked_key_9876543210"


async def test_the_key_the_session_started_with_comes_back(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    count = len(demo_emulator.worker_ids())
    async with app.run_test(size=(100, 30)) as pilot:
        await listed(pilot, app, count)
        assert app.session is not None
        session, conn = app.session, app.session.state.connection

        await pilot.press("K")
        await wait_for(pilot, lambda: isinstance(app.screen, ApiKeyScreen), "the key dialog")
        assert not app.screen.query("#restore")  # the key in use is the one it started with
        app.screen.query_one("#api-key-input", Input).value = WRONG_KEY
        await pilot.press("enter")
        await wait_for(pilot, lambda: conn.halted, "the wrong key refused")

        await pilot.press("K")
        await wait_for(pilot, lambda: isinstance(app.screen, ApiKeyScreen), "the key dialog")
        assert app.screen.query_one("#restore", Button).label.plain == "Start key"
        shot = app.export_screenshot()
        assert demo_emulator.api_key not in shot and WRONG_KEY not in shot
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: not isinstance(app.screen, ApiKeyScreen), "the dialog")
        assert session.client.api_key == ApiKey(demo_emulator.api_key)
        await wait_for(pilot, lambda: conn.ok is True and rows_loaded(app, count), "the rows")
        assert not conn.halted and status_line(app).startswith("● connected")
        assert demo_emulator.api_key not in app.export_screenshot()
