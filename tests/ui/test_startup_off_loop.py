"""Start-up: the store load, the session's client and the demo emulator never hold the UI
loop, the demo starts while the heavy imports run, and httpx's command-line tool is not
imported; once connected, start-up's objects are frozen out of the collector's passes."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

import pytest

from handinger_tui.core.registry import Registry
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui import app as app_module
from handinger_tui.ui.app import DemoTarget, HandingerApp, Launch
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import settings_on, wait_for


async def test_store_load_and_session_open_run_off_the_ui_loop(
    emulator: EmulatorServer,
) -> None:
    loaded_on: list[threading.Thread] = []

    def registry(base_url: str) -> Registry:
        loaded_on.append(threading.current_thread())
        return Registry.in_memory(base_url)

    app = HandingerApp(
        Launch(
            settings=settings_on(emulator),
            workers=("w_flag",),
            registry_factory=registry,
        )
    )
    frozen_before = gc.get_freeze_count()
    try:
        async with app.run_test() as pilot:
            await wait_for(pilot, lambda: app.session is not None, "the session")
            assert app.session is not None and app.session.registry.ids() == ["w_flag"]
            assert loaded_on and loaded_on[0] is not threading.main_thread()
            assert gc.get_freeze_count() > frozen_before
        assert gc.get_freeze_count() == 0  # closed: nothing of it stays frozen
    finally:
        gc.unfreeze()


async def test_the_demo_starts_while_the_imports_run(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    importing = threading.Event()
    real_import_heavy = app_module._import_heavy

    def import_heavy() -> None:
        importing.set()
        real_import_heavy()

    monkeypatch.setattr(app_module, "_import_heavy", import_heavy)
    overlapped: list[bool] = []

    def start_demo() -> DemoTarget:
        overlapped.append(importing.wait(10))  # in turn, the imports would start after this
        return DemoTarget(emulator.base_url, TEST_API_KEY, (), lambda: None)

    app = HandingerApp(Launch(start_demo=start_demo))
    try:
        async with app.run_test() as pilot:
            await wait_for(pilot, lambda: app.session is not None, "the session")
    finally:
        gc.unfreeze()
    assert overlapped == [True]


def test_httpx_command_line_tool_is_not_imported() -> None:
    code = (
        "import sys; from handinger_tui.ui.app import _import_heavy; _import_heavy(); "
        "import httpx; print('httpx._main' in sys.modules and sys.modules['httpx._main'] "
        "is not None, 'click' in sys.modules, callable(httpx.main))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False", "True"]


FIRST_REQUEST = """
import asyncio, sys
from handinger_tui.ui.app import _import_heavy
_import_heavy()
import httpx

async def answer(reader, writer):
    await reader.readuntil(b"\\r\\n\\r\\n")
    writer.write(b"HTTP/1.1 200 OK\\r\\ncontent-length: 2\\r\\n\\r\\n{}")
    await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    before = set(sys.modules)
    async with httpx.AsyncClient() as client:
        await client.get(f"http://127.0.0.1:{port}/")
    new = set(sys.modules) - before
    print(" ".join(sorted(m for m in new if m.startswith(("anyio", "httpcore", "sniffio")))))
    server.close()

asyncio.run(main())
"""


def test_the_first_request_loads_no_module_on_the_ui_loop() -> None:
    # Before, anyio and its asyncio backend (~30 modules, ~25 ms) loaded at the first request.
    out = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST], check=True, capture_output=True, text=True
    )
    assert out.stdout.split() == []
