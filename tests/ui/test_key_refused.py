"""A refused key stops polling, says how to fix it, and a palette action resumes with a new one."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from handinger_tui.core.registry import Registry
from handinger_tui.core.settings import ApiKey, Settings
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.screens.api_key import ApiKeyScreen
from tests.support.clock import FrozenClock
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import FAST, rows_loaded, status_line, subtitle, wait_for

WRONG_KEY = "hdg_test_revoked_key_9876543210"


def refused_app(server: EmulatorServer, clock: FrozenClock) -> HandingerApp:
    ids = tuple(server.worker_ids())
    launch = Launch(
        settings=Settings(base_url=server.base_url, api_key=ApiKey(WRONG_KEY)),
        workers=ids,
        registry_factory=Registry.in_memory,
        cadence=FAST,
        clock=clock,
    )
    return HandingerApp(launch)


@pytest.mark.parametrize("how", ["typed", "environment", "config file"])
async def test_a_refused_key_stops_polling_until_another_key_is_given(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, how: str
) -> None:
    clock = FrozenClock(DEMO_INSTANT)
    app = refused_app(demo_emulator, clock)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        coordinator, conn = app.session.coordinator, app.session.state.connection
        await wait_for(pilot, lambda: conn.halted and coordinator.in_flight == 0, "the 401")
        await pilot.pause()
        line = status_line(app)
        assert line.startswith("✘ API key refused")
        for fix in ("HANDINGER_API_KEY", "--api-key", "config file", "API key"):
            assert fix in line
        assert "unreachable" not in line
        assert "not retried until another API key is given" in subtitle(app, "workers")

        # However long it waits, nothing more is sent with the refused key.
        demo_emulator.reset_stats()
        for _ in range(10):
            clock.advance(60.0)
            coordinator.launch_due()
            assert coordinator.in_flight == 0
        assert demo_emulator.stats()["total"] == 0

        await pilot.press("K")
        await wait_for(pilot, lambda: isinstance(app.screen, ApiKeyScreen), "the key dialog")
        box = app.screen.query_one("#api-key-input", Input)
        assert box.password  # masked
        await pilot.press("enter")  # nothing typed: re-read, but nothing holds a key
        error = app.screen.query_one("#api-key-error", Static)
        assert "No key found" in str(error.content)
        assert isinstance(app.screen, ApiKeyScreen)  # still open: nothing lost

        if how == "typed":
            box.value = TEST_API_KEY
        elif how == "environment":
            monkeypatch.setenv("HANDINGER_API_KEY", TEST_API_KEY)
        else:
            config = tmp_path / "config.toml"
            config.write_text(f'[api]\napi_key = "{TEST_API_KEY}"\n')
            config.chmod(0o600)
            monkeypatch.setenv("HANDINGER_TUI_CONFIG", str(config))
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ApiKeyScreen), "the dialog")
        count = len(demo_emulator.worker_ids())
        await wait_for(pilot, lambda: conn.ok is True and rows_loaded(app, count), "the rows")
        await pilot.pause()
        assert not conn.halted and status_line(app).startswith("● connected")
        assert TEST_API_KEY not in app.export_screenshot()


async def test_the_refused_key_itself_is_not_taken_again(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = refused_app(demo_emulator, FrozenClock(DEMO_INSTANT))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        conn = app.session.state.connection
        await wait_for(pilot, lambda: conn.halted, "the 401")
        monkeypatch.setenv("HANDINGER_API_KEY", WRONG_KEY)
        await pilot.press("K")
        await wait_for(pilot, lambda: isinstance(app.screen, ApiKeyScreen), "the key dialog")
        await pilot.press("enter")
        error = str(app.screen.query_one("#api-key-error", Static).content)
        assert "the key in use now" in error and WRONG_KEY not in error
        assert conn.halted
        shot = app.export_screenshot()
        assert WRONG_KEY not in shot
        app.screen.query_one("#api-key-input", Input).value = "hdg_half key"
        await pilot.press("enter")
        error = str(app.screen.query_one("#api-key-error", Static).content)
        assert "The key from the dialog cannot be used" in error and "half" not in error
        assert isinstance(app.screen, ApiKeyScreen) and conn.halted
