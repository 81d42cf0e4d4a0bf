"""Saving one setting (the theme) keeps the rest of the user's config file as written."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from handinger_tui.core.config_writer import ConfigWriteError, set_setting
from handinger_tui.core.settings import load_settings

MINE = """\
# my handinger config
[api]
base_url = "https://handinger.example"   # staging
api_key = "hdg_live_abcdefghijklmnop"

[keys]
"worker.create" = "ctrl+n"  # muscle memory
"""


def test_the_theme_is_added_and_every_comment_and_setting_is_kept(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINE)
    set_setting(config, "ui", "theme", "nord")
    text = config.read_text()
    assert text.startswith(MINE)  # byte for byte, comments and spacing included
    assert tomllib.loads(text)["ui"] == {"theme": "nord"}
    assert load_settings(config_path=config, env={}).theme == "nord"


def test_a_theme_already_there_is_replaced_in_place(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui]\n# chosen in the app\ntheme = "dracula"  # was\n\n[paths]\n')
    set_setting(config, "ui", "theme", "nord")
    assert config.read_text() == '[ui]\n# chosen in the app\ntheme = "nord"  # was\n\n[paths]\n'


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_private_file_stays_private_and_a_new_one_is_private(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(MINE)
    config.chmod(0o600)
    set_setting(config, "ui", "theme", "nord")
    assert config.stat().st_mode & 0o777 == 0o600
    new = tmp_path / "fresh" / "handinger-tui" / "config.toml"
    set_setting(new, "ui", "theme", "nord")
    assert new.stat().st_mode & 0o777 == 0o600
    assert tomllib.loads(new.read_text()) == {"ui": {"theme": "nord"}}
    assert [p.name for p in new.parent.iterdir()] == ["config.toml"]  # no temporary left


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[api\nbase_url = 1\n", "is not valid TOML"),
        ("ui = 3\n", "is not a [ui] table"),
    ],
)
def test_a_file_that_cannot_take_the_setting_is_left_alone(
    tmp_path: Path, text: str, said: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text)
    with pytest.raises(ConfigWriteError, match=r"config\.toml") as raised:
        set_setting(config, "ui", "theme", "nord")
    assert said in str(raised.value)
    assert config.read_text() == text


def test_a_symlinked_config_is_written_where_it_points(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "handinger.toml"
    real.parent.mkdir()
    real.write_text(MINE)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    set_setting(link, "ui", "theme", "nord")
    assert link.is_symlink()
    assert tomllib.loads(real.read_text())["ui"]["theme"] == "nord"
