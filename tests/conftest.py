"""Shared fixtures: every test talks to a real local Handinger emulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from handinger_tui.api.models import STRICT_WIRE_ENV, strict_wire_mode
from tests.support.emulator import TEST_API_KEY

if TYPE_CHECKING:
    from handinger_tui.emulator import EmulatorServer


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's config, tracked list or API key."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    for var in ("HANDINGER_API_KEY", "HANDINGER_BASE_URL", "HANDINGER_TUI_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    # Run inside tmux, screen or SSH, the suite would copy into the developer's real tmux
    # buffer and take other copy routes than the tests expect.
    for var in ("TMUX", "TMUX_PANE", "STY", "SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(autouse=True)
def _strict_wire(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read the wire strictly: drift in our own emulator is an error, not tolerated.

    Undocumented keys, unknown enum values, nulls and fractions the reference does not
    allow fail the parse. The environment variable carries it to app subprocesses.
    """
    monkeypatch.setenv(STRICT_WIRE_ENV, "1")
    with strict_wire_mode(True):
        yield


@pytest.fixture
def lax_wire(_strict_wire: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Production reading for one test: what the real service may drift to is tolerated."""
    monkeypatch.setenv(STRICT_WIRE_ENV, "0")
    with strict_wire_mode(False):
        yield


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


UI_FOLDER = Path(__file__).parent / "ui"
# Files outside tests/ui that run the app in a real tmux.
TMUX_FILES = {"test_cli_terminal.py", "test_log_cli_tmux.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """UI tests: everything under ``tests/ui``, and any test that starts a tmux server."""
    for item in items:
        needs_tmux = "tmux" in getattr(item, "fixturenames", ()) or item.path.name in TMUX_FILES
        if item.path.is_relative_to(UI_FOLDER) or needs_tmux:
            item.add_marker(pytest.mark.ui)
