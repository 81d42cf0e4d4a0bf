"""Does polling delay a key press? Cursor moves timed with polling off and under heavy polling.

    uv run python benchmarks/key_latency.py [presses]

Runs the app headless on the demo emulator (in this process). For each press of `down`/`up`
it measures the time from posting the key event until the
newly selected worker. With polling at 0.1 s for everything (20x the defaults) the figures
should match the idle ones. Prints figures; asserts nothing.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time

from handinger_tui import demo
from handinger_tui.core.refresh import Cadence
from handinger_tui.ui.app import HandingerApp, Launch

IDLE = Cadence(active=3600, idle=3600, rows=3600, schedules=3600, webhook=3600)
DEFAULT = Cadence()
BUSY = Cadence(active=0.5, idle=0.5, rows=1.0, schedules=2.0, webhook=2.0)  # ~10x the defaults


async def measure(cadence: Cadence, presses: int) -> tuple[list[float], int]:
    server = demo.start_server()
    target = demo.target(server)
    app = HandingerApp(Launch(start_demo=lambda: target, cadence=cadence))
    samples: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        while app.session is None:
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        table = app.main_screen.query_one("#worker-table")
        before = server.stats()["total"]
        for i in range(presses):
            key = "down" if (i // 5) % 2 == 0 else "up"
            row = table.cursor_row  # type: ignore[attr-defined]
            start = time.perf_counter()
            app.simulate_key(key)  # posted like a real key press; no Pilot waiting
            while table.cursor_row == row:  # type: ignore[attr-defined]  # noqa: ASYNC110
                await asyncio.sleep(0.001)
            samples.append((time.perf_counter() - start) * 1000)
            await pilot.pause(0.3)
        requests = server.stats()["total"] - before
    return samples, requests


def main() -> None:
    presses = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    cases = (("polling off", IDLE), ("default polling", DEFAULT), ("~10x default polling", BUSY))
    for label, cadence in cases:
        samples, requests = asyncio.run(measure(cadence, presses))
        samples.sort()
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(
            f"{label:22s} key -> cursor moved: median {statistics.median(samples):5.1f} ms, "
            f"p95 {p95:5.1f} ms, max {samples[-1]:5.1f} ms ({requests} requests meanwhile)"
        )


if __name__ == "__main__":
    main()
