"""`[refresh] sweep_per_minute` and `stuck_after`: read from the file, checked, defaulted."""

from __future__ import annotations

from pathlib import Path

import pytest

from handinger_tui.core.settings import SettingsError, load_settings


def test_sweep_settings_default_to_twelve_a_minute_and_ten_minutes(tmp_path: Path) -> None:
    s = load_settings(cli={}, env={}, config_path=None)
    assert (s.sweep_per_minute, s.stuck_after) == (12, 600.0)


def test_sweep_settings_come_from_the_refresh_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[refresh]\nsweep_per_minute = 0\nstuck_after = 1800\n")
    s = load_settings(cli={}, env={}, config_path=path)
    assert (s.sweep_per_minute, s.stuck_after) == (0, 1800.0)
    assert not any("sweep_per_minute" in w or "stuck_after" in w for w in s.warnings)


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("sweep_per_minute = -1", "refresh.sweep_per_minute"),
        ("stuck_after = 5", "refresh.stuck_after"),
    ],
)
def test_a_bad_sweep_setting_is_named(tmp_path: Path, line: str, named: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[refresh]\n{line}\n")
    with pytest.raises(SettingsError, match=named):
        load_settings(cli={}, env={}, config_path=path)
