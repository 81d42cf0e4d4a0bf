"""A running worker's output and the Markdown widget that shows it: probes and runs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from handinger_tui.core.state import Key, Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.detail.pane import WorkerDetail, output_parser
from tests.support.output import worker_with_output
from tests.support.pilot import make_app, wait_for


class MarkdownProbe:
    """Records what reaches the Markdown widget; can hold a render in flight."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, hold: str | None = None) -> None:
        self.texts: list[str] = []  # every update() / append() argument, in order
        self.updates: list[str] = []  # the update() arguments alone (a redraw from scratch)
        self.held: list[str] = []
        self.hold = hold
        self.release = asyncio.Event()  # a held render goes on once this is set
        self.finished: list[str] = []  # held pieces that ended normally (never cancelled)
        original_update, original_append = Markdown.update, Markdown.append

        def wrap(original: Any) -> Any:
            def call(widget: Markdown, markdown: str) -> AwaitComplete:
                self.texts.append(markdown)
                if original is original_update:
                    self.updates.append(markdown)
                if self.hold is not None and self.hold in markdown:
                    return AwaitComplete(self._held(markdown))
                result: AwaitComplete = original(widget, markdown)
                return result

            return call

        monkeypatch.setattr(Markdown, "update", wrap(original_update))
        monkeypatch.setattr(Markdown, "append", wrap(original_append))

    def _held(self, text: str) -> Coroutine[Any, Any, None]:
        async def wait() -> None:
            self.held.append(text)
            await self.release.wait()
            self.finished.append(text)

        return wait()

    def got(self, marker: str) -> int:
        """How many texts naming `marker` reached the widget."""
        return sum(marker in text for text in self.texts)


def detail(app: HandingerApp) -> WorkerDetail:
    return app.main_screen.query_one(WorkerDetail)


def source(app: HandingerApp) -> str:
    markdowns = app.main_screen.query("#detail-output")
    return markdowns.first(Markdown).source if markdowns else ""


def known_output(app: HandingerApp, worker_id: str) -> str:
    """The output the app holds for a worker (rendered or not)."""
    assert app.session is not None
    worker = app.session.state.worker(worker_id)
    return str(worker.output_text or "") if worker is not None else ""


async def polls(pilot: Any, app: HandingerApp, worker_id: str, count: int) -> None:
    """Wait until the worker has been fetched `count` more times."""
    assert app.session is not None
    state = app.session.state
    seen: list[float] = []  # when the next poll was due, after each answer

    def fetched() -> bool:
        # Not the value itself: an identical answer is the same parsed object.
        res = state.resources.get(Key(Kind.WORKER, worker_id))
        answered = res is not None and res.loaded and not res.in_flight
        if res is not None and answered and (not seen or seen[-1] != res.next_due):
            seen.append(res.next_due)
        return len(seen) > count

    await wait_for(pilot, fetched, f"{count} more polls of {worker_id}", limit=30)


def half_run(
    server: EmulatorServer, pool: ThreadPoolExecutor, answer: str | None = None
) -> tuple[dict[str, Any], str, str, Future[httpx.Response]]:
    """A worker half-way through a run on a frozen clock: it, its output so far, its answer
    (the emulator's, or `answer`).

    ``POST /api/tasks`` answers once the run ends, so it is left waiting in `pool`.
    """
    server.freeze_clock(True)
    with httpx.Client(base_url=server.base_url, headers=_auth(server), timeout=30) as http:
        worker: dict[str, Any] = http.post("/api/workers", json={"title": "Growing"}).json()
    wid = worker["id"]
    run = pool.submit(
        httpx.post,
        f"{server.base_url}/api/tasks",
        json={"workerId": wid, "input": "Grow"},
        headers=_auth(server),
        timeout=60,
    )
    deadline = time.monotonic() + 15
    while not server.store.workers[wid].last_task_id:
        assert time.monotonic() < deadline, "the run did not start"
        time.sleep(0.01)
    if answer is not None:
        run_task = server.store.tasks[server.store.workers[wid].last_task_id or ""]
        server.store.turns[run_task.turn_ids[-1]].answer = answer
    server.advance_clock(1.8)  # about half of the 3 s run
    with httpx.Client(base_url=server.base_url, headers=_auth(server), timeout=30) as http:
        partial: str = http.get(f"/api/workers/{wid}").json()["output_text"]
    task = server.store.tasks[server.store.workers[wid].last_task_id or ""]
    return worker, partial, server.store.turns[task.turn_ids[-1]].answer, run


def tail(app: HandingerApp) -> str:
    """The text under the Markdown: a running worker's block still being written."""
    box = app.main_screen.query_one("#output-tail", Static)
    return str(box.content) if box.display else ""


def _auth(server: EmulatorServer) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.api_key}"}


def blocks(markdown: Markdown) -> list[str]:
    """Every block of a Markdown widget, with its text, in order."""
    out = []
    for block in markdown.query(MarkdownBlock):
        text = block.code if isinstance(block, MarkdownFence) else block._content.plain
        out.append(f"{type(block).__name__}: {text}")
    return out


async def rendered_and_reference(
    server: EmulatorServer, output: str
) -> tuple[list[str], list[str]]:
    """The blocks the detail pane drew for a worker whose output is `output` (in pieces),
    and the blocks one `update` of the same text gives."""
    worker = worker_with_output(server, "Blocks", output)
    app = make_app(server, [worker["id"]], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: source(app) == output, "the output", 30)
        await wait_for(pilot, lambda: detail(app).settled, "the render to finish", 30)
        reference = Markdown(id="reference", parser_factory=output_parser)
        await app.main_screen.mount(reference)
        await reference.update(output)
        shown = app.main_screen.query_one("#detail-output", Markdown)
        return blocks(shown), blocks(reference)
