"""A 5 MB worker output: a bounded head, its size, rendered once, only when seen, cancellable."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from handinger_tui.core.output_view import HEAD_BYTES
from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import TEST_API_KEY
from tests.support.output import report, worker_with_output
from tests.support.pilot import make_app, wait_for
from tests.support.running_output import (
    MarkdownProbe,
    detail,
    known_output,
    polls,
    rendered_and_reference,
    source,
)

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
FIVE_MB = 5 * 1024 * 1024


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


TRICKY = (
    "# Title\n\n"
    + "".join(f"{i}. item {i}\n   more of item {i}\n" for i in range(1, 30))
    + "\n```python\n"
    + "x = 1\n" * 40
    + "```\n\n| a | b |\n|---|---|\n"
    + "| 1 | 2 |\n" * 30
    + "\n> quoted\nlazy line\n\npara one\npara two\n"
)


async def test_rendering_in_pieces_gives_the_same_blocks_as_one_update(
    emulator: EmulatorServer,
) -> None:
    shown, reference = await rendered_and_reference(emulator, TRICKY)
    assert len(reference) > 30
    assert shown == reference
