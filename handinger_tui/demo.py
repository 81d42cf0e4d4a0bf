"""The demo data's emulator in this process, for the snapshot tests and screenshots.

`handinger-tui --demo` runs its emulator in a child process (`demo_process`). With
`frozen=True` the emulator's clock stops at `DEMO_INSTANT` and it listens on
`SNAPSHOT_PORT`; the snapshot tests and `scripts/screenshots.py` freeze the app's clock
too (`tests/support/frozen.py`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from handinger_tui.demo_process import DemoTarget

if TYPE_CHECKING:
    from handinger_tui.emulator import EmulatorServer

DEMO_INSTANT = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)
SNAPSHOT_PORT = 47_811


def start_server(*, frozen: bool = False, api_key: str | None = None) -> EmulatorServer:
    """Start an emulator with the demo data (a free port, or the fixed one when frozen)."""
    from handinger_tui.emulator import EmulatorServer  # not at the top: loads uvicorn

    server = EmulatorServer(
        api_key=api_key,
        seed="demo",
        port=SNAPSHOT_PORT if frozen else 0,
        frozen_at=DEMO_INSTANT if frozen else None,
    )
    return server.start()


def target(server: EmulatorServer) -> DemoTarget:
    """What the app needs to know of a running demo emulator."""
    # The emulator's own surface knows the templates (the API has no get-template endpoint).
    templates = tuple(w.get("template", w) for w in server.workers())
    ids = tuple(str(t["id"]) for t in templates)
    return DemoTarget(server.base_url, server.api_key, ids, server.stop, templates)
