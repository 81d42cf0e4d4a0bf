"""Polling load follows what is on screen, not how many workers are tracked."""

from __future__ import annotations

import asyncio

import httpx

from handinger_tui.core.refresh import Cadence
from handinger_tui.core.state import FrozenClock
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from tests.conftest import TEST_API_KEY
from tests.ui.helpers import make_app, wait_for

TRACKED = 500
STEPS = 10


async def test_500_tracked_workers_poll_only_the_visible_rows(emulator: EmulatorServer) -> None:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=headers) as http:
        ids: list[str] = []
        for start in range(0, TRACKED, 50):
            batch = [
                http.post("/api/workers", json={"title": f"Worker {n:03d}"})
                for n in range(start, start + 50)
            ]
            ids += [r.json()["id"] for r in await asyncio.gather(*batch)]
    clock = FrozenClock(DEMO_INSTANT)
    cadence = Cadence()  # the real defaults
    app = make_app(emulator, ids, cadence=cadence, clock=clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        coordinator, state = app.session.coordinator, app.session.state

        def settled() -> bool:
            now = clock.monotonic()
            return coordinator.in_flight == 0 and all(
                (res := state.resources.get(key)) is not None
                and (res.next_due > now or interval == float("inf"))
                for key, interval in coordinator.wanted()
            )

        await wait_for(pilot, lambda: len(state.visible) > 0 and settled(), "the first load")
        visible = len(state.visible)
        assert 10 <= visible <= 25, visible
        emulator.reset_stats()
        for _ in range(STEPS):  # 100 s of operator time, driven by the frozen clock
            clock.advance(cadence.rows)
            coordinator.poke()
            await wait_for(pilot, settled, "a refresh round")
        stats = emulator.stats()
        per_route = stats["routes"]
        polled = {key.worker_id for key in state.resources}
        print(
            f"\n{TRACKED} tracked, {visible} visible: {stats['total']} requests in "
            f"{STEPS * cadence.rows:.0f} s of clock time; {per_route}"
        )
        assert len(polled) <= visible + 1  # only what is on screen (and the selection)
        state_reads = per_route.get("GET /api/workers/{workerId}", 0)
        assert STEPS * (visible - 1) <= state_reads <= STEPS * (visible + 1)
        assert stats["total"] <= STEPS * (3 * visible + 5)
