"""Run now (``R``) goes through the forms' save path: an unknown outcome is never re-sent
on a plain ctrl+s, whether the form stayed open or was closed while the run went on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.widgets import Button, Static, TextArea

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.workers.run_form import RunTaskScreen
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, notes, table, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}
RUN = "POST /api/tasks"
# The run happens, then its answer and the follow-up lookup both fail with a 503.
LOST = {
    "errorAfterRate": 1.0,
    "errorAfterStatus": 503,
    "routes": ["/api/tasks", "/api/tasks/*"],
}


@pytest.fixture(autouse=True)
def _local_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT", "TMUX", "STY"):
        monkeypatch.delenv(var, raising=False)


def runs(server: EmulatorServer) -> int:
    count: int = server.stats()["routes"].get(RUN, 0)
    return count


def save_label(app: HandingerApp) -> str:
    return str(app.screen.query_one("#save", Button).label)


def banner(app: HandingerApp) -> str:
    """The open run form's banner ("" while no run form is up)."""
    screen = app.screen
    if not isinstance(screen, RunTaskScreen) or not screen.is_mounted:
        return ""
    return str(screen.query_one("#banner", Static).content)


async def open_run_form(pilot: Any, app: HandingerApp, worker_id: str) -> RunTaskScreen:
    await wait_for(pilot, lambda: app.session is not None, "the session")
    await wait_for(pilot, lambda: table(app).row_count == 1, "the worker row")
    app.main_screen.select_worker(worker_id)
    await wait_for(
        pilot, lambda: app.session is not None and app.session.state.selected == worker_id, "it"
    )
    await pilot.press("R")
    await wait_for(pilot, lambda: isinstance(app.screen, RunTaskScreen), "the run form")
    assert isinstance(app.screen, RunTaskScreen)
    return app.screen


async def worker(server: EmulatorServer) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=server.base_url, headers=AUTH) as http:
        created: dict[str, Any] = (await http.post("/api/workers", json={"title": "Run"})).json()
        return created


async def test_an_unchecked_run_is_sent_again_only_on_the_deliberate_button(
    emulator: EmulatorServer,
) -> None:
    target = await worker(emulator)
    app = make_app(emulator, [target["id"]], templates=[target])
    async with app.run_test(size=(160, 48)) as pilot:
        form = await open_run_form(pilot, app, target["id"])
        emulator.reset_stats()
        emulator.set_faults(**LOST)
        form.query_one("#input", TextArea).text = "Audit once"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Could not check" in banner(app), "the unchecked failure")
        assert runs(emulator) == 1

        await pilot.press("ctrl+s")  # a plain save: only a note, nothing sent
        await wait_for(
            pilot,
            lambda: runs(emulator) > 1 or any("Send again" in n for n in notes(app)),
            "the answer to ctrl+s",
        )
        assert runs(emulator) == 1
        assert isinstance(app.screen, RunTaskScreen) and save_label(app) == "Send again anyway"
        # Focus stays put: a reflex Enter is not the deliberate button.
        assert app.screen.focused is not app.screen.query_one("#save")
        await pilot.press("enter")
        await pilot.pause()
        assert runs(emulator) == 1

        emulator.clear_faults()
        await pilot.click("#save")  # the deliberate choice
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the form to close")
        assert runs(emulator) == 2


async def test_a_run_left_running_comes_back_guarded_when_its_outcome_is_unknown(
    emulator: EmulatorServer,
) -> None:
    target = await worker(emulator)
    app = make_app(emulator, [target["id"]], templates=[target])
    async with app.run_test(size=(160, 48)) as pilot:
        form = await open_run_form(pilot, app, target["id"])
        emulator.reset_stats()
        emulator.set_faults(**LOST)
        form.query_one("#input", TextArea).text = "Audit in the background"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.sending, "the run to start")
        await pilot.press("escape")  # the run (3 s on the emulator) goes on
        await wait_for(pilot, lambda: app.screen is app.main_screen, "the form to close")

        def reopened() -> bool:
            screen = app.screen
            if not isinstance(screen, RunTaskScreen) or screen is form:
                return False
            return screen.is_mounted and bool(screen.query("#input"))

        await wait_for(pilot, reopened, "the form to come back after the lost answer")
        again = app.screen
        assert isinstance(again, RunTaskScreen)
        assert again.query_one("#input", TextArea).text == "Audit in the background"
        assert save_label(app) == "Send again anyway"
        assert runs(emulator) == 1
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: any("Send again" in n for n in notes(app)), "the note")
        assert runs(emulator) == 1
