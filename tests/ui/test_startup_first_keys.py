"""Keys pressed on the first frame, before the session is open, reach the explorer.

Textual focuses the first focusable widget, which was the worker list's hidden filter box:
a `q` on the first frame did not quit, it became filter text and emptied the list once the
workers loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from handinger_tui.demo_process import DemoTarget
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import table, wait_for


@pytest.fixture
def held(emulator: EmulatorServer) -> Iterator[tuple[threading.Event, Launch]]:
    """A launch whose demo emulator answers only once the event is set (start-up waits)."""
    release = threading.Event()

    def start_demo() -> DemoTarget:
        release.wait(30)
        return DemoTarget(emulator.base_url, TEST_API_KEY, (), lambda: None)

    try:
        yield release, Launch(start_demo=start_demo)
    finally:
        release.set()


async def test_the_first_frame_focuses_the_list(held: tuple[threading.Event, Launch]) -> None:
    release, launch = held
    app = HandingerApp(launch)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.focused is table(app), "the list focused")
        assert app.session is None  # still starting
        await pilot.press("x")  # no binding: typed nowhere
        assert app.main_screen.workers_pane.filter_box.value == ""
        release.set()
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.focused is table(app)


async def test_q_on_the_first_frame_quits(held: tuple[threading.Event, Launch]) -> None:
    release, launch = held
    app = HandingerApp(launch)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.focused is table(app), "the list focused")
        await pilot.press("q")
        release.set()  # the start-up thread may end now
        await wait_for(pilot, lambda: not app.is_running, "the app to quit")
