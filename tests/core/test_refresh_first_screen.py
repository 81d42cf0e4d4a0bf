"""The first screen fills before the background sweep starts: at launch, every key on screen
gets its first answer before a request goes out for a worker off screen."""

from __future__ import annotations

import asyncio
import random

import httpx

from handinger_tui.core.refresh import Cadence
from handinger_tui.core.registry import Registry
from handinger_tui.core.session import Session
from handinger_tui.core.state import Key
from handinger_tui.demo import DEMO_INSTANT
from handinger_tui.emulator import EmulatorServer
from tests.support.clock import FrozenClock
from tests.support.emulator import TEST_API_KEY
from tests.support.refresh import until

TRACKED = 12
VISIBLE = 3


async def test_the_sweep_starts_after_the_screen_has_its_first_answers(
    emulator: EmulatorServer,
) -> None:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=headers) as http:
        made = [http.post("/api/workers", json={"title": f"F{n}"}) for n in range(TRACKED)]
        ids = [r.json()["id"] for r in await asyncio.gather(*made)]
    session = Session.open(
        api_key=TEST_API_KEY,
        base_url=emulator.base_url,
        registry=Registry.in_memory(emulator.base_url),
        track=ids,
        cadence=Cadence(max_in_flight=4, sweep_per_minute=60),
        clock=FrozenClock(DEMO_INSTANT),
    )
    coordinator, state = session.coordinator, session.state
    coordinator.rng = random.Random(7).random
    state.visible = tuple(ids[:VISIBLE])
    state.selected = ids[0]
    on_screen = {key for key, _interval in coordinator.wanted()}
    answers: list[Key] = []
    coordinator.subscribe(answers.append)

    def pending() -> list[Key]:
        """Keys on screen with neither a value nor a failure yet."""
        return [
            k for k in on_screen if not state.resource(k).loaded and not state.resource(k).failures
        ]

    def off_screen_in_flight() -> list[Key]:
        return [k for k, res in state.resources.items() if res.in_flight and k not in on_screen]

    early: list[tuple[list[Key], int]] = []
    try:
        while pending():
            assert not coordinator.screen_answered()  # what the explorer paces renders by
            coordinator.launch_due()
            if (swept := off_screen_in_flight()) and pending():
                early.append((swept, len(pending())))
            seen = len(answers)
            await until(lambda: len(answers) > seen, "an answer")  # noqa: B023
        assert early == [], f"the sweep went out while the screen waited: {early}"
        assert coordinator.screen_answered()
        coordinator.launch_due()
        assert off_screen_in_flight(), "the sweep starts once the screen has its answers"
    finally:
        await session.close()
