"""Trouble never makes polling heavier: counted on the emulator, on the coordinator's clock.

The coordinator runs headless against a real emulator; a FrozenClock stands for time, and
each step advances it one second and lets every request that became due finish. Requests
are counted by the emulator itself (`/_emulator/stats`).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from handinger_tui.core.formatting import freshness
from handinger_tui.core.refresh import Cadence, RefreshCoordinator
from handinger_tui.core.registry import Registry
from handinger_tui.core.session import Session
from handinger_tui.core.state import FrozenClock, Key, Trouble
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import TEST_API_KEY

WORKERS = 10
CADENCE = Cadence()  # the real defaults


async def until(predicate: Callable[[], bool], what: str, limit: float = 15.0) -> None:
    """Let the loop run until `predicate()` holds (a condition, not a timing)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {limit}s waiting for {what}")
        await asyncio.sleep(0.001)


async def settle(coordinator: RefreshCoordinator) -> None:
    """Start whatever is due now and wait until every request has finished."""
    while True:
        coordinator.launch_due()
        if coordinator.in_flight == 0:
            return
        await until(lambda: coordinator.in_flight == 0, "requests in flight")


class Rig:
    """A session on an emulator, ten visible workers, the first one selected."""

    def __init__(self, emulator: EmulatorServer, session: Session, clock: FrozenClock) -> None:
        self.emulator = emulator
        self.session = session
        self.clock = clock
        self.coordinator = session.coordinator

    async def step(self, seconds: int = 1) -> None:
        for _ in range(seconds):
            self.clock.advance(1.0)
            await settle(self.coordinator)

    async def per_minute(self, minutes: int) -> list[int]:
        """Requests the emulator counted in each of the next `minutes` minutes."""
        counts = []
        for _ in range(minutes):
            before = self.emulator.stats()["total"]
            await self.step(60)
            counts.append(self.emulator.stats()["total"] - before)
        return counts


@pytest.fixture
async def rig(emulator: EmulatorServer) -> AsyncIterator[Rig]:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=headers) as http:
        made = [http.post("/api/workers", json={"title": f"W{n}"}) for n in range(WORKERS)]
        ids = [r.json()["id"] for r in await asyncio.gather(*made)]
    clock = FrozenClock(DEMO_INSTANT)
    session = Session.open(
        api_key=TEST_API_KEY,
        base_url=emulator.base_url,
        registry=Registry.in_memory(emulator.base_url),
        track=ids,
        cadence=CADENCE,
        clock=clock,
    )
    session.coordinator.rng = random.Random(7).random
    session.state.visible = tuple(ids)
    session.state.selected = ids[0]
    await settle(session.coordinator)  # the first load
    try:
        yield Rig(emulator, session, clock)
    finally:
        await session.close()


@pytest.mark.parametrize(
    "faults",
    [
        {"errorRate": 0.3, "errorStatus": 503},
        {"dropRate": 0.3},
        {"rateLimitRate": 0.3, "retryAfter": 1},
    ],
)
async def test_thirty_percent_failures_add_no_load(rig: Rig, faults: dict[str, Any]) -> None:
    healthy = sum(await rig.per_minute(3)) / 3
    rig.emulator.set_faults(**faults, seed=11)
    faulty = sum(await rig.per_minute(6)) / 6
    print(f"\nrequests per minute: healthy {healthy:.1f}, 30% failing {faulty:.1f}")
    assert healthy > 50  # the rig polls what it should
    assert faulty <= 1.1 * healthy


@pytest.mark.parametrize(
    ("faults", "trouble"),
    [
        ({"errorRate": 1.0, "errorStatus": 503}, Trouble.SERVER),
        ({"dropRate": 1.0}, Trouble.UNREACHABLE),
    ],
)
async def test_full_outage_halves_the_load_within_two_minutes_then_recovers(
    rig: Rig, faults: dict[str, object], trouble: Trouble
) -> None:
    healthy = sum(await rig.per_minute(2)) / 2
    rig.emulator.set_faults(**faults)
    first, second, *later = await rig.per_minute(5)
    print(f"\nhealthy {healthy:.1f}/min; outage minute by minute: {first}, {second}, {later}")
    assert second <= 0.5 * healthy
    conn = rig.session.state.connection
    assert conn.ok is False and conn.trouble is trouble and conn.outage
    state, mono = rig.session.state, rig.clock.monotonic()
    for key, _interval in rig.coordinator.wanted():  # panes say when, not "retrying now"
        label = freshness([state.resources[key]], rig.clock.now(), mono)
        assert "retrying now" not in label, (key, label)

    rig.emulator.clear_faults()
    await _until_first_success(rig)
    recovered_at = rig.clock.monotonic()
    wanted = dict(rig.coordinator.wanted())
    fresh_at: dict[Key, float] = {}
    for _ in range(int(max(i for i in wanted.values() if i != float("inf"))) + 1):
        for key in wanted:
            res = rig.session.state.resources[key]
            if key not in fresh_at and res.error is None:
                fresh_at[key] = rig.clock.monotonic()
        await rig.step()
    late = {
        str(key): (fresh_at.get(key, float("inf")) - recovered_at, interval)
        for key, interval in wanted.items()
        if fresh_at.get(key, float("inf")) - recovered_at > min(interval, CADENCE.idle)
    }
    assert not late, f"not recovered within one normal interval: {late}"
    assert conn.ok and not conn.outage


async def _until_first_success(rig: Rig) -> None:
    for _ in range(int(CADENCE.backoff_max) + 2):
        if rig.session.state.connection.ok:
            return
        await rig.step()
    raise AssertionError("no request succeeded after the outage ended")
