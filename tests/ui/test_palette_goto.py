"""ctrl+p finds a worker tracked by id under the name the list shows (a derived name).

Before, its `Go to` entry named the raw id, so typing the name the operator reads in the
list found nothing.
"""

from __future__ import annotations

import httpx
from textual.command import CommandList, CommandPalette

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import column, make_app, wait_for


def options(app: HandingerApp) -> list[str]:
    if not app.screen.query(CommandList):
        return []
    found = app.screen.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def test_go_to_names_a_worker_tracked_by_id_as_the_list_does(
    emulator: EmulatorServer,
) -> None:
    headers = {"Authorization": f"Bearer {TEST_API_KEY}"}
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=headers) as http:
        answer = await http.post("/api/workers", json={"title": "Competitor watch"})
    worker_id = answer.json()["id"]
    app = make_app(emulator, [worker_id])  # tracked by id: no title known here
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "Competitor" in " ".join(column(app, 1)), "derived name")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"Competitor")
        await wait_for(pilot, lambda: any("Go to" in o for o in options(app)), "the worker")
        assert any("Competitor watch" in o for o in options(app) if "Go to" in o)
