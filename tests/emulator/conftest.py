"""Fixtures for the emulator tests: HTTP clients and an emulator on a frozen clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import client_for

FROZEN_KEY = "hdg_test_frozen_emulator_key"


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    """An authenticated client on the empty emulator."""
    with client_for(emulator) as client:
        yield client


@pytest.fixture
def demo_api(demo_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with client_for(demo_emulator) as client:
        yield client


@pytest.fixture
def frozen() -> Iterator[EmulatorServer]:
    """An empty emulator whose clock only moves with advance_clock (tasks take 10 s)."""
    with EmulatorServer(api_key=FROZEN_KEY, seed="empty", task_seconds=10) as server:
        server.freeze_clock(True)
        yield server


@pytest.fixture
def frozen_api(frozen: EmulatorServer) -> Iterator[httpx.Client]:
    with client_for(frozen) as client:
        yield client


@pytest.fixture
def make_worker(api: httpx.Client) -> Callable[..., str]:
    def make(**body: Any) -> str:
        resp = api.post("/api/workers", json=body or {"title": "Test worker"})
        assert resp.status_code == 200, resp.text
        worker_id: str = resp.json()["id"]
        return worker_id

    return make


@pytest.fixture
def quick() -> Iterator[EmulatorServer]:
    """An empty emulator whose tasks finish in ~0.05 s and whose webhooks time out at 0.5 s."""
    with EmulatorServer(
        api_key=FROZEN_KEY, seed="empty", task_seconds=0.05, webhook_timeout=0.5
    ) as server:
        yield server


@pytest.fixture
def quick_api(quick: EmulatorServer) -> Iterator[httpx.Client]:
    with client_for(quick) as client:
        yield client
