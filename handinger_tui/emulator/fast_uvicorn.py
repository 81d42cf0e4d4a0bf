"""A uvicorn ``Server`` that stops in milliseconds instead of uvicorn's fixed 0.1 s sleeps.

Every test starts and stops an emulator, so shutdown latency adds up. The overrides keep
uvicorn's order (stop accepting, ask connections to finish, wait with a grace period, then
the lifespan shutdown) but poll every 10 ms during shutdown. While serving, the main loop
wakes once a second (uvicorn's date header changes that often) or at once when asked to
exit: polling every 10 ms cost an idle emulator about 1% of a core.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

import uvicorn

POLL = 0.01
TICK = 1.0  # seconds between two uvicorn ticks; each counts as ten of uvicorn's 0.1 s ticks


class FastServer(uvicorn.Server):
    """uvicorn.Server whose main loop sleeps until a second has passed or exit is asked."""

    def __init__(self, config: uvicorn.Config) -> None:
        self._exit_asked: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._should_exit = False
        super().__init__(config)

    @property
    def should_exit(self) -> bool:
        return self._should_exit

    @should_exit.setter
    def should_exit(self, value: bool) -> None:
        """Set from any thread (``EmulatorServer.stop``) or a signal: wakes the main loop."""
        self._should_exit = value
        loop, asked = self._loop, self._exit_asked
        if value and loop is not None and asked is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing to wake
                loop.call_soon_threadsafe(asked.set)

    async def main_loop(self) -> None:
        self._loop, self._exit_asked = asyncio.get_running_loop(), asyncio.Event()
        counter = 0
        should_exit: bool = await self.on_tick(counter)
        while not should_exit and not self.should_exit:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._exit_asked.wait(), TICK)
            if self.should_exit:
                break
            counter = (counter + 10) % 864000  # uvicorn's date header: on multiples of ten
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        grace = float(self.config.timeout_graceful_shutdown or 0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while (self.server_state.connections or self.server_state.tasks) and not self.force_exit:
            if loop.time() >= deadline:
                for task in self.server_state.tasks:
                    task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
                break
            await asyncio.sleep(POLL)
        for server in self.servers:
            await server.wait_closed()
        if not self.force_exit:
            await self.lifespan.shutdown()
