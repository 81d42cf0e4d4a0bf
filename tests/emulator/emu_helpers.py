"""Helpers shared by the emulator tests (a uniquely named module: tests dirs are not packages)."""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from typing import Any

import httpx

from handinger_tui.emulator import EmulatorServer

_SSL = ssl.create_default_context()  # shared: building one per client costs ~30 ms


def client_for(server: EmulatorServer, key: str | None = None) -> httpx.Client:
    return httpx.Client(
        verify=_SSL,
        base_url=server.base_url,
        headers={"Authorization": f"Bearer {key or server.api_key}"},
        trust_env=False,
        timeout=15,
    )


def wait_until(predicate: Callable[[], Any], timeout: float = 5.0, what: str = "condition") -> Any:
    """Poll ``predicate`` until truthy (returns its value) or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
