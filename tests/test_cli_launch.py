"""What the command line hands the app: settings from the config file reach `Launch`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import launch_of


def test_the_configured_theme_and_the_config_path_reach_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui]\ntheme = "nord"\n')
    monkeypatch.setenv("HANDINGER_API_KEY", "hdg_test_cli_launch_key_0123456789")
    launch = launch_of(["--config", str(config), "--base-url", "http://127.0.0.1:9"], monkeypatch)
    assert launch.settings.theme == "nord"
    assert launch.settings.config_path == config
