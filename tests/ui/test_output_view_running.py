"""The output view's run facts agree with themselves while the worker runs.

Before, with the worker `▶ running`, the view showed the last known task (an earlier run)
as "Run status  completed" beside the credits and duration of the run going on.
"""

from __future__ import annotations

from typing import Any

import httpx
from textual.widgets import Static

from handinger_tui.core.run_facts import task_candidates
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.detail.output_view import OutputViewScreen
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, rendered, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


def hooked_and_ran(server: EmulatorServer) -> dict[str, Any]:
    """A worker with a webhook and one finished run (`tsk_earlier`), delivered."""
    with httpx.Client(base_url=server.base_url, headers=AUTH, timeout=30) as http:
        worker: dict[str, Any] = http.post("/api/workers", json={"title": "Watcher"}).json()
        hook = http.put(f"/api/workers/{worker['id']}/webhook", json={"url": server.sink_url("ok")})
        assert hook.status_code == 200, hook.text
        body = {"workerId": worker["id"], "input": "first", "taskId": "tsk_earlier"}
        assert http.post("/api/tasks", json=body).status_code == 200
    server.advance_clock(120)  # the run completes and is delivered
    return worker


async def test_a_running_worker_shows_the_run_going_on_not_the_last_task(
    emulator: EmulatorServer,
) -> None:
    worker = hooked_and_ran(emulator)
    wid = worker["id"]
    app = make_app(emulator, [wid], templates=[worker])
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        state = app.session.state
        app.main_screen.select_worker(wid)
        await wait_for(pilot, lambda: "tsk_earlier" in task_candidates(state, wid), "delivery")
        emulator.trigger(wid, "schedule", "second")  # a run nobody here started

        def running() -> bool:
            loaded = state.worker(wid)
            return loaded is not None and loaded.running

        await wait_for(pilot, running, "the worker running")
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OutputViewScreen), "the view")
        view = app.screen
        assert isinstance(view, OutputViewScreen)

        def facts() -> str:
            return rendered(view.query_one("#ov-facts", Static).content)

        await wait_for(pilot, lambda: "tsk_earlier" in facts(), "the earlier task looked up")
        shown = facts()
        assert "Run status  running" in shown
        assert "Earlier run  task tsk_earlier (completed)" in shown
        assert "Task  unknown" in shown and "Input  unknown" in shown  # not the earlier's
        assert "Input  first" not in shown
