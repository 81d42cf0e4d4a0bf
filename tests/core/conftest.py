"""Fixtures for the core tests."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import httpx
import pytest

from handinger_tui.core.registry import Registry
from handinger_tui.core.session import Session
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from tests.support.clock import FrozenClock
from tests.support.emulator import TEST_API_KEY
from tests.support.refresh import CADENCE, Rig, settle

WORKERS = 10


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
