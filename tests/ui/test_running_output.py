"""A running worker's output: complete blocks as Markdown, the block being written as text,
growth where the pane does not show drawn once scrolled to (issue 11, rest at 160x48)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from rich.text import Text
from textual.widgets import Static

from handinger_tui.core.formatting import size
from handinger_tui.core.output_view import settled
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.detail import pane as pane_module
from tests.support.output import report, worker_with_output
from tests.support.pilot import make_app, wait_for
from tests.support.running_output import (
    MarkdownProbe,
    detail,
    half_run,
    known_output,
    polls,
    rendered_and_reference,
    source,
    tail,
)

TALL = 120  # rows: the whole growing answer fits in the detail pane, so each growth is seen


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
    monkeypatch.setattr(pane_module, "MARKDOWN_MIN_INTERVAL", 0.0)
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
    monkeypatch.setattr(pane_module, "MARKDOWN_MIN_INTERVAL", 0.0)  # a render would be at once
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
            assert pane._held and pane.settled  # held: no render waits, none under way
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


async def test_a_cut_heads_size_line_follows_the_growth_though_its_end_is_below(
    emulator: EmulatorServer,
) -> None:
    """Past the bounded head only the size line changes, and it is in view at the top."""
    with ThreadPoolExecutor(1) as pool:
        worker, _partial, _full, run = half_run(emulator, pool, report("BIG", 60_000))
        app = make_app(emulator, [worker["id"]], templates=[worker])
        async with app.run_test(size=(160, 48)) as pilot:

            def line() -> str:
                return str(app.main_screen.query_one("#output-size", Static).content)

            await wait_for(pilot, lambda: "press o" in line(), "the size line", 30)
            before = len(known_output(app, worker["id"]))
            emulator.advance_clock(0.4)  # more of the answer: a bigger total
            await wait_for(pilot, lambda: len(known_output(app, worker["id"])) > before, "more")
            total = size(len(known_output(app, worker["id"]).encode()))
            await wait_for(pilot, lambda: f"of {total} shown" in line(), total, 30)
            emulator.advance_clock(10)
        assert (await asyncio.wrap_future(run)).status_code == 200


async def test_held_growth_is_drawn_when_what_is_above_shrinks_it_into_view(
    emulator: EmulatorServer,
) -> None:
    """No scroll and no resize bring it into view: the next answer or tick looks again,
    after the layout."""
    with ThreadPoolExecutor(1) as pool:
        worker, partial, full, run = half_run(emulator, pool)
        app = make_app(emulator, [worker["id"]], templates=[worker])
        async with app.run_test(size=(160, 48)) as pilot:
            await wait_for(pilot, lambda: source(app) == settled(partial)[0], "the first blocks")
            await wait_for(pilot, lambda: detail(app).settled and bool(tail(app)), "the render")
            pane = detail(app)
            box = app.main_screen.query_one("#output-tail", Static)
            window = pane.scrollable_content_region.height
            pane.scroll_to(y=box.virtual_region.y - window - 3, animate=False)  # 3 rows under
            await pilot.pause()
            assert pane._growth_hidden()
            emulator.advance_clock(10)  # the run completes
            await wait_for(pilot, lambda: pane._held, "the growth held")
            app.main_screen.query_one("#detail-fields", Static).display = False  # 12 rows up
            await wait_for(pilot, lambda: source(app) == full, "the answer, in view", 30)
        assert (await asyncio.wrap_future(run)).status_code == 200


async def test_a_rerun_marked_running_takes_back_nothing_shown(
    emulator: EmulatorServer,
) -> None:
    """Starting a run marks the worker running before its new output comes: the output
    already drawn stays drawn, its last block does not turn back into plain text."""
    worker = worker_with_output(emulator, "Done", "# Done\n\nFirst.\n\nLast block.\n")
    app = make_app(emulator, [worker["id"]], templates=[worker])
    async with app.run_test(size=(160, TALL)) as pilot:
        await wait_for(pilot, lambda: "Last block." in source(app), "the output", 30)
        await wait_for(pilot, lambda: detail(app).settled, "the render")
        pane, session = detail(app), app.session
        assert session is not None
        shown = session.state.worker(worker["id"])
        assert shown is not None and not shown.running
        renders = pane.renders
        fields = pane._fields or []
        pane.show(worker["id"], fields, shown.model_copy(update={"running": True}), [], [], "")
        pane._start_render()  # what its timer would do
        assert (pane.renders, tail(app)) == (renders, "")
        assert "Last block." in source(app)


HTML = (
    "Para A\n\n<!-- a note -->\n\nPara B\n\n"
    "<details>\n<summary>More</summary>\n\nHidden text\n\n</details>\n\n"
) * 6 + "End <b>bold</b>.\n"


async def test_an_output_with_html_loses_no_block_in_pieces(emulator: EmulatorServer) -> None:
    """Textual draws no HTML block and `append` then replaced the block before it: with
    pieces (and a running output's blocks) the text before an HTML comment was lost."""
    shown, reference = await rendered_and_reference(emulator, HTML)
    assert shown == reference
    assert sum("Para A" in b for b in shown) == 6  # every one, none replaced
    assert any("<!-- a note -->" in b for b in shown)  # HTML shown as text, not dropped
