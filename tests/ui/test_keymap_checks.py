"""Keymap checks: bad key names and remaps onto a key the app or another action needs are
refused, said at start-up and in the app, and the default key stays."""

from __future__ import annotations

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.actions import check_keymap, key_name
from handinger_tui.ui.app import HandingerApp, Launch
from tests.support.pilot import FAST, settings_on, wait_for


def test_a_remap_onto_quit_is_refused_and_the_default_kept() -> None:
    keymap, problems = check_keymap({"worker.create": "q"})
    assert keymap == {}
    assert problems == [
        "[keys] 'worker.create' = 'q' refused: 'q' is quit; 'worker.create' keeps 'n'"
    ]


def test_every_key_the_app_needs_is_refused() -> None:
    for key in ("q", "ctrl+c", "ctrl+p", ":", "?", "tab", "shift+tab", "escape"):
        keymap, problems = check_keymap({"worker.track": key})
        assert keymap == {} and len(problems) == 1, key


def test_invalid_key_names_are_refused() -> None:
    for key in ("ctlr+n", "enterr", "ctrl+", "f99", "\x1b", "n,bogus_key"):
        keymap, problems = check_keymap({"worker.create": key})
        assert keymap == {} and "is not a key name" in problems[0], key
    assert key_name("?") == "question_mark" and key_name("ctrl+n") == "ctrl+n"
    assert key_name("f5") == "f5" and key_name("left_square_bracket") == "left_square_bracket"


def test_a_key_another_action_keeps_is_refused_but_a_swap_is_not() -> None:
    keymap, problems = check_keymap({"worker.edit": "n"})
    assert (
        keymap == {}
        and "'n' is bound to several actions: worker.create, worker.edit" in problems[0]
    )
    swap = {"worker.edit": "n", "worker.create": "e"}
    assert check_keymap(swap) == (swap, [])
    assert check_keymap({"help": "h"})[1] == [
        "[keys] 'help' is not an action id (see ? in the app for the list)"
    ]
    assert check_keymap({"app.help": "?", "worker.create": "ctrl+n"}) == (
        {"app.help": "question_mark", "worker.create": "ctrl+n"},
        [],
    )


def _notes(app: HandingerApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_app_keeps_quit_and_says_why(emulator: EmulatorServer) -> None:
    """Before the check `"worker.create" = "q"` took quit away while the footer said q Quit."""
    launch = Launch(settings=settings_on(emulator, keymap={"worker.create": "q"}), cadence=FAST)
    app = HandingerApp(launch)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert any("'worker.create' = 'q' refused" in note for note in _notes(app))
        await pilot.press("n")  # the default key still creates (asks with a form)
        await wait_for(pilot, lambda: app.screen is not app.main_screen, "the create form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.main_screen, "back to the explorer")
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, "q to quit")
