"""A pane's own keys act where their effect is seen (issue 8: keys and footer agree).

Before, at 80 columns `t` revealed the token of a Webhook pane hidden behind its tab, and
`C` would cancel the schedule under a cursor nobody could see.
"""

from __future__ import annotations

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.actions import ACTIONS
from tests.support.pilot import choose, demo_app, listed, notes, wait_for


def _triage(server: EmulatorServer) -> str:
    return next(w["id"] for w in server.workers() if w["title"] == "Support ticket triage")


async def test_a_hidden_panes_key_does_not_act_and_says_where_it_does(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: one pane at a time
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, _triage(demo_emulator))
        main = app.main_screen
        assert main.active_pane == "workers"
        await pilot.press("t")
        await wait_for(pilot, lambda: any("Webhook pane" in n for n in notes(app)), "why")
        assert main.token_revealed is False
        await pilot.press("4", "t")  # on the Webhook pane the same key acts
        await wait_for(pilot, lambda: main.token_revealed, "the token revealed")


async def test_check_action_agrees_with_the_footer_when_narrow(
    demo_emulator: EmulatorServer,
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(80, 24)) as pilot:
        await listed(pilot, app, len(demo_emulator.workers()))
        main = app.main_screen
        for action in ACTIONS:
            acts = main.check_action("dispatch", (action.id,))
            assert acts is (not action.panes or "workers" in action.panes), action.id


async def test_a_visible_panes_key_acts_when_wide(demo_emulator: EmulatorServer) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:  # every pane on screen
        await listed(pilot, app, len(demo_emulator.workers()))
        await choose(pilot, app, _triage(demo_emulator))
        main = app.main_screen
        assert main.active_pane == "workers"
        await pilot.press("t")
        await wait_for(pilot, lambda: main.token_revealed, "the token revealed")
