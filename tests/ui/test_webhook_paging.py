"""Webhook pages at 100,000 deliveries, on a real emulator: quick presses add up, first,
last and go-to page take one request, and the rows on screen are never blanked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from handinger_tui.core.state import Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.kit.row_details import RowDetailsScreen
from tests.support.emulator import TEST_API_KEY, delivered
from tests.support.pilot import FAST, column, make_app, static_text, table, wait_for

BIG = 100_000
PAGES = BIG // 50
ROUTE = "GET /api/workers/{workerId}/webhook/executions"
# Nothing is polled again while a test runs (a repoll would count as a request), no sweep.
STILL = replace(FAST, idle=600.0, rows=600.0, schedules=600.0, webhook=600.0, sweep_per_minute=0)
SLOW_PAGES = {"latencyMs": 400, "routes": [ROUTE]}  # a page is still loading as keys land


@pytest.fixture(scope="module")
def big() -> Iterator[tuple[EmulatorServer, str]]:
    """An emulator with one worker and 100,000 deliveries; 'delivery N', N=0 the oldest."""
    with EmulatorServer(api_key=TEST_API_KEY, seed="empty") as server:
        auth = {"Authorization": f"Bearer {TEST_API_KEY}"}
        made = httpx.post(
            f"{server.base_url}/api/workers", json={"title": "Busy hook"}, headers=auth
        )
        wid = made.json()["id"]
        start = time.time() - BIG
        for n in range(BIG):
            server.store.put("executions", delivered(wid, n, start + n))
        yield server, wid


def first_task_of(page: int) -> str:
    """The Task cell of the newest delivery of `page`."""
    return f"delivery {BIG - 1 - (page - 1) * 50}"


def pager(app: HandingerApp) -> str:
    return static_text(app, "#webhook-pager")


def tasks(app: HandingerApp) -> list[str]:
    return column(app, 4, "#executions")


def on_page(app: HandingerApp, page: int) -> bool:
    """Page `page` is on screen, loaded, and the pane is not heading elsewhere."""
    shown, line = tasks(app), pager(app).replace(",", "")  # '2,000' or '2000'
    return (
        line.startswith(f"page {page} of {PAGES}")
        and "going to" not in line
        and bool(shown)
        and shown[0] == first_task_of(page)
    )


async def opened(server: EmulatorServer, wid: str, app: HandingerApp, pilot: Pilot[None]) -> None:
    """Wait for page 1 of the worker's deliveries, with the webhook pane in front."""
    await wait_for(pilot, lambda: wid in table(app).order, "the row")
    await wait_for(pilot, lambda: on_page(app, 1), "page 1 of 2,000")
    await pilot.press("4")  # the webhook pane
    server.reset_stats()


def executions_requests(server: EmulatorServer) -> int:
    routes: dict[str, int] = server.stats()["routes"]
    return routes.get(ROUTE, 0)


async def test_five_quick_presses_land_five_pages_on(big: tuple[EmulatorServer, str]) -> None:
    server, wid = big
    app = make_app(server, [wid], cadence=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(server, wid, app, pilot)
        session = app.session
        assert session is not None
        most = 0

        def page_six_shown() -> bool:
            nonlocal most  # pages asked for at once
            waiting = session.state.connection.waiting
            most = max(most, sum(1 for key in waiting if key.kind is Kind.EXECUTIONS))
            return on_page(app, 6)

        server.set_faults(**SLOW_PAGES)
        try:
            await pilot.press(*["right_square_bracket"] * 5)  # no wait between them
            await wait_for(pilot, page_six_shown, "page 6", limit=30)
        finally:
            server.clear_faults()
        assert most == 1
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_for(pilot, lambda: on_page(app, 4), "page 4")


async def test_two_quick_presses_from_page_two_land_on_page_four(
    big: tuple[EmulatorServer, str],
) -> None:
    server, wid = big
    app = make_app(server, [wid], cadence=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(server, wid, app, pilot)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: on_page(app, 2), "page 2")
        server.set_faults(**SLOW_PAGES)
        try:
            await pilot.press("right_square_bracket", "right_square_bracket")
            await wait_for(pilot, lambda: on_page(app, 4), "page 4", limit=30)
        finally:
            server.clear_faults()


async def test_rows_stay_on_screen_while_the_next_page_loads(
    big: tuple[EmulatorServer, str],
) -> None:
    server, wid = big
    app = make_app(server, [wid], cadence=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(server, wid, app, pilot)
        first = tasks(app)
        server.set_faults(**SLOW_PAGES)
        seen: list[tuple[str, int]] = []

        def page_two_shown() -> bool:
            seen.append((pager(app), len(tasks(app))))
            return on_page(app, 2)

        try:
            await pilot.press("right_square_bracket")
            assert tasks(app) == first  # the old page stays, marked as such
            assert pager(app).startswith("page 1 of 2,000 · 100,000 deliveries → going to 2…")
            await wait_for(pilot, page_two_shown, "page 2", limit=30)
        finally:
            server.clear_faults()
        assert all(count == 50 for _text, count in seen), seen  # never blanked


async def test_last_first_and_go_to_take_one_request_each(
    big: tuple[EmulatorServer, str],
) -> None:
    server, wid = big
    app = make_app(server, [wid], cadence=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(server, wid, app, pilot)
        await pilot.press("right_curly_bracket")  # }
        await wait_for(pilot, lambda: on_page(app, PAGES), "the last page")
        assert tasks(app)[-1] == "delivery 0" and executions_requests(server) == 1
        server.reset_stats()
        await pilot.press("left_curly_bracket")  # {: page 1 is the list's own, already here
        await wait_for(pilot, lambda: on_page(app, 1), "the first page")
        assert executions_requests(server) <= 1
        server.reset_stats()
        await pilot.press("number_sign", *"1999", "enter")
        await wait_for(pilot, lambda: on_page(app, 1999), "page 1,999")
        assert executions_requests(server) == 1


async def test_go_to_past_the_end_is_refused_in_the_prompt_like_a_non_number(
    big: tuple[EmulatorServer, str],
) -> None:
    server, wid = big
    app = make_app(server, [wid], cadence=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(server, wid, app, pilot)
        await pilot.press("number_sign", *"12x", "enter")  # not a number: said, kept
        error = app.screen.query_one("#prompt-error", Static)
        assert "digits only" in str(error.content) and error.display
        await pilot.press("backspace", "backspace", "backspace", *"2500", "enter")
        assert "Page 2,500 is past the end: the last page is 2,000." in str(error.content)
        assert app.screen.query_one("#prompt-input", Input).value == "2500"  # kept
        await pilot.press("backspace", "backspace", "backspace", *"000", "enter")
        await wait_for(pilot, lambda: on_page(app, PAGES), "the last page")
        assert executions_requests(server) == 1


async def test_enter_while_moving_shows_the_delivery_on_screen(
    big: tuple[EmulatorServer, str],
) -> None:
    """The rows kept while the next page loads are the ones Enter opens."""
    server, wid = big
    app = make_app(server, [wid], cadence=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await opened(server, wid, app, pilot)
        server.set_faults(**SLOW_PAGES)
        try:
            await pilot.press("right_square_bracket")
            assert "going to 2" in pager(app)
            await pilot.press("enter")  # the cursor is on page 1's newest delivery
            await wait_for(pilot, lambda: isinstance(app.screen, RowDetailsScreen), "details")
        finally:
            server.clear_faults()
        assert isinstance(app.screen, RowDetailsScreen)
        assert any(value == first_task_of(1) for _label, value in app.screen.fields)
