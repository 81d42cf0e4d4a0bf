"""A 5 MB worker output: time to show, key latency, memory over repeated selections.

    uv run python benchmarks/big_output.py [megabytes]

Runs the app headless on an emulator (in this process) tracking two workers: one whose
last run produced a Markdown output of the given size (5 MB by default), one with a
small output. Prints figures; asserts nothing.

- time to show: from selecting the big worker until its head is rendered and settled;
- key latency: from posting `down`/`up` until the cursor moved, with the big worker
  selected in turn (its output polled at 1 s meanwhile);
- RSS: resident memory before and after 10 selections of the big worker.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from typing import Any

import httpx

from handinger_tui.core.refresh import Cadence
from handinger_tui.core.registry import Registry
from handinger_tui.core.settings import ApiKey, Settings
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.detail.pane import WorkerDetail

API_KEY = "hdg_benchmark_key_0123456789abcdef"
CADENCE = Cadence(active=1.0, idle=1.0, rows=2.0, schedules=30.0, webhook=30.0)


def report(marker: str, size: int) -> str:
    paragraph = f"Finding for {marker}: the figures moved a little this week, see the table.\n\n"
    return (f"# Report {marker}\n\n" + paragraph * (size // len(paragraph) + 1))[:size]


def worker_with_output(server: EmulatorServer, title: str, output: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as http:
        worker: dict[str, Any] = http.post("/api/workers", json={"title": title}).json()
        http.post("/api/tasks", json={"workerId": worker["id"], "input": "Report"})
    task_id = server.store.workers[worker["id"]].last_task_id or ""
    server.store.turns[server.store.tasks[task_id].turn_ids[-1]].answer = output
    server.advance_clock(120)
    return worker


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * 4096 / 2**20


async def wait(condition: Any, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        await asyncio.sleep(0.005)


async def measure(size: int) -> None:
    with EmulatorServer(api_key=API_KEY, seed="empty") as server:
        big = worker_with_output(server, "A big report", report("BIG", size))
        small = worker_with_output(server, "B small report", report("SMALL", 2000))

        def registry(base_url: str) -> Registry:
            reg = Registry.in_memory(base_url)
            for template in (big, small):
                reg.remember_template(template, source="benchmark")
            return reg

        launch = Launch(
            settings=Settings(base_url=server.base_url, api_key=ApiKey(API_KEY)),
            workers=(big["id"], small["id"]),
            registry_factory=registry,
            cadence=CADENCE,
        )
        app = HandingerApp(launch)
        async with app.run_test(size=(160, 48)) as pilot:
            await wait(lambda: app.session is not None)
            screen = app.main_screen
            detail = screen.query_one(WorkerDetail)
            state = app.session.state  # type: ignore[union-attr]

            def known_output(worker_id: str) -> str:
                worker = state.worker(worker_id)
                return worker.output_text if worker is not None else ""

            def shown(marker: str) -> bool:
                markdowns = screen.query("#detail-output")
                return (
                    detail.settled
                    and bool(markdowns)
                    and markdowns.first().display
                    and marker in markdowns.first().source  # type: ignore[attr-defined]
                )

            screen.select_worker(small["id"])
            await wait(lambda: shown("Report SMALL"))
            await wait(lambda: len(known_output(big["id"])) == size)
            start = time.perf_counter()
            screen.select_worker(big["id"])
            await wait(lambda: shown("Report BIG"))
            took = time.perf_counter() - start
            print(f"time to show a {size / 2**20:.1f} MB output: {took:.2f} s")

            table = screen.query_one("#worker-table")
            samples: list[float] = []
            for i in range(30):
                row = table.cursor_row  # type: ignore[attr-defined]
                begin = time.perf_counter()
                app.simulate_key("down" if row == 0 else "up")
                while table.cursor_row == row:  # type: ignore[attr-defined]  # noqa: ASYNC110
                    await asyncio.sleep(0.001)
                samples.append((time.perf_counter() - begin) * 1000)
                await pilot.pause(0.4 if i % 2 else 0.05)  # sometimes mid-render, sometimes not
            samples.sort()
            print(
                f"key -> cursor moved: median {statistics.median(samples):.1f} ms, "
                f"p95 {samples[int(len(samples) * 0.95) - 1]:.1f} ms, max {samples[-1]:.1f} ms"
            )

            before = rss_mb()
            for _ in range(10):
                screen.select_worker(small["id"])
                await wait(lambda: shown("Report SMALL"))
                screen.select_worker(big["id"])
                await wait(lambda: shown("Report BIG"))
            print(
                f"RSS: {before:.0f} MB before, {rss_mb():.0f} MB after 10 selections "
                f"of the big output ({detail.renders} Markdown renders in all)"
            )


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    cores = os.cpu_count() or 1
    print(f"load average {os.getloadavg()[0]:.1f} on {cores} cores (latency scales with it)")
    asyncio.run(measure(int(megabytes * 2**20)))


if __name__ == "__main__":
    main()
