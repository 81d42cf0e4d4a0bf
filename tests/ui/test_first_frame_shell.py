"""The first frame is the explorer's frame (`ShellScreen`), then the explorer replaces it.

Its panes, tabs, status line and footer sit where the explorer's will, at every layout, so
the switch moves nothing; its footer lists the keys the explorer's footer will.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Footer, Tabs
from textual.worker import WorkerFailed

from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from handinger_tui.ui.screens.layout import PANES
from handinger_tui.ui.screens.main import MainScreen
from handinger_tui.ui.screens.shell import ShellScreen
from tests.support.pilot import demo_app, listed, make_app, settings_on, wait_for


def places(screen: Screen[object]) -> dict[str, Region]:
    """Where each pane, the status line and the footer are (a pane hidden: no region)."""
    found = {name: screen.query_one(f"#{name}") for name in (*PANES, "status-line")}
    shown = {name: w.region if w.display else Region() for name, w in found.items()}
    return shown | {"footer": screen.query_one(Footer).region}


def footer_keys(screen: Screen[object]) -> list[str]:
    return [str(key.key_display) for key in screen.query_one(Footer).query("FooterKey")]


def tabs_shown(screen: Screen[object]) -> list[str]:
    tabs = screen.query_one(Tabs)
    shown = [str(tab.label).split(" · ")[0] for tab in tabs.query("Tab") if tab.display]
    return shown if tabs.display else []  # the Detail tab names the selected worker later


@pytest.fixture
def release(monkeypatch: pytest.MonkeyPatch) -> Iterator[asyncio.Event]:
    """The explorer replaces the first frame only once this is set."""
    release = asyncio.Event()
    show_explorer = HandingerApp._show_explorer

    async def held(app: HandingerApp) -> None:
        await release.wait()
        await show_explorer(app)

    monkeypatch.setattr(HandingerApp, "_show_explorer", held)
    yield release
    release.set()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48)])
async def test_the_first_frame_has_the_explorers_frame(
    demo_emulator: EmulatorServer, release: asyncio.Event, size: tuple[int, int]
) -> None:
    app = demo_app(demo_emulator)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shell = app.screen
        assert isinstance(shell, ShellScreen)
        first = places(shell)
        first_keys, first_tabs = footer_keys(shell), tabs_shown(shell)
        assert first_keys and first["workers"].area
        release.set()
        await listed(pilot, app, len(demo_emulator.workers()))
        assert isinstance(app.screen, MainScreen)
        assert app.screen_stack == [app.main_screen]  # the first frame's screen is gone
        await wait_for(pilot, lambda: places(app.screen) == first, "the same places")
        await wait_for(pilot, lambda: footer_keys(app.screen) == first_keys, "the same keys")
        assert tabs_shown(app.screen) == first_tabs


async def test_the_first_frame_under_read_only_lists_no_write(
    demo_emulator: EmulatorServer, release: asyncio.Event
) -> None:
    for read_only in (False, True):
        app = make_app(demo_emulator, settings=settings_on(demo_emulator, read_only=read_only))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ShellScreen)
            writes = "n" in footer_keys(app.screen)  # New
            assert writes is not app.settings.read_only


class ExplorerBroken(Exception):
    """What a broken explorer raises in this test."""


async def test_an_explorer_that_cannot_load_ends_the_app(
    demo_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the first frame left up with every key held: the app ends and says why."""

    def broken(self: MainScreen, *, read_only: bool = False) -> None:
        raise ExplorerBroken("no explorer")

    monkeypatch.setattr(MainScreen, "__init__", broken)
    app = demo_app(demo_emulator)
    with pytest.raises(WorkerFailed) as failed:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: not app.is_running, "the app to end", 10)
    assert isinstance(failed.value.error, ExplorerBroken)
