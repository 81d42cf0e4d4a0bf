"""Fixtures for the UI tests."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from handinger_tui import demo
from handinger_tui.emulator import EmulatorServer


@pytest.fixture
def frozen_demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorServer]:
    """The demo emulator on its fixed port, its clock frozen, with TZ=UTC (for snapshots)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    server = demo.start_server(frozen=True)
    try:
        yield server
    finally:
        server.stop()
        monkeypatch.delenv("TZ")
        time.tzset()
