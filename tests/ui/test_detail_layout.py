"""The detail pane asks for a layout of the screen only when its room changes.

Every layout reflows the whole screen, so a new content that takes the lines its box already
has is repainted in place; the output waits while the cursor is moving through the list and
its first piece fills the pane in one mount.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from handinger_tui.api.models import Worker
from handinger_tui.core.refresh import Cadence
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.detail import pane
from handinger_tui.ui.detail.pane import SCROLL_REST, SELECT_DEBOUNCE, WorkerDetail
from tests.support.examples import WORKER
from tests.support.pilot import demo_app, rendered, table, wait_for
from tests.support.spies import layouts_of

FIELDS = [("Title", "Report"), ("Status", "completed")]
# Slow polling: what is drawn while the test runs is what the keys cause.
QUIET = Cadence(active=30.0, idle=30.0, rows=30.0, schedules=30.0, webhook=30.0)


class DetailApp(App[None]):
    def compose(self) -> ComposeResult:
        yield WorkerDetail(id="worker-detail")


def worker(output: str) -> Worker:
    return Worker.model_validate({**WORKER, "output_text": output, "output": []})


async def test_a_field_added_below_the_others_gets_its_room() -> None:
    app = DetailApp()
    async with app.run_test(size=(80, 40)) as pilot:
        detail = app.query_one(WorkerDetail)
        box = detail.query_one("#detail-fields", Static)
        detail.show("w1", FIELDS, None, [], [], "")
        await pilot.pause()
        assert box.size.height == 2
        # The lines shown stay as they are; the new one needs a line more.
        detail.show("w1", [*FIELDS, ("Email", "a@b.c")], None, [], [], "")
        await pilot.pause()
        assert box.size.height == 3


async def test_instructions_of_the_same_height_repaint_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = DetailApp()
    async with app.run_test(size=(80, 40)) as pilot:
        detail = app.query_one(WorkerDetail)
        box = detail.query_one("#detail-instructions", Static)
        detail.show("w1", FIELDS, None, [], [], "Summarise the week.")
        await pilot.pause()
        asked = layouts_of(monkeypatch, box)
        detail.show("w2", FIELDS, None, [], [], "Watch the competitors' prices.")
        assert asked and not any(asked)  # one line for one line: a repaint
        detail.show("w3", FIELDS, None, [], [], "A longer brief that wraps. " * 8)
        assert asked[-1] is True  # more lines: the box needs other room
        await pilot.pause()
        assert box.size.height > 1


async def test_sources_of_the_same_height_repaint_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = DetailApp()
    async with app.run_test(size=(80, 40)) as pilot:
        detail = app.query_one(WorkerDetail)
        box = detail.query_one("#detail-sources", Static)
        detail.show("w1", FIELDS, None, [("One", "https://a.example")], [], "")
        await pilot.pause()
        asked = layouts_of(monkeypatch, box)
        detail.show("w1", FIELDS, None, [("Two", "https://b.example")], [], "")
        assert asked and not any(asked)
        two = [("One", "https://a.example"), ("Two", "https://b.example")]
        detail.show("w1", FIELDS, None, two, [], "")
        assert asked[-1] is True


async def test_moving_through_the_list_waits_for_the_cursor_to_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr(pane, "monotonic", lambda: now[0])
    app = DetailApp()
    async with app.run_test(size=(80, 40)) as pilot:
        detail = app.query_one(WorkerDetail)
        await pilot.pause()
        delays: list[float] = []
        real = WorkerDetail.set_timer

        def set_timer(widget: WorkerDetail, delay: float, *args: Any, **kwargs: Any) -> Timer:
            delays.append(delay)
            return real(widget, delay, *args, **kwargs)

        monkeypatch.setattr(WorkerDetail, "set_timer", set_timer)
        detail.show("w1", FIELDS, worker("# One"), [], [], "")
        now[0] += 0.3  # the next row soon after: the operator is moving through the list
        detail.show("w2", FIELDS, worker("# Two"), [], [], "")
        now[0] += 5.0  # a lone move after a rest
        detail.show("w3", FIELDS, worker("# Three"), [], [], "")
        assert delays == [SELECT_DEBOUNCE, SCROLL_REST, SELECT_DEBOUNCE]


async def test_the_first_piece_of_an_output_fills_the_pane_in_one_append(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    appended: list[str] = []
    real = Markdown.append

    def append(markdown: Markdown, text: str) -> Any:
        appended.append(text)
        return real(markdown, text)

    monkeypatch.setattr(Markdown, "append", append)
    output = "".join(f"Paragraph {i}.\n\n" for i in range(12))  # 24 lines
    app = DetailApp()
    async with app.run_test(size=(80, 40)) as pilot:
        detail = app.query_one(WorkerDetail)
        detail.show("w1", FIELDS, worker(output), [], [], "")
        await pilot.pause()
        while not (detail.settled and detail.query("#detail-output")):
            await pilot.pause(0.05)
        assert appended == [output]  # one mount, one layout; not three pieces of ten lines
        shown = detail.query_one("#detail-output", Markdown)
        assert len(shown.query(MarkdownBlock)) == 12


async def test_a_hidden_detail_pane_draws_nothing_until_shown(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(demo_emulator, cadence=QUIET)
    async with app.run_test(size=(80, 24)) as pilot:  # one pane at a time: the list
        await wait_for(pilot, lambda: table(app).row_count >= 4, "the demo rows")
        detail = app.main_screen.query_one(WorkerDetail)
        assert not app.main_screen.detail_pane.display
        touched: list[str] = []
        real = Widget.refresh

        def recording(widget: Widget, *regions: Any, **kwargs: bool) -> Widget:
            if detail in widget.ancestors_with_self:
                touched.append(f"{type(widget).__name__}#{widget.id}")
            return real(widget, *regions, **kwargs)

        monkeypatch.setattr(Widget, "refresh", recording)
        for _ in range(3):
            await pilot.press("down")
        cursor = table(app).cursor_key
        session = app.session
        assert session is not None
        await wait_for(pilot, lambda: session.state.selected == cursor, "the selection")
        await pilot.pause()
        assert touched == []  # nothing drawn, nothing laid out while off screen
        await pilot.press("2")  # the Detail pane
        fields = detail.query_one("#detail-fields", Static)
        assert cursor is not None
        await wait_for(pilot, lambda: cursor in rendered(fields.content), "the fields once shown")
