"""A uvicorn ``Server`` that stops in milliseconds instead of uvicorn's fixed 0.1 s sleeps.

Every test starts and stops an emulator, so shutdown latency adds up. The overrides keep
uvicorn's order (stop accepting, ask connections to finish, wait with a grace period, then
the lifespan shutdown) but poll every 10 ms.
"""

from __future__ import annotations

import asyncio
import socket

import uvicorn

POLL = 0.01


class FastServer(uvicorn.Server):
    """uvicorn.Server with 10 ms polling in the main loop and during shutdown."""

    async def main_loop(self) -> None:
        counter = 0
        should_exit: bool = await self.on_tick(counter)
        elapsed = 0.0
        while not should_exit:
            await asyncio.sleep(POLL)
            elapsed += POLL
            if self.should_exit:
                break
            if elapsed >= 0.1:  # uvicorn's own cadence for date headers and limits
                elapsed = 0.0
                counter = (counter + 1) % 864000
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
