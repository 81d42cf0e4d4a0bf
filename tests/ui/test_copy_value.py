"""When no copy route can be confirmed, the value is shown whole (never a secret)."""

from __future__ import annotations

import base64
from typing import Any

import pyperclip
import pytest
from textual.widgets import Static

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.kit.copy_value import CopyValueScreen
from tests.support.pilot import demo_app, notes, table, wait_for

OUTER = ("TMUX", "TMUX_PANE", "STY", "SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT")


def _no_confirmable_route(monkeypatch: pytest.MonkeyPatch) -> None:
    """No tmux, no screen, no SSH, and no system clipboard: only OSC 52 is left."""
    for name in OUTER:
        monkeypatch.delenv(name, raising=False)

    def broken(_text: str) -> None:
        raise pyperclip.PyperclipException("could not find a copy/paste mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)


async def _started(pilot: Any, app: HandingerApp, server: EmulatorServer) -> str:
    """Wait for the demo list; select the worker with schedules and a webhook."""
    await wait_for(pilot, lambda: app.session is not None, "the session")
    rows = len(server.workers())
    await wait_for(pilot, lambda: table(app).row_count == rows, "the workers")
    target = next(w for w in server.workers() if w["title"] == "Support ticket triage")
    app.main_screen.select_worker(target["id"])
    await wait_for(
        pilot,
        lambda: app.session is not None and app.session.state.selected == target["id"],
        "the selection",
    )
    return str(target["template"]["url"])


async def test_unconfirmed_osc52_shows_the_whole_value(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OSC 52 cannot be verified: the toast says so and the value is shown whole, not cut."""
    _no_confirmable_route(monkeypatch)
    app = demo_app(demo_emulator)
    written: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        url = await _started(pilot, app, demo_emulator)
        assert len(url) > 60  # longer than any toast preview
        driver = app._driver
        assert driver is not None
        monkeypatch.setattr(driver, "write", written.append)
        await pilot.press("U")
        await wait_for(pilot, lambda: isinstance(app.screen, CopyValueScreen), "the value shown")
        assert f"\x1b]52;c;{base64.b64encode(url.encode()).decode()}\x07" in written
        shown = str(app.screen.query_one("#copy-value").render())
        assert url in shown.replace("\n", "")  # whole: wrapped, never cut
        reason = str(app.screen.query_one("#copy-reason").render())
        assert "OSC 52" in reason and "not confirmed" in reason
        assert "copy/paste mechanism" in reason  # why the system clipboard was not used
        assert not any("not confirmed" in n for n in notes(app))  # no toast over the dialog
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the dialog closed")


async def test_unconfirmed_secret_is_never_shown(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The webhook token goes out by OSC 52; the message says where, and shows no value."""
    _no_confirmable_route(monkeypatch)
    app = demo_app(demo_emulator)
    written: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await _started(pilot, app, demo_emulator)
        hook = app.main_screen.query_one("#webhook-info", Static)
        await wait_for(pilot, lambda: "Token" in str(hook.content), "the webhook")
        driver = app._driver
        assert driver is not None
        monkeypatch.setattr(driver, "write", written.append)
        await pilot.press("Y")
        sent = "Sent the webhook token to your terminal (OSC 52; not confirmed)."
        await wait_for(pilot, lambda: any(sent in n for n in notes(app)), "the route told")
        [sequence] = [w for w in written if w.startswith("\x1b]52;c;")]
        token = base64.b64decode(sequence[7:-1]).decode()
        assert token.startswith("whk_")
        assert not isinstance(app.screen, CopyValueScreen)
        assert not any(token in note for note in notes(app))
        assert not any("by hand" in note for note in notes(app))
