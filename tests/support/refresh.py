"""A refresh coordinator on a frozen clock: stepping it, settling it, counting its requests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from handinger_tui.core.refresh import Cadence, RefreshCoordinator
from handinger_tui.core.session import Session
from handinger_tui.emulator import EmulatorServer
from tests.support.clock import FrozenClock

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
