"""Pane keys typed back to back land on the last pane named and stay there."""

from __future__ import annotations

from textual.widgets import Tabs

from handinger_tui.emulator import EmulatorServer
from tests.support.pilot import demo_app, listed


async def test_two_pane_keys_typed_at_launch_settle_on_the_second(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "2")  # held until the panes are composed, then replayed
        await listed(pilot, app, 11)
        main = app.main_screen
        tabs = main.query_one(Tabs)
        seen = []
        for _ in range(8):  # a stale tab activation would flip them back and forth
            await pilot.pause()
            seen.append((main.active_pane, tabs.active))
        assert set(seen) == {("detail", "tab-detail")}, seen


async def test_a_pane_key_typed_at_launch_keeps_the_focus_in_its_pane(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await listed(pilot, app, 11)
        await pilot.pause()
        main = app.main_screen
        assert main.active_pane == "schedules"
        focused = app.focused
        assert focused is not None and main.schedules_pane in focused.ancestors_with_self
