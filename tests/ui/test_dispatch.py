"""One action dispatch: the footer shows what applies to the focused pane, never a write
under --read-only, and every action ends the offer to undo an untrack in one place."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.actions import BY_ID, check_keymap
from handinger_tui.ui.app import HandingerApp, Launch
from tests.support.pilot import FAST, demo_app, settings_on, static_text, table, wait_for

PANE_KEYS = {"workers": "1", "detail": "2", "schedules": "3", "webhook": "4"}


def footer_ids(app: HandingerApp) -> set[str]:
    """The registry actions the footer shows now."""
    shown: set[str] = set()
    for key in app.screen.query(FooterKey):
        action = key.action.removeprefix("dispatch(").removesuffix(")").strip("'\"")
        if action in BY_ID:
            shown.add(action)
    return shown


async def _on_pane(app: HandingerApp, pilot: Pilot[Any], pane: str) -> set[str]:
    await pilot.press(PANE_KEYS[pane])
    await wait_for(pilot, lambda: app.main_screen.active_pane == pane, f"the {pane} pane")
    await pilot.pause()
    return footer_ids(app)


async def test_read_only_footer_advertises_no_write(demo_emulator: EmulatorServer) -> None:
    """Before: n New, e Edit and R Run stayed in the footer under --read-only."""
    launch = Launch(settings=settings_on(demo_emulator, read_only=True), cadence=FAST)
    app = HandingerApp(launch)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        for pane in PANE_KEYS:
            shown = await _on_pane(app, pilot, pane)
            assert shown, pane  # the footer is there, with the keys that still apply
            assert not [a for a in shown if BY_ID[a].writes], pane
        main = app.main_screen
        assert main.check_action("dispatch", ("worker.create",)) is False
        assert main.check_action("dispatch", ("view.refresh",)) is True


async def test_footer_shows_the_keys_of_the_focused_pane(demo_emulator: EmulatorServer) -> None:
    """Schedule keys in Schedules, paging and token keys in Webhook, copy keys in Detail."""
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 0, "the workers")
        workers = await _on_pane(app, pilot, "workers")
        assert {"worker.create", "view.refresh", "app.help"} <= workers
        assert not workers & {"schedule.cancel", "webhook.next_page", "copy.token"}
        schedules = await _on_pane(app, pilot, "schedules")
        assert {"schedule.create", "schedule.cancel", "copy.row_id"} <= schedules
        assert not schedules & {"webhook.next_page", "webhook.reveal_token"}
        webhook = await _on_pane(app, pilot, "webhook")
        assert {
            "webhook.prev_page",
            "webhook.next_page",
            "webhook.reveal_token",
            "webhook.regenerate_token",
            "copy.token",
        } <= webhook
        assert "schedule.cancel" not in webhook
        detail = await _on_pane(app, pilot, "detail")
        assert {"copy.email", "copy.id", "copy.url"} <= detail
        assert "copy.token" not in detail


async def test_any_action_ends_the_undo_of_an_untrack(demo_emulator: EmulatorServer) -> None:
    """Moving keeps the offer; the next action (here the agenda) ends it, in one place.

    Before, only the actions that cleared it by hand ended it (the agenda did not).
    """
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 2, "the workers")
        count = table(app).row_count
        await pilot.press("x", "j")  # untrack, then move: the offer stands
        await wait_for(pilot, lambda: table(app).row_count == count - 1, "the row gone")
        await pilot.press("u")
        await wait_for(pilot, lambda: table(app).row_count == count, "the row back")
        await pilot.press("x")
        await wait_for(pilot, lambda: table(app).row_count == count - 1, "the row gone again")
        await pilot.press("A")
        await wait_for(pilot, lambda: app.screen is not app.main_screen, "the agenda")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back")
        await pilot.press("u")
        await wait_for(
            pilot,
            lambda: any("Nothing to undo" in str(n.message) for n in app._notifications),
            "nothing to undo",
        )
        assert table(app).row_count == count - 1


async def test_pane_hints_show_the_keys_as_remapped(demo_emulator: EmulatorServer) -> None:
    """Before, the webhook pane said `t reveals` and `] next` whatever the keymap said."""
    keymap = {"webhook.reveal_token": "v", "webhook.next_page": "greater_than_sign"}
    assert check_keymap(keymap) == (keymap, [])
    templates = [w["template"] for w in demo_emulator.workers()]
    launch = Launch(
        settings=settings_on(demo_emulator, keymap=keymap),
        workers=[t["id"] for t in templates],
        cadence=FAST,
    )
    app = HandingerApp(launch)
    triage = next(t["id"] for t in templates if t["title"] == "Support ticket triage")
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        app.main_screen.select_worker(triage)
        await wait_for(
            pilot, lambda: "(v reveals)" in static_text(app, "#webhook-info"), "the token hint"
        )
        await wait_for(
            pilot, lambda: "> next" in static_text(app, "#webhook-pager"), "the paging hint"
        )
        assert "] next" not in static_text(app, "#webhook-pager")


async def test_the_palette_runs_through_the_same_dispatch(demo_emulator: EmulatorServer) -> None:
    """A palette entry ends the undo offer like its key, and a refused one says why."""
    app = demo_app(demo_emulator)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count > 2, "the workers")
        count = table(app).row_count
        await pilot.press("x")
        await wait_for(pilot, lambda: table(app).row_count == count - 1, "the row gone")
        await app.main_screen.run_action("agenda")  # what the palette entry runs
        await wait_for(pilot, lambda: app.screen is not app.main_screen, "the agenda")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back")
        assert app.main_screen._untracked is None
        app.main_screen.read_only = True
        await app.main_screen.run_action("create_worker")
        await wait_for(
            pilot,
            lambda: any("--read-only" in str(n.message) for n in app._notifications),
            "the refusal said",
        )
        assert app.screen is app.main_screen
