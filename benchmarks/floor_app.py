"""The floor: the least any explorer on this stack pays to show live rows on ``--demo``.

    .venv/bin/python benchmarks/floor_app.py

``bare_app.py --table`` plus only what live rows need, started the way the explorer starts:
the demo's emulator child before Textual loads (``demo_process``), httpx, pydantic and the
typed client imported in a thread after the first frame, then each visible row's three
requests (the worker, its schedules, its webhook deliveries) through ``HandingerClient``,
all at once. No explorer: no panes, state, polling, sanitising or formatting. When every
visible row holds its answer, the same frame titles the box ``Workers · live``.

``run.py --only floor`` launches it beside the bare app and the explorer: how far the
filled list is from 2x the bare frame because of the stack, and how far because of the
explorer's own work.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import sys

gc.disable()  # as the explorer's CLI does until start-up is over

from handinger_tui.demo_process import DemoProcess  # noqa: E402 - stdlib only, before Textual

DEMO = DemoProcess.start()

from bare_app import TableFrame  # noqa: E402 - this folder, as the script's
from textual.widgets import DataTable  # noqa: E402

COLUMNS = ("Status", "Worker", "Schedules", "Last delivery")
LIVE = "Workers · live"


def import_client() -> None:
    """What the explorer's start-up thread imports before its first request."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    for name in ("httpcore", "httpcore._backends.anyio", "anyio._backends._asyncio"):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    importlib.import_module("handinger_tui.api.client")


class Floor(TableFrame):
    """The yardstick's table, its rows from the service."""

    def on_mount(self) -> None:
        self.query_one("#box").border_title = "Workers"
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.call_after_refresh(lambda: self.run_worker(self.live()))

    async def live(self) -> None:
        imported = asyncio.get_running_loop().run_in_executor(None, import_client)
        target = await asyncio.to_thread(DEMO.target)
        await imported
        from handinger_tui.api.client import HandingerClient  # loaded by the thread

        table = self.query_one(DataTable)
        rows_shown = self.query_one("#box").content_size.height - 1  # under the header
        ids = target.worker_ids[: max(1, rows_shown)]
        async with HandingerClient(target.api_key, target.base_url) as client:

            async def row(worker_id: str) -> tuple[str, ...]:
                # A refusal (the demo has a worker whose deliveries only its creator may
                # list) is a cell too, as in the explorer.
                worker, schedules, deliveries = await asyncio.gather(
                    client.workers.retrieve(worker_id),
                    client.workers.schedules.list(worker_id),
                    client.workers.webhooks.list_executions(worker_id),
                    return_exceptions=True,
                )
                status = "✘" if isinstance(worker, BaseException) else str(worker.status)
                count = "✘" if isinstance(schedules, BaseException) else len(schedules.schedules)
                last = (
                    "✘"
                    if isinstance(deliveries, BaseException)
                    else deliveries.logs[0].request_status
                    if deliveries.logs
                    else "—"
                )
                return status, worker_id[-12:], str(count), str(last)

            rows = await asyncio.gather(*(row(i) for i in ids))
            for cells in rows:
                table.add_row(*cells)
            self.query_one("#box").border_title = LIVE
        gc.enable()


if __name__ == "__main__":
    try:
        Floor().run()
    finally:
        DEMO.stop()
