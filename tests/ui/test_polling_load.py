"""Polling load follows what is on screen, not how many workers are tracked: the foreground
need, plus the background sweep's own budget and nothing more."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest

from handinger_tui.core.refresh import Cadence
from handinger_tui.core.state import Kind
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from tests.support.clock import FrozenClock
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, wait_for

STEPS = 10
STATE_ROUTE = "GET /api/workers/{workerId}"


@pytest.mark.timeout(600)  # 5,000 workers are created over HTTP, and the list holds them all
@pytest.mark.parametrize("tracked", [500, 5000])
async def test_tracked_workers_cost_only_the_visible_rows_and_the_sweep_budget(
    emulator: EmulatorServer, tracked: int
) -> None:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=headers) as http:
        ids: list[str] = []
        for start in range(0, tracked, 100):
            batch = [
                http.post("/api/workers", json={"title": f"Worker {n:04d}"})
                for n in range(start, start + 100)
            ]
            ids += [r.json()["id"] for r in await asyncio.gather(*batch)]
    clock = FrozenClock(DEMO_INSTANT)
    cadence = Cadence()  # the real defaults, the sweep's 12 a minute among them
    app = make_app(emulator, ids, cadence=replace(cadence, sweep_per_minute=0), clock=clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session", limit=60)
        assert app.session is not None
        coordinator, state = app.session.coordinator, app.session.state

        def settled() -> bool:
            now = clock.monotonic()
            return coordinator.in_flight == 0 and all(
                (res := state.resources.get(key)) is not None
                and (res.next_due > now or interval == float("inf"))
                for key, interval in coordinator.wanted()
            )

        on_screen: set[str | None] = set()  # rows shown at some step (a relayout may shift them)

        async def run_steps() -> dict[str, int]:
            """STEPS rounds of the list interval (100 s on the frozen clock), as counted."""
            emulator.reset_stats()
            for _ in range(STEPS):
                on_screen.update(state.visible)
                on_screen.add(state.selected)
                clock.advance(cadence.rows)
                coordinator.poke()
                await wait_for(pilot, settled, "a refresh round", limit=60)
            stats = emulator.stats()
            return {"total": stats["total"], **stats["routes"]}

        # By name, so the rows on screen stay the same rows: sorted by status, each worker the
        # sweep reads can move into view, and what is on screen is foreground work.
        await pilot.press("s")
        assert app.main_screen.sort_mode == "name"
        await wait_for(
            pilot, lambda: len(state.visible) > 0 and settled(), "the first load", limit=120
        )
        visible = len(state.visible)
        assert 10 <= visible <= 25, visible
        began = clock.now()
        foreground = await run_steps()
        polled = {
            key.worker_id
            for key, res in state.resources.items()
            if res.fetched_at is not None and res.fetched_at > began
        }
        assert polled <= on_screen | {*state.visible, state.selected}  # only what was shown

        coordinator.cadence = cadence  # the sweep on, at its default budget
        sweep_began = clock.now()
        with_sweep = await run_steps()
        seconds = STEPS * cadence.rows
        budget = cadence.sweep_per_minute * (seconds // 60 + 1)  # never more in any minute
        print(
            f"\n{tracked} tracked, {visible} visible, per {seconds:.0f} s: foreground "
            f"{foreground}; with the sweep {with_sweep}"
        )
        sweep = with_sweep["total"] - foreground["total"]
        assert 0 < sweep <= budget
        state_reads = foreground.get(STATE_ROUTE, 0)
        assert STEPS * (visible - 1) <= state_reads <= STEPS * (visible + 1)
        off_screen = {
            key.worker_id
            for key, res in state.resources.items()
            # read while the sweep ran (the first load, before the sort, showed other rows)
            if key.kind is Kind.WORKER
            and res.fetched_at is not None
            and res.fetched_at > sweep_began
            and key.worker_id not in on_screen
        }
        assert 0 < len(off_screen) <= budget  # the sweep reaches beyond the screen, slowly
