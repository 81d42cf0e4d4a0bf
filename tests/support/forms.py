"""Form tests: an app on the emulator with its Operations, the results of pushed screens."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static, TextArea

from handinger_tui.core.operations import Operations
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import make_app, wait_for

AUTH = {"Authorization": f"Bearer {TEST_API_KEY}"}


@dataclass
class Harness:
    """An app on the emulator, its Operations, and the results of pushed screens."""

    app: HandingerApp
    pilot: Pilot[Any]
    ops: Operations
    server: EmulatorServer
    results: list[Any] = field(default_factory=list)

    async def push(self, screen: Screen[Any]) -> Screen[Any]:
        self.app.push_screen(screen, self.results.append)
        await wait_for(self.pilot, lambda: self.app.screen is screen, "the screen")
        await self.pilot.pause()
        return screen

    async def result(self) -> Any:
        await wait_for(self.pilot, lambda: bool(self.results), "the screen to close")
        return self.results[-1]

    def posts(self, route: str) -> int:
        count: int = self.server.stats()["routes"].get(route, 0)
        return count

    def text(self, selector: str) -> str:
        return str(self.app.screen.query_one(selector, Static).content)

    def shown(self, selector: str) -> bool:
        return bool(self.app.screen.query_one(selector).display)

    def field_error(self, name: str) -> str:
        assert self.shown(f"#{name}-error"), f"no error shown under {name}"
        return self.text(f"#{name}-error")

    def save_label(self) -> str:
        return str(self.app.screen.query_one("#save", Button).label)

    def notes(self) -> list[str]:
        return [str(n.message) for n in self.app._notifications]


@contextlib.asynccontextmanager
async def harness(
    server: EmulatorServer, templates: tuple[dict[str, Any], ...] = (), size: Any = (120, 40)
) -> AsyncIterator[Harness]:
    app = make_app(server, [t["id"] for t in templates], templates=templates)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.session is not None, "the session")
        assert app.session is not None
        yield Harness(app, pilot, Operations(app.session), server)


def create_worker(server: EmulatorServer, **body: Any) -> dict[str, Any]:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        result: dict[str, Any] = http.post("/api/workers", json=body).raise_for_status().json()
        return result


def api_get(server: EmulatorServer, path: str) -> Any:
    with httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        return http.get(path).raise_for_status().json()


async def fill(pilot: Pilot[Any], **values: str) -> None:
    """Set long text directly (typing 20000 characters key by key proves nothing)."""
    for name, value in values.items():
        widget = pilot.app.screen.query_one(f"#{name}")
        if isinstance(widget, Input):
            widget.value = value
        elif isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select):
            widget.value = value
    await pilot.pause()  # let the form see the change, as after typing
