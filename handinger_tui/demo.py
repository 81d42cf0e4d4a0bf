"""The demo: the app on an embedded emulator holding the demo data.

Used by `handinger-tui --demo`, by the snapshot tests and by `scripts/screenshots.py`. With
`frozen=True` both clocks (the emulator's and the app's) stop at `DEMO_INSTANT` and the
emulator listens on `SNAPSHOT_PORT`, so every run renders the same pixels.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from handinger_tui.emulator import EmulatorServer
    from handinger_tui.ui.app import DemoTarget, HandingerApp

DEMO_INSTANT = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)
SNAPSHOT_PORT = 47_811


def start_server(*, frozen: bool = False, api_key: str | None = None) -> EmulatorServer:
    """Start an emulator with the demo data (a free port, or the fixed one when frozen)."""
    from handinger_tui.emulator import EmulatorServer

    server = EmulatorServer(
        api_key=api_key,
        seed="demo",
        port=SNAPSHOT_PORT if frozen else 0,
        frozen_at=DEMO_INSTANT if frozen else None,
    )
    return server.start()


def target(server: EmulatorServer) -> DemoTarget:
    """What the app needs to know of a running demo emulator."""
    from handinger_tui.ui.app import DemoTarget

    # The emulator's own surface knows the templates (the API has no get-template endpoint).
    templates = tuple(w.get("template", w) for w in server.workers())
    ids = tuple(str(t["id"]) for t in templates)
    return DemoTarget(server.base_url, server.api_key, ids, server.stop, templates)


def start_demo() -> DemoTarget:
    """`--demo`: start the emulator in this process (called off the UI loop)."""
    return target(start_server())


def frozen_app(server: EmulatorServer, **launch: Any) -> HandingerApp:
    """The app on a frozen demo emulator, with its own clock frozen at the same instant."""
    from handinger_tui.core.state import FrozenClock
    from handinger_tui.ui.app import HandingerApp, Launch

    demo = target(server)
    return HandingerApp(Launch(start_demo=lambda: demo, clock=FrozenClock(DEMO_INSTANT), **launch))


async def settle(pilot: Pilot[Any], limit: float = 20.0) -> None:
    """Wait until the app has loaded what it shows and no request is in flight."""
    app: Any = pilot.app
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
            detail = app.main_screen.query_one("#worker-detail")
            if loaded and session.coordinator.in_flight == 0 and state.visible and detail.settled:
                await pilot.pause(0.2)
                app.main_screen.refresh_all()
                await pilot.pause(0.1)
                return
        if loop.time() > deadline:
            raise TimeoutError("the demo did not settle")
        await pilot.pause(0.05)
