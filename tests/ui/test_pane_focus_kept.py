"""A side pane keeps the focus (and its keys) when it has nothing to list.

Before, the Webhook pane of a worker without deliveries hid its table and took no focus; a
form or dialog closing gave the focus to the worker list, so at 80 columns the footer lost
the pane's keys and `t` answered "acts in the Webhook pane" with the pane on screen.
"""

from __future__ import annotations

import time
from functools import partial

from handinger_tui.emulator import EmulatorServer
from handinger_tui.emulator.records import ExecutionRec
from handinger_tui.ui.app import HandingerApp
from tests.support.pilot import choose, demo_app, listed, wait_for


def _worker(server: EmulatorServer, title: str) -> str:
    return str(next(w["id"] for w in server.workers() if w["title"] == title))


def _focus_in(app: HandingerApp, pane: str) -> bool:
    main = app.main_screen
    focused = main.focused
    return focused is not None and main.query_one(f"#{pane}") in focused.ancestors_with_self


async def test_each_side_pane_keeps_its_focus_after_a_form_or_dialog_closes(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    quiet = _worker(demo_emulator, "Incident postmortem writer")  # no schedules, no deliveries
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: one pane at a time
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, quiet)
        main = app.main_screen
        for key, pane, opens in (
            ("2", "detail", "e"),  # the edit form
            ("3", "schedules", "c"),  # the new schedule form
            ("4", "webhook", "w"),  # the webhook form
            ("4", "webhook", "number_sign"),  # the go-to-page prompt
        ):
            await pilot.press(key)
            await wait_for(pilot, partial(_focus_in, app, pane), f"{pane} focused")
            await pilot.press(opens)
            await wait_for(pilot, lambda: app.screen is not main, f"{opens} opened")
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is main, f"{opens} closed")
            await pilot.pause()
            assert main.active_pane == pane, (pane, opens)
            assert _focus_in(app, pane), (pane, opens, main.focused)
        assert main.check_action("dispatch", ("webhook.reveal_token",))
        assert "webhook.reveal_token" in {b.binding.id for b in main.active_bindings.values()}


async def test_the_focus_follows_the_first_delivery_into_the_table(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    quiet = _worker(demo_emulator, "Incident postmortem writer")
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, quiet)
        main = app.main_screen
        await pilot.press("4")
        await wait_for(pilot, lambda: _focus_in(app, "webhook"), "the webhook pane focused")
        table = main.webhook_pane.panel.table
        assert not table.display  # "No deliveries recorded."
        demo_emulator.store.put(
            "executions",
            ExecutionRec(
                id="whe_first",
                worker_id=quiet,
                created_at=time.time(),
                duration_ms=12,
                error_message=None,
                request_status="success",
                response_status=200,
                task_id=None,
                task_title="the first delivery",
                url="https://hooks.example.com/in",
            ),
        )
        await pilot.press("r")  # refresh now
        await wait_for(pilot, lambda: table.display and table.row_count == 1, "the delivery")
        await wait_for(pilot, lambda: main.focused is table, "the table focused")
        assert main.active_pane == "webhook"
