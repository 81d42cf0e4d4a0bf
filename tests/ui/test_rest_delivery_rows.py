"""At rest, the webhook pane's rows are made once per page: the 1 s tick (ages and
countdowns) does not format the same page of deliveries again."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime

import httpx
import pytest

from handinger_tui.api.models import WebhookExecutionList
from handinger_tui.core import views
from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import TEST_API_KEY, delivered
from tests.support.pilot import FAST, column, make_app, wait_for

STILL = replace(FAST, idle=600.0, rows=600.0, schedules=600.0, webhook=600.0, sweep_per_minute=0)


def hooked_worker(emulator: EmulatorServer) -> str:
    """A worker with five successful deliveries, a minute apart."""
    auth = {"Authorization": f"Bearer {TEST_API_KEY}"}
    made = httpx.post(f"{emulator.base_url}/api/workers", json={"title": "Hook"}, headers=auth)
    wid: str = made.json()["id"]
    for n in range(5):
        emulator.store.put("executions", delivered(wid, n, time.time() - 60 * n))
    return wid


async def test_ticks_make_the_delivery_rows_once_per_page(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    wid = hooked_worker(emulator)
    made_for: list[WebhookExecutionList | None] = []
    original = views.execution_rows

    def counted(page: WebhookExecutionList | None, now: datetime) -> list[views.Row]:
        made_for.append(page)
        return original(page, now)

    monkeypatch.setattr(views, "execution_rows", counted)
    app = make_app(emulator, [wid], cadence=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: "delivery 0" in column(app, 4, "#executions"), "the rows")
        before = len(made_for)
        for _ in range(5):
            app.main_screen._tick()
            await pilot.pause()
        assert made_for[-1] is not None
        assert len(made_for) == before  # the same page: not made again
        assert column(app, 4, "#executions")[0] == "delivery 0"  # and still shown
