"""The UI alone owns the selection: after an untrack or a delete the screen decides.

The core forgets the worker and leaves `state.selected` alone; the screen then selects the
row under the cursor, or nothing when the list is empty (and the worker is no longer polled).
"""

from __future__ import annotations

import httpx

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import choose, listed, make_app, static_text, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


async def _workers(emulator: EmulatorServer, *titles: str) -> list[str]:
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        made = [(await http.post("/api/workers", json={"title": t})).json() for t in titles]
    return [str(worker["id"]) for worker in made]


async def test_untracking_the_selected_worker_selects_the_row_under_the_cursor(
    emulator: EmulatorServer,
) -> None:
    first, second = await _workers(emulator, "Alpha", "Beta")
    app = make_app(emulator, [first, second])
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 2)
        await choose(pilot, app, first)
        await pilot.press("x")
        await wait_for(pilot, lambda: table(app).row_count == 1, "the row gone")
        assert app.session is not None
        assert app.session.state.selected == second == table(app).cursor_key


async def test_untracking_the_last_worker_leaves_nothing_selected_or_polled(
    emulator: EmulatorServer,
) -> None:
    (only,) = await _workers(emulator, "Alone")
    app = make_app(emulator, [only])
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, only)
        await pilot.press("x")
        await wait_for(pilot, lambda: table(app).row_count == 0, "the row gone")
        assert app.session is not None
        assert app.session.state.selected is None
        assert app.session.coordinator.wanted() == []  # nothing of it is polled any more
        await wait_for(
            pilot,
            lambda: "No worker selected" in static_text(app, "#detail-fields"),
            "the empty detail",
        )


async def test_deleting_the_last_worker_leaves_nothing_selected(
    emulator: EmulatorServer,
) -> None:
    (only,) = await _workers(emulator, "Doomed")
    app = make_app(emulator, [only])
    async with app.run_test(size=(160, 48)) as pilot:
        await listed(pilot, app, 1)
        await choose(pilot, app, only)
        await pilot.press("delete")
        await wait_for(pilot, lambda: bool(app.screen.query("#confirm-message")), "the question")
        await pilot.press("y")
        await wait_for(pilot, lambda: table(app).row_count == 0, "the row gone")
        assert app.session is not None
        await wait_for(pilot, lambda: app.session.state.selected is None, "no selection")  # type: ignore[union-attr]
        assert app.session.coordinator.wanted() == []
        assert only not in emulator.worker_ids()
