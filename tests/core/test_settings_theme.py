"""`[ui] theme` in the config file: loaded, and a bad value is a warning, never a refusal."""

from __future__ import annotations

from pathlib import Path

from handinger_tui.core.settings import load_settings


def test_the_theme_is_read_from_the_ui_section(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui]\ntheme = "nord"\n')
    settings = load_settings(config_path=config, env={})
    assert settings.theme == "nord"
    assert settings.warnings == ()  # [ui] is a known section


def test_a_theme_that_is_no_name_warns_and_starts_with_the_default(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ntheme = 3\nthem = 'x'\n")
    settings = load_settings(config_path=config, env={})
    assert settings.theme is None
    assert any("ui.theme must be a theme name" in w and "got 3" in w for w in settings.warnings)
    assert any("Unknown setting ui.them " in w for w in settings.warnings)
