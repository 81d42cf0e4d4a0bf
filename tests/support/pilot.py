"""Helpers for Pilot tests: an app wired to an emulator, and waiting on conditions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

from textual.css.query import NoMatches
from textual.pilot import Pilot

from handinger_tui.core.refresh import Cadence
from handinger_tui.core.registry import Registry
from handinger_tui.core.settings import ApiKey, Settings
from handinger_tui.core.state import Clock
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp, Launch
from handinger_tui.ui.kit.keyed_table import KeyedTable
from handinger_tui.ui.kit.status_line import StatusLine
from handinger_tui.ui.screens.main import MainScreen

# Quick enough for tests, yet well below what the emulator (sharing this process) can serve.
FAST = Cadence(
    active=0.3, idle=1.0, rows=2.0, schedules=3.0, webhook=3.0, backoff_base=0.3, backoff_max=1.0
)


def make_app(
    server: EmulatorServer,
    workers: Iterable[str] = (),
    *,
    templates: Iterable[dict[str, Any]] = (),
    cadence: Cadence = FAST,
    clock: Clock | None = None,
    settings: Settings | None = None,
) -> HandingerApp:
    """The app on an emulator, with an in-memory tracked list (the user's list is untouched);
    `settings` default to the emulator's URL and key (`settings_on`)."""
    known = list(templates)

    def registry(base_url: str) -> Registry:
        reg = Registry.in_memory(base_url)
        for template in known:
            reg.remember_template(template, source="test")
        return reg

    launch = Launch(
        settings=settings or settings_on(server),
        workers=tuple(workers),
        registry_factory=registry,
        cadence=cadence,
        clock=clock,
    )
    return HandingerApp(launch)


def settings_on(server: EmulatorServer, **fields: Any) -> Settings:
    """Settings for the app on `server`, with its key, and `fields` as loaded from a config."""
    return Settings(base_url=server.base_url, api_key=ApiKey(server.api_key), **fields)


def demo_app(server: EmulatorServer, **kwargs: Any) -> HandingerApp:
    """The app on a demo emulator, knowing the demo workers' titles like `--demo` does."""
    templates = [w.get("template", w) for w in server.workers()]
    return make_app(server, [t["id"] for t in templates], templates=templates, **kwargs)


async def wait_for(
    pilot: Pilot[Any], predicate: Callable[[], bool], what: str, limit: float = 15.0
) -> None:
    """Let the app run until `predicate()` holds; fail with `what` after `limit` seconds.

    A widget the predicate looks for that is not mounted yet (the side panes compose just
    after the first frame) means "not yet", not a failure.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not _holds(predicate):
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {limit}s waiting for {what}")
        await pilot.pause(0.05)


def _holds(predicate: Callable[[], bool]) -> bool:
    try:
        return predicate()
    except NoMatches:
        return False


async def listed(pilot: Pilot[Any], app: HandingerApp, rows: int) -> None:
    """Wait for the session and for `rows` rows in the worker list."""
    await wait_for(pilot, lambda: app.session is not None, "the session")
    await wait_for(pilot, lambda: table(app).row_count == rows, f"{rows} rows")


async def choose(pilot: Pilot[Any], app: HandingerApp, worker_id: str) -> None:
    """Select `worker_id` and wait until the state has it selected."""
    app.main_screen.select_worker(worker_id)
    await wait_for(
        pilot,
        lambda: app.session is not None and app.session.state.selected == worker_id,
        "the selection",
    )


def notes(app: HandingerApp) -> list[str]:
    """The messages of the notifications on screen, oldest first."""
    return [str(n.message) for n in app._notifications]


def status_line(app: HandingerApp) -> str:
    """The text of the status line."""
    return str(app.main_screen.query_one(StatusLine).content)


def screen(app: HandingerApp) -> MainScreen:
    return app.main_screen


def table(app: HandingerApp, selector: str = "#worker-table") -> KeyedTable:
    return app.main_screen.query_one(selector, KeyedTable)


def cells(app: HandingerApp, key: str, selector: str = "#worker-table") -> list[str]:
    """The plain text of one row's cells."""
    return [str(cell) for cell in table(app, selector).get_row(key)]


def column(app: HandingerApp, index: int, selector: str = "#worker-table") -> list[str]:
    t = table(app, selector)
    return [str(t.get_row(row.key)[index]) for row in t.ordered_rows]


def subtitle(app: HandingerApp, pane: str) -> str:
    return str(app.main_screen.query_one(f"#{pane}").border_subtitle or "")


def static_text(app: HandingerApp, selector: str) -> str:
    """The plain text a Static was last given."""
    from textual.widgets import Static

    return str(app.main_screen.query_one(selector, Static).content)


def rows_loaded(app: HandingerApp, count: int) -> bool:
    """All `count` rows are in the list and every status has arrived."""
    statuses = column(app, 0)
    return len(statuses) == count and not any(s.startswith("…") for s in statuses)


def rendered(renderable: Any, width: int = 200) -> str:
    """What a Rich renderable shows, as plain text."""
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()
