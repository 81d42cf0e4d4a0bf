"""An age ticking in the detail fields repaints them without a layout of the screen."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from handinger_tui.ui.detail.pane import WorkerDetail
from tests.support.spies import layouts_of


class DetailApp(App[None]):
    def compose(self) -> ComposeResult:
        yield WorkerDetail(id="worker-detail")


def fields(changed: str, title: str = "Report") -> list[tuple[str, str]]:
    return [("Title", title), ("Changed", f"09:14:22 ({changed})")]


async def test_a_ticking_age_needs_no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    app = DetailApp()
    async with app.run_test() as pilot:
        detail = app.query_one(WorkerDetail)
        box = detail.query_one("#detail-fields", Static)
        detail.show("w1", fields("3m 12s ago"), None, [], [], "")
        await pilot.pause()
        layouts = layouts_of(monkeypatch, box)
        detail.show("w1", fields("3m 13s ago"), None, [], [], "")  # same width: no layout
        assert layouts == [False]
        detail.show("w1", fields("3m 13s ago", "A much longer title"), None, [], [], "")
        assert layouts == [False, False]  # wider, on the same line: the same room
        long = "A title long enough to wrap " * 5
        detail.show("w1", fields("3m 13s ago", long), None, [], [], "")
        assert layouts == [False, False, False, True]  # more lines: other room
        assert detail._fields == fields("3m 13s ago", long)
