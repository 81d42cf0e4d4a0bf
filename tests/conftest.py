"""Shared fixtures: every test talks to a real local Handinger emulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from handinger_tui.emulator import EmulatorServer

TEST_API_KEY = "hdg_test_emulator_key_0123456789"


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """A fresh, empty emulator on a free loopback port, stopped after the test."""
    from handinger_tui.emulator import EmulatorServer

    with EmulatorServer(api_key=TEST_API_KEY, seed="empty") as server:
        yield server


@pytest.fixture
def demo_emulator() -> Iterator[EmulatorServer]:
    """A fresh emulator holding the deterministic demo data."""
    from handinger_tui.emulator import EmulatorServer

    with EmulatorServer(api_key=TEST_API_KEY, seed="demo") as server:
        yield server
