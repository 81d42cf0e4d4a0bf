"""Pilot tests: the list and panes show trouble (issue 9).

The delivery strip in the list, "failing since" in the webhook pane, sorting by any
column with a header indicator, errors-only deliveries, and Enter on a delivery or a
schedule for its full, copyable details. All against the demo emulator.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pyperclip
import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static

from handinger_tui.api import models
from handinger_tui.core import formatting as fmt
from handinger_tui.core import views
from handinger_tui.core.row_details import delivery_fields
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.kit.row_details import RowDetailsScreen
from tests.support.pilot import (
    choose,
    column,
    demo_app,
    notes,
    rendered,
    rows_loaded,
    static_text,
    subtitle,
    table,
    wait_for,
)

SIZE = (160, 48)


def _by_title(server: EmulatorServer, title: str) -> str:
    return str(next(w["id"] for w in server.workers() if w["title"] == title))


async def _started(pilot: Any, app: HandingerApp, server: EmulatorServer) -> None:
    await wait_for(pilot, lambda: app.session is not None, "the session")
    count = len(server.workers())
    await wait_for(pilot, lambda: rows_loaded(app, count), "every status")


def _logs(app: HandingerApp, worker_id: str) -> list[models.WebhookExecution]:
    assert app.session is not None
    page = app.session.state.executions(worker_id, 1)
    return [] if page is None else list(page.logs)


def _glyph_colours(cell: Text) -> list[object]:
    """The colour each character of a cell is drawn in (spans over the cell's style)."""
    out = []
    for index in range(len(cell.plain)):
        styles = [cell.style] + [s.style for s in cell.spans if s.start <= index < s.end]
        style = Style.combine(Style.parse(s) if isinstance(s, str) else s for s in styles)
        out.append(style.color)
    return out


def _theme_colour(app: HandingerApp, variable: str) -> object:
    return Color.parse(app.get_css_variables()[variable]).rich_color


def _header(app: HandingerApp) -> list[str]:
    return [c.label.plain for c in table(app).ordered_columns]


# -- the delivery strip and "failing since" ------------------------------------------------


async def test_the_list_shows_the_last_ten_deliveries_each_in_its_colour(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot, app, demo_emulator)
        triage = _by_title(demo_emulator, "Support ticket triage")
        await wait_for(pilot, lambda: len(_logs(app, triage)) >= 10, "the deliveries")
        logs = _logs(app, triage)[:10]
        glyphs = {"success": "✔", "error": "✘"}
        expected = "".join(glyphs[log.request_status] for log in reversed(logs))
        assert {"✔", "✘"} <= set(expected)  # the demo mixes both
        await wait_for(
            pilot,
            lambda: str(table(app).get_row(triage)[4]).startswith(expected + " "),
            f"the strip {expected}",
        )
        cell = table(app).get_row(triage)[4]
        assert isinstance(cell, Text)
        colours = _glyph_colours(cell)[:10]
        ok, error = _theme_colour(app, "text-success"), _theme_colour(app, "text-error")
        assert colours == [ok if g == "✔" else error for g in expected]
        assert _header(app)[4].startswith("Deliveries")


async def test_no_color_keeps_the_strip_symbols_without_colour(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = demo_app(demo_emulator)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot, app, demo_emulator)
        drafter = _by_title(demo_emulator, "Release notes drafter")
        await wait_for(
            pilot, lambda: str(table(app).get_row(drafter)[4]).startswith("✘" * 8 + " "), "strip"
        )
        cell = table(app).get_row(drafter)[4]
        assert isinstance(cell, Text)
        assert not cell.spans and not cell.style


async def test_the_webhook_pane_says_since_when_it_is_failing(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot, app, demo_emulator)
        drafter = _by_title(demo_emulator, "Release notes drafter")
        await choose(pilot, app, drafter)
        await wait_for(pilot, lambda: len(_logs(app, drafter)) == 8, "the deliveries")
        logs = _logs(app, drafter)
        assert all(log.request_status == "error" for log in logs)
        assert app.session is not None
        now = app.session.coordinator.clock.now()
        since = fmt.local_time(fmt.parse_time(logs[-1].created_at), now)
        expected = f"✘ failing since {since} · 8 deliveries in a row"
        await wait_for(pilot, lambda: static_text(app, "#webhook-failing") == expected, expected)
        # A webhook whose last delivery passed says nothing of the kind.
        triage = _by_title(demo_emulator, "Support ticket triage")
        await choose(pilot, app, triage)
        await wait_for(pilot, lambda: bool(_logs(app, triage)), "its deliveries")
        if _logs(app, triage)[0].request_status == "success":
            await wait_for(
                pilot, lambda: static_text(app, "#webhook-failing") == "", "no failing line"
            )


# -- sorting ---------------------------------------------------------------------------------


async def test_sort_by_any_column_with_an_indicator_and_problems_first(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot, app, demo_emulator)
        session = app.session
        assert session is not None
        assert _header(app)[0] == "Status ▲"

        def changed() -> list[float]:
            times = [views.last_changed(session.state, k) for k in table(app).order]
            return [fmt.aware(t).timestamp() for t in times if t is not None]

        await pilot.press("D")
        await wait_for(pilot, lambda: _header(app)[2] == "Changed ▲", "the Changed indicator")
        assert _header(app)[0] == "Status"
        assert changed() == sorted(changed(), reverse=True)  # most recent change first
        await pilot.press("D")  # again: reversed
        await wait_for(pilot, lambda: _header(app)[2] == "Changed ▼", "the reversed indicator")
        assert changed() == sorted(changed())

        # A click on a header sorts by that column.
        widths = [c.get_render_width(table(app)) for c in table(app).ordered_columns]
        await pilot.click("#worker-table", offset=(sum(widths[:3]) + 2, 0))
        await wait_for(pilot, lambda: _header(app)[3] == "Next run ▲", "Next run by a click")

        def next_runs() -> list[float]:
            times = [views.next_run(session.state.schedules(k)) for k in table(app).order]
            return [fmt.aware(t).timestamp() for t in times if t is not None]

        assert len(next_runs()) >= 3 and next_runs() == sorted(next_runs())
        known = [views.next_run(session.state.schedules(k)) is not None for k in table(app).order]
        assert known == sorted(known, reverse=True)  # no next run: last

        # Problems first: the failing webhook, then the failed run, then the stuck one.
        await pilot.press("P")
        await wait_for(pilot, lambda: "Sorted by problems first ▲" in notes(app), "the note")
        order = table(app).order
        failing = _by_title(demo_emulator, "Release notes drafter")
        failed = _by_title(demo_emulator, "Invoice inbox extractor")
        stuck = _by_title(demo_emulator, "Incident postmortem writer")
        fine = _by_title(demo_emulator, "Competitor price watch")
        assert order[0] == failing
        assert order.index(failing) < order.index(failed) < order.index(stuck) < order.index(fine)

        # s still toggles status / name: from any other order it goes back to status.
        await pilot.press("s")
        await wait_for(pilot, lambda: _header(app)[0] == "Status ▲", "by status")
        await pilot.press("s")
        await wait_for(pilot, lambda: _header(app)[1] == "Worker ▲", "by name")
        names = column(app, 1)
        assert names == sorted(names, key=lambda n: n.removeprefix(views.DERIVED_MARK).lower())


# -- errors only and the details of one delivery ----------------------------------------------


async def test_errors_only_filters_the_page_and_says_so(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot, app, demo_emulator)
        triage = _by_title(demo_emulator, "Support ticket triage")
        await choose(pilot, app, triage)
        await wait_for(pilot, lambda: len(column(app, 1, "#executions")) == 50, "a full page")
        failed = sum(1 for log in _logs(app, triage) if log.request_status == "error")
        assert 0 < failed < 50
        await pilot.press("4", "E")
        await wait_for(
            pilot, lambda: len(column(app, 1, "#executions")) == failed, "only the failures"
        )
        assert set(column(app, 1, "#executions")) == {"✘ error"}
        assert subtitle(app, "webhook").startswith("errors only")
        assert f"{50 - failed} successes hidden on this page" in static_text(app, "#webhook-pager")
        await pilot.press("E")
        await wait_for(pilot, lambda: len(column(app, 1, "#executions")) == 50, "all again")
        assert not subtitle(app, "webhook").startswith("errors only")


async def test_enter_on_a_delivery_opens_its_details_copyable(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = demo_app(demo_emulator)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot, app, demo_emulator)
        triage = _by_title(demo_emulator, "Support ticket triage")
        await choose(pilot, app, triage)
        await wait_for(pilot, lambda: len(column(app, 1, "#executions")) == 50, "a full page")
        await pilot.press("4", "E")
        await wait_for(pilot, lambda: set(column(app, 1, "#executions")) == {"✘ error"}, "errors")
        key = table(app, "#executions").cursor_key
        log = next(e for e in _logs(app, triage) if e.id == key)
        assert log.error_message and log.task_id and log.url
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RowDetailsScreen), "the details")
        screen = app.screen
        assert isinstance(screen, RowDetailsScreen)
        fields = dict(screen.fields)
        assert fields["Result"] == "✘ error"
        assert fields["Error"] == log.error_message
        assert fields["HTTP status"] == str(int(log.response_status or 0)) or (
            log.response_status is None and fields["HTTP status"].startswith("—")
        )
        assert fields["Duration"] == fmt.duration_ms(log.duration_ms)
        assert fields["Task id"] == log.task_id
        assert fields["Task title"] == (log.task_title or "—")
        assert fields["URL"] == log.url
        shown = rendered(screen.query_one("#row-details", Static).content)
        assert log.error_message.split()[0] in shown and log.task_id in shown
        await pilot.press("i")
        await wait_for(pilot, lambda: copied == [log.id], "the delivery id copied")
        await pilot.press("c")
        await wait_for(pilot, lambda: len(copied) == 2, "the details copied")
        assert f"Error: {log.error_message}" in copied[1] and f"URL: {log.url}" in copied[1]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back on the explorer")


async def test_enter_on_a_schedule_opens_its_details(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    app = demo_app(demo_emulator)
    async with app.run_test(size=SIZE) as pilot:
        await _started(pilot, app, demo_emulator)
        triage = _by_title(demo_emulator, "Support ticket triage")
        await choose(pilot, app, triage)
        await wait_for(pilot, lambda: table(app, "#schedule-table").row_count == 1, "schedule")
        await pilot.press("3", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RowDetailsScreen), "the details")
        screen = app.screen
        assert isinstance(screen, RowDetailsScreen)
        assert app.session is not None
        listed = app.session.state.schedules(triage)
        assert listed is not None
        schedule = listed.schedules[0]
        fields = screen.fields
        values = dict(fields)
        assert values["Kind"] == "cron"
        assert values["When"].startswith("0 8 * * 1-5 — ") and values["When"].endswith("(UTC)")
        assert "UTC ·" in values["Next run"] and "local" in values["Next run"]
        assert [label for label, _ in fields].count("Then") == 4
        then = [datetime.fromisoformat(v.split(" UTC")[0]) for k, v in fields if k == "Then"]
        assert all(t.hour == 8 and t.minute == 0 and t.weekday() < 5 for t in then)
        assert values["Budget"] == "standard"
        assert values["Input"] == "Triage the overnight support queue"
        assert values["Id"] == schedule.id
        await pilot.press("i")
        await wait_for(pilot, lambda: copied == [schedule.id], "the schedule id copied")


# -- untrusted text -------------------------------------------------------------------------


class _Host(App[None]):
    def __init__(self, screen: RowDetailsScreen) -> None:
        super().__init__()
        self._details = screen

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self._details)


async def test_delivery_details_show_markup_literally_and_no_escape_sequence() -> None:
    hostile = "[bold red]boom[/] \x1b[2J\x1b]52;c;aGk=\x07 line\nnext"
    delivery = models.WebhookExecution.model_validate(
        {"id": "whx_1", "requestStatus": "error", "errorMessage": hostile, "url": "[link=x]u"}
    )

    async def copy(_value: str, _label: str) -> None:
        return None

    fields = delivery_fields(delivery, datetime.now().astimezone())
    screen = RowDetailsScreen("Webhook delivery", fields, id_label="id", row_id="whx_1", copy=copy)
    app = _Host(screen)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen is screen, "the details")  # type: ignore[arg-type]
        shown = rendered(screen.query_one("#row-details", Static).content)
        assert "[bold red]boom[/]" in shown and "[link=x]u" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "\x1b" not in dict(fields)["Error"]
