"""Pilot tests: the demo's first screen, statuses and deliveries in theme colours, derived names."""

from __future__ import annotations

import httpx
import pytest
from rich.style import Style
from textual.color import Color

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.detail.pane import WorkerDetail
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import cells, column, demo_app, make_app, rows_loaded, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


def _by_title(server: EmulatorServer, title: str) -> str:
    return str(next(w["id"] for w in server.workers() if w["title"] == title))


def _theme_colour(app: HandingerApp, variable: str) -> object:
    return Color.parse(app.get_css_variables()[variable]).rich_color


def _colour(app: HandingerApp, key: str, col: int, selector: str = "#worker-table") -> object:
    style = table(app, selector).style_of(key, col)
    return style.color if isinstance(style, Style) else None


async def test_the_demo_opens_on_a_worker_with_all_four_panes_filled(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        count = len(demo_emulator.workers())
        await wait_for(pilot, lambda: rows_loaded(app, count), "every status")
        first = table(app).order[0]
        assert app.session is not None and app.session.state.selected == first
        detail = app.main_screen.query_one(WorkerDetail)
        await wait_for(pilot, lambda: bool((detail._output or "").strip()), "the output")
        await wait_for(pilot, lambda: table(app, "#schedule-table").row_count > 0, "schedules")
        await wait_for(
            pilot,
            lambda: {"✔ success", "✘ error"} <= set(column(app, 1, "#executions")),
            "deliveries, some failed",
        )


async def test_statuses_and_deliveries_take_the_theme_colours(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        count = len(demo_emulator.workers())
        await wait_for(pilot, lambda: rows_loaded(app, count), "every status")
        live = _by_title(demo_emulator, "Competitor price watch")
        failed = _by_title(demo_emulator, "Invoice inbox extractor")
        stuck = _by_title(demo_emulator, "Incident postmortem writer")
        never = _by_title(demo_emulator, "Weekly KPI digest")
        notes = _by_title(demo_emulator, "Release notes drafter")
        assert cells(app, live)[0] == "▶ running"
        assert _colour(app, live, 0) == _theme_colour(app, "text-primary")
        assert cells(app, failed)[0] == "✘ error"
        assert _colour(app, failed, 0) == _theme_colour(app, "text-error")
        assert cells(app, stuck)[0].startswith("◌ pending 4")  # 47 minutes and counting
        assert _colour(app, stuck, 0) == _theme_colour(app, "text-warning")
        assert cells(app, never)[0] == "○ never run"
        assert _colour(app, never, 0) is None
        await wait_for(pilot, lambda: cells(app, notes)[4].startswith("✘"), "a failure")
        assert _colour(app, notes, 4) == _theme_colour(app, "text-error")
        # The delivery log of the selected worker: failures red, successes green.
        await wait_for(pilot, lambda: "✘ error" in column(app, 1, "#executions"), "the log")
        log = table(app, "#executions")
        results = {str(log.get_row(r.key)[1]): str(r.key.value) for r in log.ordered_rows}
        assert _colour(app, results["✘ error"], 1, "#executions") == _theme_colour(
            app, "text-error"
        )
        assert _colour(app, results["✔ success"], 1, "#executions") == _theme_colour(
            app, "text-success"
        )
        # A light theme recolours what is already on screen, in its own colours.
        dark_error = _theme_colour(app, "text-error")
        app.theme = "textual-light"
        await wait_for(
            pilot, lambda: _colour(app, failed, 0) != dark_error, "the light theme's colours"
        )
        assert _colour(app, failed, 0) == _theme_colour(app, "text-error")


async def test_no_color_keeps_symbols_and_words_only(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        count = len(demo_emulator.workers())
        await wait_for(pilot, lambda: rows_loaded(app, count), "every status")
        failed = _by_title(demo_emulator, "Invoice inbox extractor")
        assert cells(app, failed)[0] == "✘ error"
        assert all(
            not table(app).style_of(str(r.key.value), col)
            for r in table(app).ordered_rows
            for col in range(5)
        )


async def test_a_worker_tracked_by_id_gets_a_marked_name_from_its_email() -> None:
    with EmulatorServer(api_key=TEST_API_KEY, seed="empty") as server:
        async with httpx.AsyncClient(base_url=server.base_url, headers=AUTH, timeout=30) as http:
            created = await http.post("/api/workers", json={"title": "Lead enrichment bot"})
        wid = created.json()["id"]
        app = make_app(server, [wid])  # tracked by id only: no title known
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: app.session is not None, "the session")
            assert app.session is not None
            await wait_for(
                pilot,
                lambda: app.session.state.email(wid) is not None,  # type: ignore[union-attr]
                "the email",
            )
            await wait_for(
                pilot, lambda: cells(app, wid)[1] == "≈ Lead enrichment bot", "the derived name"
            )
