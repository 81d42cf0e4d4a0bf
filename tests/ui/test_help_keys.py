"""The help's key table: a description that wraps keeps its column (and the ✎ its own); the
app's own keys (`:` command mode, quit) are listed with the registry's actions."""

from __future__ import annotations

from rich.console import Console

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.actions import ACTIONS
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.screens.help import HelpScreen, key_table
from tests.support.pilot import FAST, rendered, settings_on, wait_for


def lines_at(width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(key_table({action.id: action.id.split(".")[-1] for action in ACTIONS}))
    return capture.get().splitlines()


def test_a_wrapped_description_stays_in_its_column() -> None:
    lines = lines_at(72)  # the help box's inside at 80 columns
    first = next(i for i, line in enumerate(lines) if "Sort problems first" in line)
    column = lines[first].index("Sort problems first")
    wrapped = lines[first + 1]
    assert wrapped[:column].strip() == ""  # nothing in the key and mark columns
    assert wrapped[column] != " "  # the wrapped words start under the first line's


def test_a_write_is_marked_beside_its_description() -> None:
    line = next(line for line in lines_at(120) if "worker.delete" in line)
    assert "✎ " in line
    mark = line.index("✎")
    assert line[mark + 2] != " "  # the description follows the mark


async def test_help_lists_command_mode_and_quit_with_their_keys(emulator: EmulatorServer) -> None:
    """Before: `:` and q were in no row of the help (bound on the app, not the registry)."""
    settings = settings_on(emulator, keymap={"app.command": "ctrl+o"})
    app = HandingerApp(Launch(settings=settings, cadence=FAST))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        lines = rendered(key_table(help_screen._keys, help_screen._rows), 120).splitlines()
        command = next(line for line in lines if "Command mode:" in line)
        assert command.split()[0] == "^o", command  # the remapped key, not `:`
        assert command.rstrip().endswith("app.command")  # remappable by this id
        quits = next(line for line in lines if "Quit handinger-tui" in line)
        assert quits.split("Quit")[0].split() == ["q,", "^q,", "^c"], quits
        assert quits.rstrip().endswith("Quit handinger-tui")  # no id: quit is not remappable
