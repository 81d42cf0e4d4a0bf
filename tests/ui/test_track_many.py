"""Pasting many ids or dashboard URLs into the track prompt tracks them all, reporting the rest."""

from __future__ import annotations

from typing import Any

import httpx
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, notes, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


async def open_prompt(pilot: Pilot[Any], app: HandingerApp) -> Input:
    await pilot.press("a")
    await wait_for(pilot, lambda: bool(app.screen.query("#prompt-input")), "the prompt")
    return app.screen.query_one("#prompt-input", Input)


async def test_a_pasted_column_of_ids_is_tracked_and_the_rest_reported(
    emulator: EmulatorServer,
) -> None:
    async with httpx.AsyncClient(base_url=emulator.base_url, headers=AUTH) as http:
        made = [
            (await http.post("/api/workers", json={"title": f"Pasted {n}"})).json()
            for n in range(3)
        ]
    first, second, third = made
    app = make_app(emulator, [third["id"]])
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1, "the tracked row")
        field = await open_prompt(pilot, app)
        pasted = "\n".join([first["id"], "", second["url"], "not?an-id", first["id"], third["id"]])
        field.post_message(events.Paste(pasted))
        await wait_for(pilot, lambda: third["id"] in field.value, "the whole paste")
        await pilot.press("enter")
        await wait_for(pilot, lambda: table(app).row_count == 3, "both new rows")
        assert app.session is not None
        assert app.session.registry.ids() == [third["id"], first["id"], second["id"]]
        await wait_for(pilot, lambda: any("left out" in n for n in notes(app)), "the report")
        report = next(n for n in notes(app) if "left out" in n)
        assert "3 items left out" in report
        assert "item 3: 'not?an-id' is neither a worker id nor a dashboard URL" in report
        assert f"item 4: {first['id']} is already listed (item 1)" in report
        assert f"{third['id']} is already tracked" in report
        assert "Tracking 2 workers" in notes(app)


async def test_a_paste_with_nothing_trackable_is_refused_in_the_prompt(
    emulator: EmulatorServer,
) -> None:
    app = make_app(emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        field = await open_prompt(pilot, app)
        field.post_message(events.Paste("..\nhttps://evil.example/worker/w_1\n"))
        await wait_for(pilot, lambda: "evil.example" in field.value, "the paste")
        await pilot.press("enter")
        error = app.screen.query_one("#prompt-error")
        await wait_for(pilot, lambda: error.display, "the refusal")
        said = str(error.render())
        assert "Nothing to track" in said and "item 1: '..'" in said
        assert "item 2" in said and "not a Handinger dashboard URL" in said
        assert field.value == ".. https://evil.example/worker/w_1"  # kept, to be fixed
        assert app.session is not None and app.session.registry.ids() == []
