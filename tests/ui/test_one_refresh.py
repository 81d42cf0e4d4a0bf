"""After a change, exactly one refresh request and one re-render (issue 8)."""

from __future__ import annotations

from typing import Any

import httpx

from handinger_tui.core.refresh import Cadence
from handinger_tui.core.state import Key, Kind
from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, wait_for

# Nothing polls on its own during the test: every request counted follows the change.
QUIET = Cadence(active=600, idle=600, rows=600, schedules=600, webhook=600, sweep_per_minute=0)
LIST_SCHEDULES = "GET /api/workers/{workerId}/schedules"


def _worker(server: EmulatorServer) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    with httpx.Client(base_url=server.base_url, headers=headers) as http:
        made: dict[str, Any] = http.post("/api/workers", json={"title": "Digest"}).json()
        return made


async def test_one_refresh_and_one_render_per_created_schedule(emulator: EmulatorServer) -> None:
    """Before: the operation and the screen each asked for a refresh, and each re-rendered."""
    worker = _worker(emulator)
    app = make_app(emulator, [worker["id"]], cadence=QUIET)
    main = app.main_screen
    main._tick = lambda: None  # type: ignore[method-assign]  # only the change renders
    renders: list[int] = []
    render = main._render_selected

    def counted() -> None:
        renders.append(1)
        render()

    main._render_selected = counted  # type: ignore[method-assign]
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(
            pilot,
            lambda: (
                app.session is not None and app.session.state.schedules(worker["id"]) is not None
            ),
            "the schedules listed",
        )
        await pilot.press("c")
        await wait_for(pilot, lambda: bool(app.screen.query("#when")), "the schedule form")
        await pilot.click("#kind-delayed")
        await pilot.click("#when")
        await pilot.press(*"15m")
        await pilot.click("#input")
        await pilot.press(*"Daily digest")
        await pilot.pause()
        emulator.reset_stats()
        emulator.set_faults(latencyMs=1500, methods=["GET"])  # the refresh is slow to answer
        renders.clear()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is main, "the form closed")
        session = app.session
        assert session is not None
        await wait_for(pilot, lambda: session.coordinator.in_flight > 0, "the refresh asked")
        await pilot.pause()
        assert len(renders) == 1  # the change shown once, before any answer
        await wait_for(pilot, lambda: session.coordinator.in_flight == 0, "the answers", 20)
        emulator.clear_faults()
        listed = session.state.resource(Key(Kind.SCHEDULES, worker["id"]))
        clock = session.coordinator.clock
        await wait_for(
            pilot,
            lambda: session.coordinator.in_flight == 0 and listed.next_due > clock.monotonic(),
            "nothing more due",
        )
        routes = emulator.stats()["routes"]
        assert routes.get("POST /api/workers/{workerId}/schedules") == 1
        assert routes.get(LIST_SCHEDULES) == 1, routes
