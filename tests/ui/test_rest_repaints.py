"""At rest, a change repaints the lines that show it, not the widget or pane around them.

Every line repainted is written to the terminal (an operator pays for it over SSH), so an
age ticking in the detail fields repaints its own line, a new pane subtitle the bottom
border row, and a poll answered at once leaves the status line alone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from handinger_tui.core.state import Connection, Key, Kind, record_answer
from handinger_tui.core.tone import Tone
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.detail.pane import WorkerDetail
from handinger_tui.ui.kit.pane import Pane
from handinger_tui.ui.kit.status_line import SHOW_IN_FLIGHT_AFTER, StatusLine
from handinger_tui.ui.tones import tone_styles
from handinger_tui.ui.webhook import pane as webhook_pane
from handinger_tui.ui.webhook.pane import WebhookPanel
from tests.support.clock import FrozenClock
from tests.support.pilot import demo_app, listed, wait_for

NOW = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)


def record_refreshes(monkeypatch: pytest.MonkeyPatch, widget: Widget) -> list[tuple[Region, ...]]:
    """The regions of each `widget.refresh(...)` from now on (() for the whole widget)."""
    calls: list[tuple[Region, ...]] = []
    real = Widget.refresh

    def recording(self: Widget, *regions: Region, **kwargs: bool) -> Widget:
        if self is widget:
            calls.append(regions)
        return real(self, *regions, **kwargs)

    monkeypatch.setattr(Widget, "refresh", recording)
    return calls


class DetailApp(App[None]):
    def compose(self) -> ComposeResult:
        yield WorkerDetail(id="worker-detail")


def fields(changed: str) -> list[tuple[str, str]]:
    return [("Title", "Report"), ("Status", "▶ running"), ("Changed", f"09:14:22 ({changed})")]


async def test_a_ticking_age_repaints_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    app = DetailApp()
    async with app.run_test(size=(60, 20)) as pilot:
        detail = app.query_one(WorkerDetail)
        box = detail.query_one("#detail-fields", Static)
        detail.show("w1", fields("3m 12s ago"), None, [], [], "")
        await pilot.pause()
        calls = record_refreshes(monkeypatch, box)
        detail.show("w1", fields("3m 13s ago"), None, [], [], "")
        assert calls == [(Region(0, 2, box.size.width, 1),)]  # the third line, "Changed"
        await pilot.pause()
        assert "3m 13s ago" in str(box.render_line(2).text)


class PaneApp(App[None]):
    def compose(self) -> ComposeResult:
        pane = Pane()
        pane.styles.border = ("round", "white")
        yield pane


async def test_a_new_subtitle_repaints_the_bottom_border_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = PaneApp()
    async with app.run_test(size=(40, 10)) as pilot:
        pane = app.query_one(Pane)
        pane.show_freshness("updated just now")
        await pilot.pause()
        calls = record_refreshes(monkeypatch, pane)
        pane.show_freshness("updated just now")  # the same words: nothing at all
        pane.show_freshness("updated <1 min ago")
        [(region,)] = calls
        offset = pane.content_offset
        width, height = pane.outer_size
        assert region.translate(offset) == Region(0, height - 1, width, 1)
        assert pane.border_subtitle == "updated <1 min ago"
        pane.show_freshness("stale: retrying in 8s (unreachable)")  # trouble restyles it all
        assert pane.has_class("-stale")


class LineApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine(Text(""))


async def test_a_quick_poll_leaves_the_status_line_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    app = LineApp()
    async with app.run_test() as pilot:
        line = app.query_one(StatusLine)
        waiting = Connection(ok=True)
        line.show("https://handinger.com", waiting, 0, NOW)
        await pilot.pause()
        calls = record_refreshes(monkeypatch, line)
        waiting.waiting[Key(Kind.WORKER, "w1")] = NOW  # a poll goes out
        line.show("https://handinger.com", waiting, 1, NOW)
        waiting.waiting.clear()  # and its answer comes back within the second
        line.show("https://handinger.com", waiting, 0, NOW)
        assert calls == []
        waiting.waiting[Key(Kind.WORKER, "w1")] = NOW
        later = NOW + timedelta(seconds=SHOW_IN_FLIGHT_AFTER)
        line.show("https://handinger.com", waiting, 1, later)  # still waiting: now it shows
        assert "⟳ 1" in str(line.content)
        assert len(calls) == 1


class WebhookApp(App[None]):
    def compose(self) -> ComposeResult:
        yield WebhookPanel(id="webhook-panel")


async def test_each_tick_leaves_an_unchanged_failing_note_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = WebhookApp()
    async with app.run_test() as pilot:
        panel = app.query_one(WebhookPanel)
        read: list[str] = []

        def reading(app: App[object]) -> dict[Tone, Style]:
            read.append(app.theme)
            return tone_styles(app)

        monkeypatch.setattr(webhook_pane, "tone_styles", reading)
        note = "✘ failing since 06:10 · 3 deliveries in a row"
        for _ in range(3):  # three ticks
            panel.show_failing(note)
        assert read == [app.theme]  # the theme's colours were read once
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        panel.show_failing(note)  # another theme: the note takes its error colour
        line = panel.query_one("#webhook-failing", Static)
        assert read == [read[0], app.theme]
        assert isinstance(line.content, Text) and line.content.style == Style(
            color=tone_styles(app)[Tone.ERROR].color
        )


def screen_rows(widget: Widget, calls: list[tuple[Region, ...]]) -> set[int]:
    """The screen rows that `widget.refresh(*regions)` calls repaint."""
    top, offset = widget.region.y, widget.content_offset.y
    rows: set[int] = set()
    for regions in calls:
        if not regions:
            rows |= set(range(top, top + widget.region.height))
        for region in regions:  # relative to the content
            rows |= set(range(top + offset + region.y, top + offset + region.bottom))
    return rows


async def test_an_idle_tick_repaints_only_the_rows_whose_text_moved(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FrozenClock(datetime.now(UTC))  # the demo's ages: seconds and minutes old
    app = demo_app(demo_emulator, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:  # every pane on screen
        await listed(pilot, app, len(demo_emulator.workers()))
        session, screen = app.session, app.main_screen
        assert session is not None

        def shown() -> bool:  # no answer is left for a tick to render
            return not screen._dirty and screen.detail_pane.detail.settled

        # Rows show before any answer; the ages that move come with the first answers.
        answered = session.coordinator.screen_answered
        await wait_for(pilot, lambda: answered() and shown(), "the first answers shown")
        await session.coordinator.stop()  # no answer arrives: only time moves
        screen.ticker.pause()  # the ticks below are the test's own
        await pilot.pause()
        await wait_for(pilot, shown, "the last answers shown")
        real = Widget.refresh
        calls: dict[Widget, list[tuple[Region, ...]]] = {}

        def recording(self: Widget, *regions: Region, **kwargs: bool) -> Widget:
            calls.setdefault(self, []).append(regions)
            return real(self, *regions, **kwargs)

        for _ in range(3):
            before = [strip.text for strip in app.screen._compositor.render_strips()]
            calls.clear()
            monkeypatch.setattr(Widget, "refresh", recording)
            clock.advance(1.0)
            app.main_screen._tick()
            monkeypatch.setattr(Widget, "refresh", real)
            await pilot.pause()
            after = [strip.text for strip in app.screen._compositor.render_strips()]
            moved = {
                y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new
            }
            assert moved  # the list's and the detail's ages moved
            for widget, asked in calls.items():
                if widget.display and widget.region:
                    assert screen_rows(widget, asked) <= moved, (widget, asked)


async def test_the_same_answer_again_renders_no_pane(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FrozenClock(datetime.now(UTC))
    app = demo_app(demo_emulator, clock=clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        session = app.session
        assert session is not None
        wid = session.state.selected
        assert wid is not None
        await wait_for(pilot, lambda: session.state.worker(wid) is not None, "the worker")
        await session.coordinator.stop()  # the answers below are the only news
        await wait_for(pilot, lambda: session.coordinator.in_flight == 0, "the last answers")
        screen = app.main_screen
        # The 1 s tick renders too: stopped (and one already under way let finish), so each
        # render counted below is the answer's (a slow run had a tick land in the window).
        screen.ticker.pause()
        # A render of the last answers may still be pending (paced while the screen fills).
        await wait_for(pilot, lambda: not screen._dirty, "the last answers shown")
        await pilot.pause()
        renders: list[str] = []
        freshness: list[str] = []
        real_render, real_freshness = screen._refresh_paced, screen._render_freshness

        def render() -> None:
            renders.append("render")
            real_render()

        def fresh() -> None:
            freshness.append("freshness")
            real_freshness()

        monkeypatch.setattr(screen, "_refresh_paced", render)
        monkeypatch.setattr(screen, "_render_freshness", fresh)
        key = Key(Kind.WORKER, wid)
        res = session.state.resource(key)
        worker = session.state.worker(wid)
        assert worker is not None
        for n in range(1, 3):  # the screen has shown this answer already
            clock.advance(2.0)
            record_answer(res, worker, clock.now())  # answered again: the same parse
            session.coordinator.on_change(key)
            # Until everything on screen has its first answer, renders come paced.
            await wait_for(pilot, lambda: len(freshness) == n, "the freshness")  # noqa: B023
        assert renders == []  # only "updated just now" may move
        record_answer(res, worker.model_copy(), clock.now())  # a new answer
        session.coordinator.on_change(key)
        await wait_for(pilot, lambda: bool(renders), "the render")
        assert renders == ["render"]
