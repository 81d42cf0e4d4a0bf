"""ctrl+c over a form holding typed text asks first; a second ctrl+c quits.

Before, ctrl+c quit at once and what was typed was gone, while Esc asked.
"""

from __future__ import annotations

from textual.widgets import Input

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.kit.dialogs import ConfirmScreen
from handinger_tui.ui.workers.form import WorkerFormScreen
from tests.support.pilot import demo_app, listed, wait_for


async def test_ctrl_c_over_typed_text_asks_and_keeps_it(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(100, 30)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await pilot.press("n")
        form = "#title"
        await wait_for(pilot, lambda: bool(app.screen.query(form)), "the new worker form")
        await pilot.press(*"Half typed")
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert app.is_running
        await pilot.press("enter")  # the focused answer keeps typing
        await wait_for(pilot, lambda: isinstance(app.screen, WorkerFormScreen), "the form")
        assert app.screen.query_one(form, Input).value == "Half typed"
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked again")
        await pilot.press("ctrl+c")  # asked: a second ctrl+c quits
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")


async def test_ctrl_c_with_nothing_typed_quits(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(100, 30)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(app.screen.query("#title")), "the new worker form")
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
