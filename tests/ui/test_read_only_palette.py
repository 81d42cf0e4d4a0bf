"""Under `--read-only` the palette (ctrl+p) and command mode (`:`) list no write action.

Before: New, Delete, Schedule, New token... were listed, and choosing one said "Disabled".
"""

from __future__ import annotations

from textual.command import Provider

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.actions import ACTIONS
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.command_mode import CommandMode
from handinger_tui.ui.commands import ExplorerCommands
from tests.support.pilot import FAST, settings_on, wait_for

WRITES = {action.id for action in ACTIONS if action.writes}


def launched(server: EmulatorServer, *, read_only: bool) -> HandingerApp:
    return HandingerApp(Launch(settings=settings_on(server, read_only=read_only), cadence=FAST))


async def action_ids(provider: Provider) -> set[str]:
    """The action ids the provider lists for a search by each action's description and id."""
    found: set[str] = set()
    for action in ACTIONS:
        for query in (action.description, action.id):
            async for hit in provider.search(query):
                found.add(str(hit.help))
    return found


async def test_read_only_palettes_list_no_write(emulator: EmulatorServer) -> None:
    app = launched(emulator, read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        for kind in (ExplorerCommands, CommandMode):
            listed = await action_ids(kind(app.main_screen))
            assert "view.refresh" in listed, kind  # what still works stays listed
            assert not listed & WRITES, kind


async def test_writable_palettes_list_every_write(emulator: EmulatorServer) -> None:
    """The other side: without --read-only the same searches find every write."""
    app = launched(emulator, read_only=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        for kind in (ExplorerCommands, CommandMode):
            listed = await action_ids(kind(app.main_screen))
            assert WRITES.issubset(listed), kind
