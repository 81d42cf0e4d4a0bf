"""An emulator from the outside: the test key, HTTP clients on it, waiting on a condition."""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import httpx

from handinger_tui.emulator.records import ExecutionRec

if TYPE_CHECKING:
    from handinger_tui.emulator import EmulatorServer

TEST_API_KEY = "hdg_test_emulator_key_0123456789"

_SSL = ssl.create_default_context()  # shared: building one per client costs ~30 ms


def client_for(server: EmulatorServer, key: str | None = None) -> httpx.Client:
    """A synchronous client on `server`, with its key (or `key`)."""
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


def delivered(worker_id: str, n: int, created_at: float) -> ExecutionRec:
    """Delivery `n` of a worker's webhook, successful, titled 'delivery N' (for the store)."""
    return ExecutionRec(
        id=f"whe_{n:06d}",
        worker_id=worker_id,
        created_at=created_at,
        duration_ms=12,
        error_message=None,
        request_status="success",
        response_status=200,
        task_id=None,
        task_title=f"delivery {n}",
        url="https://hooks.example.com/in",
    )
