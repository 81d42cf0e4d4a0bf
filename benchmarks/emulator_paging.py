"""Webhook execution pages from the emulator at 100 to 100,000 executions.

    .venv/bin/python benchmarks/emulator_paging.py [runs]

For each history size, one worker's executions are put in the emulator's store and pages
1, the middle one and the last are fetched over HTTP (a real request to the emulator on
loopback). Beside it, the handler's own time, and what the former scan-and-sort of every
execution costs on the same store. Prints medians in milliseconds; asserts nothing.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial

import httpx

from handinger_tui.emulator import EmulatorServer
from handinger_tui.emulator.records import ExecutionRec
from handinger_tui.emulator.render import PAGE_SIZE, execution, execution_page
from handinger_tui.emulator.store import Store

SIZES = (100, 1_000, 10_000, 100_000)


def scan_and_sort(store: Store, worker_id: str, page: int) -> list[dict[str, object]]:
    """What every page request did before the per-worker index."""
    rows = [e for e in store.executions.values() if e.worker_id == worker_id]
    order = {e.id: i for i, e in enumerate(rows)}
    rows.sort(key=lambda e: (e.created_at, order[e.id]), reverse=True)
    start = (page - 1) * PAGE_SIZE
    return [execution(e) for e in rows[start : start + PAGE_SIZE]]


def fetch(http: httpx.Client, url: str) -> None:
    http.get(url).raise_for_status()


def median_ms(call: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; median of {runs} runs")
    print(
        f"{'executions':>10}  {'page':>5}  {'HTTP GET':>9}  {'handler':>8}  {'old scan+sort':>13}"
    )
    with EmulatorServer(seed="empty") as server:
        headers = {"Authorization": f"Bearer {server.api_key}"}
        with httpx.Client(base_url=server.base_url, headers=headers, trust_env=False) as http:
            worker_id = http.post("/api/workers", json={"title": "Busy webhook"}).json()["id"]
            store, added = server.store, 0
            for size in SIZES:
                for n in range(added, size):  # oldest first, as deliveries arrive
                    store.put("executions", _execution(worker_id, n))
                added = size
                last = math.ceil(size / PAGE_SIZE)
                for page in sorted({1, (last + 1) // 2, last}):
                    url = f"/api/workers/{worker_id}/webhook/executions?page={page}"
                    get = median_ms(partial(fetch, http, url), runs)
                    own = median_ms(partial(execution_page, store, worker_id, page), runs)
                    old = median_ms(partial(scan_and_sort, store, worker_id, page), runs)
                    print(f"{size:>10,}  {page:>5}  {get:>9.2f}  {own:>8.2f}  {old:>13.2f}")


def _execution(worker_id: str, n: int) -> ExecutionRec:
    return ExecutionRec(
        id=f"whe_bench_{n:07d}",
        worker_id=worker_id,
        created_at=1_700_000_000.0 + n,
        duration_ms=120,
        error_message=None,
        request_status="success",
        response_status=200,
        task_id=None,
        task_title=None,
        url="http://127.0.0.1:9/hook",
    )


if __name__ == "__main__":
    main()
