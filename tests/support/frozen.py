"""The frozen demo for snapshots and screenshots: both clocks stopped at `DEMO_INSTANT`.

The emulator comes from `demo.start_server(frozen=True)` (the fixed port, its clock frozen);
`frozen_app` freezes the app's clock at the same instant, so every run renders the same pixels.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot

from handinger_tui.demo import DEMO_INSTANT, target
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.detail.pane import WorkerDetail
from tests.support.clock import FrozenClock


def frozen_app(server: EmulatorServer, **launch: Any) -> HandingerApp:
    """The app on a frozen demo emulator, with its own clock frozen at the same instant."""
    demo = target(server)
    return HandingerApp(Launch(start_demo=lambda: demo, clock=FrozenClock(DEMO_INSTANT), **launch))


async def settle(pilot: Pilot[Any], limit: float = 20.0) -> None:
    """Wait until the app has loaded what it shows and no request is in flight."""
    app = pilot.app
    assert isinstance(app, HandingerApp)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while True:
        session = app.session
        if session is not None:
            state = session.state
            loaded = all(
                res.loaded or res.stale
                for key, _ in session.coordinator.wanted()
                if (res := state.resources.get(key)) is not None
            ) and len(state.resources) >= len(session.coordinator.wanted())
            detail = app.main_screen.query_one("#worker-detail", WorkerDetail)
            if loaded and session.coordinator.in_flight == 0 and state.visible and detail.settled:
                await pilot.pause(0.2)
                app.main_screen.refresh_all()
                await pilot.pause(0.1)
                return
        if loop.time() > deadline:
            raise TimeoutError("the demo did not settle")
        await pilot.pause(0.05)
