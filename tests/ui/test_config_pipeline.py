"""Settings flow from the command line and the config file to the running app, whole.

`Launch` carries the `Settings` as loaded: `[paths] data_dir` / `--data-dir` decide where
the tracked workers are kept, and every `[refresh]` setting reaches the poller.
"""

from __future__ import annotations

import gc
from datetime import timedelta
from pathlib import Path

import pytest

from handinger_tui.core.registry import registry_file_name
from handinger_tui.emulator import EmulatorServer
from handinger_tui.ui.app import HandingerApp
from tests.support.cli import launch_of
from tests.support.emulator import TEST_API_KEY
from tests.support.pilot import wait_for


async def run_until_saved(app: HandingerApp, saved: Path) -> None:
    """Run the app until its session is open and `saved` exists."""
    try:
        async with app.run_test() as pilot:
            await wait_for(pilot, lambda: app.session is not None, "the session")
            await wait_for(pilot, saved.exists, f"the tracked workers saved to {saved}")
    finally:
        gc.unfreeze()


def config_file(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    return config


async def test_data_dir_from_the_config_file_holds_the_tracked_workers(
    emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "from-config"
    config = config_file(tmp_path, f'[paths]\ndata_dir = "{data_dir}"\n')
    monkeypatch.setenv("HANDINGER_API_KEY", TEST_API_KEY)
    argv = ["--config", str(config), "--base-url", emulator.base_url, "--worker", "w_cfg"]
    app = HandingerApp(launch_of(argv, monkeypatch))
    saved = data_dir / registry_file_name(emulator.base_url)
    await run_until_saved(app, saved)
    assert "w_cfg" in saved.read_text(encoding="utf-8")


async def test_the_data_dir_flag_beats_the_config_file(
    emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = config_file(tmp_path, f'[paths]\ndata_dir = "{tmp_path / "from-config"}"\n')
    flag_dir = tmp_path / "from-flag"
    monkeypatch.setenv("HANDINGER_API_KEY", TEST_API_KEY)
    argv = ["--config", str(config), "--base-url", emulator.base_url, "--worker", "w_flag"]
    app = HandingerApp(launch_of([*argv, "--data-dir", str(flag_dir)], monkeypatch))
    saved = flag_dir / registry_file_name(emulator.base_url)
    await run_until_saved(app, saved)
    assert "w_flag" in saved.read_text(encoding="utf-8")
    assert not (tmp_path / "from-config").exists()


async def test_every_refresh_setting_reaches_the_running_app(
    emulator: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = config_file(
        tmp_path,
        "[refresh]\nactive_interval = 1.5\nidle_interval = 16\nlist_interval = 11\n"
        "schedules_interval = 31\nwebhook_interval = 32\nbackoff_max = 170\n"
        "max_in_flight = 3\nsweep_per_minute = 5\nstuck_after = 120\n"
        f'[paths]\ndata_dir = "{tmp_path / "data"}"\n',
    )
    monkeypatch.setenv("HANDINGER_API_KEY", TEST_API_KEY)
    app = HandingerApp(
        launch_of(["--config", str(config), "--base-url", emulator.base_url], monkeypatch)
    )
    try:
        async with app.run_test() as pilot:
            await wait_for(pilot, lambda: app.session is not None, "the session")
            assert app.session is not None
            cadence = app.session.coordinator.cadence
            assert (cadence.active, cadence.idle, cadence.rows) == (1.5, 16.0, 11.0)
            assert (cadence.schedules, cadence.webhook, cadence.backoff_max) == (31, 32, 170)
            assert (cadence.max_in_flight, cadence.sweep_per_minute) == (3, 5)
            assert app.main_screen.stuck_after == timedelta(seconds=120)
    finally:
        gc.unfreeze()
