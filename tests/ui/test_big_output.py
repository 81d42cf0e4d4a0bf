"""A 5 MB worker output: a bounded head, its size, rendered once, only when seen, cancellable."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from rich.text import Text
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownBlock, MarkdownFence

from handinger_tui.core.output_view import HEAD_BYTES, settled
from handinger_tui.core.state import Key, Kind
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.detail import pane
from handinger_tui.ui.detail.pane import WorkerDetail
from tests.support.emulator import TEST_API_KEY
from tests.support.output import report, worker_with_output
from tests.support.pilot import make_app, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
FIVE_MB = 5 * 1024 * 1024
TALL = 120  # rows: the whole growing answer fits in the detail pane, so each growth is seen


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


async def test_a_5mb_output_shows_a_bounded_head_and_its_size(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = MarkdownProbe(monkeypatch)
    big = worker_with_output(emulator, "Big report", report("BIG", FIVE_MB))
    app = make_app(emulator, [big["id"]], templates=[big])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: "Report BIG" in source(app), "the head of the output", 30)
        await wait_for(pilot, lambda: detail(app).settled, "the render to finish", 30)
        assert probe.texts and max(len(t.encode()) for t in probe.texts) <= HEAD_BYTES
        assert len(source(app).encode()) <= HEAD_BYTES
        assert report("BIG", FIVE_MB).startswith(source(app))
        size_line = str(app.main_screen.query_one("#output-size", Static).content)
        assert "of 5.0 MB" in size_line and "press o" in size_line, size_line


async def test_an_unchanged_output_renders_once_across_polls_and_reselection(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = MarkdownProbe(monkeypatch)
    big = worker_with_output(emulator, "A big report", report("BIG", FIVE_MB))
    small = worker_with_output(emulator, "B small report", report("SMALL", 2000))
    app = make_app(emulator, [big["id"], small["id"]], templates=[big, small])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        app.main_screen.select_worker(big["id"])
        await wait_for(pilot, lambda: "Report BIG" in source(app), "the head", 30)
        await wait_for(pilot, lambda: detail(app).settled, "the render to finish", 30)
        first = probe.got("Report BIG")
        assert first == 1
        await polls(pilot, app, big["id"], 3)
        # To the other worker and back before it had time to render: nothing to redo.
        app.main_screen._select(small["id"])
        app.main_screen._select(big["id"])
        await wait_for(pilot, lambda: detail(app).settled, "the selection to settle", 30)
        await polls(pilot, app, big["id"], 2)
        assert probe.got("Report BIG") == first
        assert "Report BIG" in source(app) and app.main_screen.query_one("#detail-output").display


async def test_a_hidden_detail_pane_renders_nothing_until_shown(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = MarkdownProbe(monkeypatch)
    big = worker_with_output(emulator, "Big report", report("BIG", FIVE_MB))
    app = make_app(emulator, [big["id"]], templates=[big])
    async with app.run_test(size=(80, 30)) as pilot:  # narrow: one pane at a time
        await wait_for(pilot, app.connected.is_set, "the panes composed and the session")
        await wait_for(pilot, lambda: "Report BIG" in (detail(app)._output or ""), "the output")
        await polls(pilot, app, big["id"], 2)
        assert probe.got("Report BIG") == 0
        assert not app.main_screen.query("#detail-output")
        await pilot.press("2")  # the detail pane
        await wait_for(pilot, lambda: "Report BIG" in source(app), "the head once shown", 30)


async def test_a_selection_left_within_the_debounce_never_renders(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = MarkdownProbe(monkeypatch)
    big = worker_with_output(emulator, "A big report", report("BIG", FIVE_MB))
    small = worker_with_output(emulator, "B small report", report("SMALL", 2000))
    app = make_app(emulator, [big["id"], small["id"]], templates=[big, small])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        app.main_screen.select_worker(small["id"])
        await wait_for(pilot, lambda: "Report SMALL" in source(app), "the small output", 30)
        await wait_for(
            pilot,
            lambda: "Report BIG" in known_output(app, big["id"]),
            "the big output to arrive",
            30,
        )
        app.main_screen._select(big["id"])  # the cursor passes over the big one...
        app.main_screen._select(small["id"])  # ...and moves on at once
        await wait_for(pilot, lambda: detail(app).settled, "the selection to settle", 30)
        await polls(pilot, app, small["id"], 1)
        assert probe.got("Report BIG") == 0
        assert "Report SMALL" in source(app)


async def test_moving_away_cancels_a_render_under_way(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = MarkdownProbe(monkeypatch, hold="Report BIG")  # the big render waits mid-way
    big = worker_with_output(emulator, "A big report", report("BIG", FIVE_MB))
    small = worker_with_output(emulator, "B small report", report("SMALL", 2000))
    app = make_app(emulator, [big["id"], small["id"]], templates=[big, small])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        app.main_screen.select_worker(big["id"])
        await wait_for(pilot, lambda: bool(probe.held), "the big render to start", 30)
        app.main_screen.select_worker(small["id"])
        await wait_for(pilot, lambda: detail(app)._generation > 1, "the big render to be dropped")
        big_pieces = probe.got("Report BIG")
        probe.release.set()  # the held piece ends; the big render must not add another
        await wait_for(pilot, lambda: "Report SMALL" in source(app), "the small output", 30)
        await wait_for(pilot, lambda: detail(app).settled, "the render to finish", 30)
        assert probe.got("Report BIG") == big_pieces
        assert "Report BIG" not in source(app)
        # Stopped at its next piece, not cancelled: a CancelledError inside Markdown's
        # update/append could reach the app's message loop and end the app silently.
        assert probe.finished == probe.held


def half_run(
    server: EmulatorServer, pool: ThreadPoolExecutor, answer: str | None = None
) -> tuple[dict[str, Any], str, str, Future[httpx.Response]]:
    """A worker half-way through a run on a frozen clock: it, its output so far, its answer
    (the emulator's, or `answer`).

    ``POST /api/tasks`` answers once the run ends, so it is left waiting in `pool`.
    """
    server.freeze_clock(True)
    with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=30) as http:
        worker: dict[str, Any] = http.post("/api/workers", json={"title": "Growing"}).json()
    wid = worker["id"]
    run = pool.submit(
        httpx.post,
        f"{server.base_url}/api/tasks",
        json={"workerId": wid, "input": "Grow"},
        headers=AUTH,
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
    with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=30) as http:
        partial: str = http.get(f"/api/workers/{wid}").json()["output_text"]
    task = server.store.tasks[server.store.workers[wid].last_task_id or ""]
    return worker, partial, server.store.turns[task.turn_ids[-1]].answer, run


def tail(app: HandingerApp) -> str:
    """The text under the Markdown: a running worker's block still being written."""
    box = app.main_screen.query_one("#output-tail", Static)
    return str(box.content) if box.display else ""


async def test_a_growing_output_is_appended_not_redrawn(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = MarkdownProbe(monkeypatch)
    with ThreadPoolExecutor(1) as pool:
        worker, partial, full, run = half_run(emulator, pool)
        assert 0 < len(partial) < len(full)
        blocks_so_far, being_written = settled(partial)
        assert blocks_so_far and being_written  # the run is half-way through a block
        app = make_app(emulator, [worker["id"]], templates=[worker])
        async with app.run_test(size=(160, TALL)) as pilot:
            await wait_for(pilot, lambda: source(app) == blocks_so_far, "the complete blocks")
            await wait_for(pilot, lambda: detail(app).settled, "the first render")
            assert tail(app) == being_written.rstrip("\n")  # as text, under the Markdown
            emulator.advance_clock(10)  # the run completes
            await wait_for(pilot, lambda: source(app) == full, "the whole answer", 30)
            await wait_for(pilot, lambda: detail(app).settled, "the second render")
            assert detail(app).renders == 2
            assert tail(app) == ""
            assert [u for u in probe.updates if u] == []  # never redrawn from the start
            assert len(probe.updates) <= 2  # the widget's own empty first update, one clear
        assert (await asyncio.wrap_future(run)).status_code == 200


async def test_a_running_output_renders_again_only_when_a_block_completes(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-parsing the block being written on every poll rebuilt a growing table whole (the
    demo's running worker, at rest): its growth shows as text until the block is done."""
    monkeypatch.setattr(pane, "MARKDOWN_MIN_INTERVAL", 0.0)
    probe = MarkdownProbe(monkeypatch)
    with ThreadPoolExecutor(1) as pool:
        worker, partial, full, run = half_run(emulator, pool)
        app = make_app(emulator, [worker["id"]], templates=[worker])
        async with app.run_test(size=(160, TALL)) as pilot:
            await wait_for(pilot, lambda: source(app) == settled(partial)[0], "the first blocks")
            outputs, parts = [partial], [settled(partial)[0]]
            while known_output(app, worker["id"]) != full:
                emulator.advance_clock(0.05)  # about 2% of the answer
                await polls(pilot, app, worker["id"], 1)
                await wait_for(pilot, lambda: detail(app).settled, "the render")
                output = known_output(app, worker["id"])
                if output == full:
                    break
                outputs.append(output)
                blocks_so_far, being_written = settled(output)
                assert source(app) == blocks_so_far
                assert tail(app) == being_written.rstrip("\n")
                if blocks_so_far != parts[-1]:
                    parts.append(blocks_so_far)
            await wait_for(pilot, lambda: source(app) == full, "the whole answer")
            await wait_for(pilot, lambda: detail(app).settled, "the last render")
            assert len(set(outputs)) > len(parts) > 2  # grew inside blocks, and across some
            assert detail(app).renders == len(parts) + 1  # one per completed block, the end
            assert len(probe.texts) - len(probe.updates) <= len(parts) + 1
            emulator.advance_clock(10)
        assert (await asyncio.wrap_future(run)).status_code == 200


async def test_growth_below_what_the_pane_shows_waits_until_scrolled_to(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At rest the demo's running worker grew under the fold, and each growth re-laid out
    the whole screen: it is rendered once the operator scrolls to where it grows."""
    probe = MarkdownProbe(monkeypatch)
    with ThreadPoolExecutor(1) as pool:
        worker, partial, full, run = half_run(emulator, pool)
        app = make_app(emulator, [worker["id"]], templates=[worker])
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: source(app) == settled(partial)[0], "the first blocks")
            await wait_for(pilot, lambda: detail(app).settled, "the first render")
            pane = detail(app)
            assert pane.scroll_y == 0 and pane._growth_hidden()  # the end is under the fold
            shown, texts, renders = tail(app), len(probe.texts), pane.renders
            emulator.advance_clock(10)  # the run completes: the rest of the answer comes
            await wait_for(pilot, lambda: known_output(app, worker["id"]) == full, "the answer")
            await polls(pilot, app, worker["id"], 1)
            await pilot.pause()
            assert (tail(app), len(probe.texts), pane.renders) == (shown, texts, renders)
            pane.scroll_end(animate=False)
            await wait_for(pilot, lambda: source(app) == full, "the answer, scrolled to", 30)
            await wait_for(pilot, lambda: pane.settled, "the render")
            assert tail(app) == "" and pane.renders == renders + 1
        assert (await asyncio.wrap_future(run)).status_code == 200


async def test_an_output_that_starts_anew_renders_though_its_old_end_was_below(
    emulator: EmulatorServer,
) -> None:
    """Only growth at the end waits to be scrolled to: a new output changes the top."""
    worker = worker_with_output(emulator, "Long", report("OLD", 8000))
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: "Report OLD" in source(app), "the old output", 30)
        await wait_for(pilot, lambda: detail(app).settled, "the render")
        pane = detail(app)
        assert pane._growth_hidden()  # its end is under the fold
        task_id = emulator.store.workers[worker["id"]].last_task_id or ""
        turn_id = emulator.store.tasks[task_id].turn_ids[-1]
        emulator.store.turns[turn_id].answer = report("NEW", 8000)
        await wait_for(pilot, lambda: "Report NEW" in source(app), "the new output", 30)


async def test_the_block_being_written_is_clean_text(
    emulator: EmulatorServer,
) -> None:
    """The text under the Markdown is worker output too: no escape sequence, no bidi
    override, no markup reaches the terminal through it."""
    hostile = "[bold]still[/bold] writing \x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m \u202e "
    answer = "# Report\n\nDone part.\n\n" + hostile * 30 + "\n\nEnd.\n"
    with ThreadPoolExecutor(1) as pool:
        worker, partial, _full, run = half_run(emulator, pool, answer)
        assert "\x1b" in settled(partial)[1]  # the run is inside the hostile block
        app = make_app(emulator, [worker["id"]], templates=[worker])
        async with app.run_test(size=(160, TALL)) as pilot:
            await wait_for(pilot, lambda: "still" in tail(app), "the block being written")
            shown = tail(app)
            assert "[bold]still[/bold] writing" in shown  # literally, not as markup
            assert not any(ch in shown for ch in "\x1b\x07\x9b\u202e"), repr(shown[:80])
            box = app.main_screen.query_one("#output-tail", Static)
            assert isinstance(box.content, Text) and not box.content.spans
            emulator.advance_clock(10)
        assert (await asyncio.wrap_future(run)).status_code == 200


TRICKY = (
    "# Title\n\n"
    + "".join(f"{i}. item {i}\n   more of item {i}\n" for i in range(1, 30))
    + "\n```python\n"
    + "x = 1\n" * 40
    + "```\n\n| a | b |\n|---|---|\n"
    + "| 1 | 2 |\n" * 30
    + "\n> quoted\nlazy line\n\npara one\npara two\n"
)


def blocks(markdown: Markdown) -> list[str]:
    """Every block of a Markdown widget, with its text, in order."""
    out = []
    for block in markdown.query(MarkdownBlock):
        text = block.code if isinstance(block, MarkdownFence) else block._content.plain
        out.append(f"{type(block).__name__}: {text}")
    return out


async def test_rendering_in_pieces_gives_the_same_blocks_as_one_update(
    emulator: EmulatorServer,
) -> None:
    worker = worker_with_output(emulator, "Tricky", TRICKY)
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: source(app) == TRICKY, "the output", 30)
        await wait_for(pilot, lambda: detail(app).settled, "the render to finish", 30)
        reference = Markdown(id="reference")
        await app.main_screen.mount(reference)
        await reference.update(TRICKY)
        shown = app.main_screen.query_one("#detail-output", Markdown)
        assert len(blocks(reference)) > 30
        assert blocks(shown) == blocks(reference)
