"""The status line is one fixed row: a new text repaints it without a layout of the screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from handinger_tui.core.state import Connection, Key, Kind
from handinger_tui.ui.kit.status_line import SHOW_IN_FLIGHT_AFTER, StatusLine
from tests.support.spies import layouts_of

NOW = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)
TARGET = "https://handinger.com"


class LineApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine(Text(""))


async def test_polling_flicker_needs_no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    app = LineApp()
    async with app.run_test() as pilot:
        line = app.query_one(StatusLine)
        ok = Connection(ok=True)
        line.show(TARGET, ok, 0, NOW)
        await pilot.pause()
        layouts = layouts_of(monkeypatch, line)
        ok.waiting[Key(Kind.WORKER, "w1")] = NOW - timedelta(seconds=SHOW_IN_FLIGHT_AFTER)
        line.show(TARGET, ok, 1, NOW)  # a poll has waited a while: "⟳ 1"
        ok.waiting.clear()
        line.show(TARGET, ok, 0, NOW)  # and comes back
        line.show(TARGET, ok, 0, NOW)  # nothing new: untouched
        assert "⟳ 1" not in str(line.content)
        assert layouts == [False, False]
