"""An idle emulator sleeps: its server loop wakes once a second, or at once to stop.

The demo emulator runs beside the explorer, so its idle wake-ups count in the explorer's
rest CPU; polling every 10 ms for a stop request cost about 1% of a core.
"""

from __future__ import annotations

import pytest

from handinger_tui.emulator import EmulatorServer
from handinger_tui.emulator.fast_uvicorn import FastServer
from tests.support.emulator import TEST_API_KEY, wait_until


def test_the_server_loop_ticks_once_a_second_and_stops_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticks: list[int] = []
    real = FastServer.on_tick

    async def counting(self: FastServer, counter: int) -> bool:
        ticks.append(counter)
        return await real(self, counter)

    monkeypatch.setattr(FastServer, "on_tick", counting)
    server = EmulatorServer(api_key=TEST_API_KEY, seed="empty").start()
    try:
        wait_until(lambda: len(ticks) >= 3, timeout=30, what="three ticks of the server loop")
        # Each tick stands for a second of uvicorn's 0.1 s ticks: the date header moves.
        assert ticks[:3] == [0, 10, 20]
    finally:
        server.stop()
