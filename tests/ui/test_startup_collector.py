"""The CLI pauses the garbage collector for start-up; the app runs it again once connected.

Start-up makes long-lived objects only (modules, the screen, the session), so collecting
them before `gc.freeze` is wasted work on the first frame; after that, collections must
run as usual, also when start-up failed, and never stay off after the CLI returns.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from handinger_tui.demo_process import DemoError, DemoTarget
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from tests.support.cli import launch_of
from tests.support.pilot import settings_on, status_line, wait_for


@pytest.fixture
def paused_collector() -> Iterator[None]:
    """As the CLI leaves it when the app starts; restored whatever the test did."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.usefixtures("paused_collector")
async def test_the_collector_runs_again_once_connected(emulator: EmulatorServer) -> None:
    app = HandingerApp(Launch(settings=settings_on(emulator)))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        await wait_for(pilot, gc.isenabled, "the collector")
        assert gc.get_freeze_count() > 0  # what start-up made is frozen first


@pytest.mark.usefixtures("paused_collector")
async def test_the_collector_runs_again_when_start_up_fails() -> None:
    def start_demo() -> DemoTarget:
        raise DemoError("the demo emulator could not start: OSError: no ports left")

    app = HandingerApp(Launch(start_demo=start_demo))
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: "could not start" in status_line(app), "the failure")
        await wait_for(pilot, gc.isenabled, "the collector")
        assert "no ports left" in status_line(app)  # said in words


def test_the_cli_leaves_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    assert gc.isenabled()
    launch = launch_of(["--demo"], monkeypatch)  # the app's run replaced: it never connects
    assert launch.start_demo is not None
    assert gc.isenabled()
