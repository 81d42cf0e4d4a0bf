"""Settings: CLI > env > config file > defaults, clear errors, and a key that never prints."""

from __future__ import annotations

import argparse
import logging
import pickle
from pathlib import Path

import pytest

from handinger_tui.core import settings as settings_module
from handinger_tui.core.safe_text import mask_secret
from handinger_tui.core.settings import (
    DEFAULT_BASE_URL,
    Secret,
    Settings,
    SettingsError,
    load_settings,
)

KEY = "hdg_live_SUPERSECRET_0123456789abcdef"
ENV_KEY = "HANDINGER_API_KEY"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the developer's real config file or data dir."""
    monkeypatch.setattr(settings_module, "default_config_path", lambda: tmp_path / "nope.toml")
    monkeypatch.setattr(settings_module, "default_data_dir", lambda: tmp_path / "data")


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_with_nothing_set(tmp_path: Path) -> None:
    s = load_settings(cli={}, env={})
    assert s.api_key is None and not s.has_api_key
    assert s.base_url == DEFAULT_BASE_URL
    assert (s.active_interval, s.idle_interval, s.list_interval) == (2.0, 15.0, 10.0)
    assert (s.schedules_interval, s.webhook_interval, s.backoff_max) == (30.0, 30.0, 180.0)
    assert s.max_in_flight == 4 and s.read_only is False and s.keymap == {}
    assert s.config_path == tmp_path / "nope.toml"  # missing default file is fine
    assert s.data_dir == tmp_path / "data"
    assert s.warnings == ()


def test_precedence_cli_over_env_over_file(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        """
        [api]
        base_url = "https://file.example"
        api_key = "hdg_from_file"
        read_only = true
        [refresh]
        active_interval = 3
        idle_interval = 20.5
        max_in_flight = 2
        [keys]
        "worker.create" = "n"
        "worker.delete" = "ctrl+d"
        """,
    )
    file_only = load_settings(cli={}, env={}, config_path=path)
    assert file_only.base_url == "https://file.example"
    assert file_only.api_key == Secret("hdg_from_file")
    assert file_only.api_key_source == str(path)
    assert file_only.read_only is True
    assert file_only.active_interval == 3.0 and file_only.idle_interval == 20.5
    assert file_only.max_in_flight == 2
    assert file_only.keymap == {"worker.create": "n", "worker.delete": "ctrl+d"}
    assert any("plain text" in w for w in file_only.warnings)

    env = {"HANDINGER_API_KEY": "hdg_from_env", "HANDINGER_BASE_URL": "https://env.example/"}
    from_env = load_settings(cli={}, env=env, config_path=path)
    assert from_env.api_key == Secret("hdg_from_env")
    assert from_env.api_key_source == "HANDINGER_API_KEY"
    assert from_env.base_url == "https://env.example"

    cli = argparse.Namespace(
        api_key="hdg_from_cli", base_url="http://127.0.0.1:8000", read_only=False,
        active_interval="0.5", max_in_flight=None,
    )  # fmt: skip
    from_cli = load_settings(cli=cli, env=env, config_path=path)
    assert from_cli.api_key == Secret("hdg_from_cli")
    assert from_cli.api_key_source == "--api-key"
    assert from_cli.base_url == "http://127.0.0.1:8000"
    assert from_cli.active_interval == 0.5
    assert from_cli.max_in_flight == 2  # None on the CLI means "not given"
    assert from_cli.read_only is True  # a False flag does not switch the file's True off


def test_config_path_from_env_and_cli(tmp_path: Path) -> None:
    env_file = tmp_path / "env.toml"
    env_file.write_text('[api]\nbase_url = "https://env-file.example"\n')
    cli_file = tmp_path / "cli.toml"
    cli_file.write_text('[api]\nbase_url = "https://cli-file.example"\n')
    env = {"HANDINGER_TUI_CONFIG": str(env_file)}
    assert load_settings(cli={}, env=env).base_url == "https://env-file.example"
    s = load_settings(cli={"config": str(cli_file)}, env=env)
    assert s.base_url == "https://cli-file.example" and s.config_path == cli_file


def test_explicit_missing_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(cli={}, env={}, config_path=tmp_path / "missing.toml")


def test_empty_env_vars_are_unset() -> None:
    s = load_settings(cli={}, env={"HANDINGER_API_KEY": "  ", "HANDINGER_BASE_URL": ""})
    assert s.api_key is None and s.base_url == DEFAULT_BASE_URL


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[refresh]\nactive_interval = "abc"',
            "refresh.active_interval must be a number between 0.5 and 3600, got 'abc' in ",
        ),
        ("[refresh]\nidle_interval = 0.1", "refresh.idle_interval must be a number between 0.5"),
        ("[refresh]\nlist_interval = true", "refresh.list_interval must be a number"),
        ("[refresh]\nbackoff_max = 99999", "refresh.backoff_max must be a number between 1 and"),
        ("[refresh]\nmax_in_flight = 0", "refresh.max_in_flight must be a whole number between 1"),
        ("[refresh]\nmax_in_flight = 2.5", "refresh.max_in_flight must be a whole number"),
        ('[api]\nbase_url = "ftp://x"', "api.base_url must be an http(s) URL"),
        ('[api]\nbase_url = "handinger.com"', "api.base_url must be an http(s) URL"),
        ("[api]\nbase_url = 3", "api.base_url must be an http(s) URL"),
        ('[api]\nread_only = "yes"', "api.read_only must be true or false"),
        ('[api]\napi_key = ""', "api.api_key must be a non-empty string"),
        ('[keys]\n"worker.create" = ""', 'keys."worker.create" must be a key name'),
        ('[keys]\n"worker.create" = 5', 'keys."worker.create" must be a key name'),
        ("keys = 3", "[keys] must be a table"),
        ("[refresh\n", "is not valid TOML"),
    ],
)
def test_bad_file_values(tmp_path: Path, toml: str, message: str) -> None:
    path = write_config(tmp_path, toml)
    with pytest.raises(SettingsError) as info:
        load_settings(cli={}, env={}, config_path=path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_bad_values_name_their_source() -> None:
    with pytest.raises(SettingsError, match=r"got 'nope' in HANDINGER_BASE_URL"):
        load_settings(cli={}, env={"HANDINGER_BASE_URL": "nope"})
    with pytest.raises(SettingsError, match=r"got '-1' in --active-interval"):
        load_settings(cli={"active_interval": "-1"}, env={})
    with pytest.raises(SettingsError, match="nan"):
        load_settings(cli={"webhook_interval": "nan"}, env={})


def test_bad_api_key_is_not_echoed() -> None:
    bad = "hdg_live_secret\nwith newline"
    with pytest.raises(SettingsError) as info:
        load_settings(cli={}, env={"HANDINGER_API_KEY": bad})
    assert "HANDINGER_API_KEY" in str(info.value)
    assert "secret" not in str(info.value).replace("HANDINGER", "")


def test_unknown_keys_warn(tmp_path: Path) -> None:
    path = write_config(tmp_path, "[refresh]\nactiv_interval = 3\n[colors]\nx = 1\n")
    s = load_settings(cli={}, env={}, config_path=path)
    assert any("refresh.activ_interval" in w for w in s.warnings)
    assert any("[colors]" in w for w in s.warnings)


def test_data_dir_override(tmp_path: Path) -> None:
    path = write_config(tmp_path, f'[paths]\ndata_dir = "{tmp_path / "mine"}"\n')
    assert load_settings(cli={}, env={}, config_path=path).data_dir == tmp_path / "mine"
    s = load_settings(cli={"data_dir": tmp_path / "flag"}, env={}, config_path=path)
    assert s.data_dir == tmp_path / "flag"


def test_secret_never_printed(caplog: pytest.LogCaptureFixture) -> None:
    s = load_settings(cli={"api_key": KEY}, env={})
    secret = s.api_key
    assert secret is not None
    assert secret.get_secret_value() == KEY
    renderings = [
        repr(secret), str(secret), f"{secret}", f"{secret!r}", f"{secret:>40}", "{}".format(secret),  # noqa: UP032
        repr(s), str(s), f"{s}",
    ]  # fmt: skip
    logging.getLogger("t").warning("settings %s %r", s, secret)
    renderings.append(caplog.text)
    for rendered in renderings:
        assert KEY not in rendered
        assert "SUPERSECRET" not in rendered
    assert mask_secret(secret.get_secret_value()) == "hdg_••••••••cdef"  # the display form
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_secret_in_rich_pretty_and_traceback_locals() -> None:
    from rich.console import Console
    from rich.pretty import Pretty

    s = Settings(api_key=Secret(KEY))
    console = Console(width=200, record=True, color_system=None)
    with console.capture() as capture:
        console.print(Pretty(s))
        console.print(Pretty({"key": s.api_key}))
    assert "SUPERSECRET" not in capture.get()


def test_secret_equality_and_truthiness() -> None:
    assert Secret("a") == Secret("a")
    assert Secret("a") != Secret("b")
    assert Secret("a") != "a"
    assert not Secret("")
    assert hash(Secret("a")) == hash(Secret("a"))


def test_settings_is_frozen() -> None:
    s = Settings()
    with pytest.raises(AttributeError):
        s.base_url = "x"  # type: ignore[misc]


def test_api_key_flag_warns_that_ps_shows_it() -> None:
    s = load_settings(cli={"api_key": KEY}, env={})
    assert s.api_key == Secret(KEY) and s.api_key_source == "--api-key"
    warning = next(w for w in s.warnings if "--api-key" in w)
    assert "ps" in warning and "HANDINGER_API_KEY" in warning and "--api-key-file" in warning
    assert KEY not in " ".join(s.warnings)
    assert not any("ps" in w for w in load_settings(cli={}, env={ENV_KEY: KEY}).warnings)


def test_api_key_file_is_read_and_named_as_the_source(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    key_file.chmod(0o600)
    s = load_settings(cli={"api_key_file": str(key_file)}, env={ENV_KEY: "hdg_env"})
    assert s.api_key == Secret(KEY)  # the flag beats the environment
    assert s.api_key_source == f"--api-key-file {key_file}"
    assert s.warnings == ()


def test_a_key_file_other_users_can_read_is_warned_about(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(KEY)
    key_file.chmod(0o644)
    s = load_settings(cli={"api_key_file": str(key_file)}, env={})
    assert s.api_key == Secret(KEY)
    assert any(str(key_file) in w and "chmod 600" in w for w in s.warnings)


def test_api_key_file_dash_reads_standard_input() -> None:
    s = load_settings(cli={"api_key_file": "-"}, env={}, stdin=lambda: f"  {KEY}\n")
    assert s.api_key == Secret(KEY) and s.api_key_source == "standard input"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "holds no API key"),
        ("\n  \n", "holds no API key"),
        (f"{KEY}\nsecond line\n", "holds 2 lines"),
        ("hdg_with a space", "spaces or control characters"),
    ],
)
def test_bad_key_files_are_refused_without_echoing_them(
    tmp_path: Path, content: str, expected: str
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(content)
    with pytest.raises(SettingsError, match=expected) as info:
        load_settings(cli={"api_key_file": str(key_file)}, env={})
    assert str(key_file) in str(info.value)
    assert "second line" not in str(info.value) and "with a space" not in str(info.value)


def test_key_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(cli={"api_key_file": str(tmp_path / "missing")}, env={})
    with pytest.raises(SettingsError, match="is a directory"):
        load_settings(cli={"api_key_file": str(tmp_path)}, env={})
    with pytest.raises(SettingsError, match="only one"):
        load_settings(cli={"api_key_file": "-", "api_key": KEY}, env={}, stdin=lambda: KEY)


def test_a_key_misplaced_at_the_top_of_the_config_is_named_and_its_exposure_warned(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('api_key = "hdg_top_level_key"\n')
    path.chmod(0o644)
    loaded = load_settings(cli={}, env={}, config_path=path)
    assert loaded.api_key is None  # ignored: it is not where the key goes
    assert any("did you mean api_key under [api]" in w for w in loaded.warnings)
    exposed = [w for w in loaded.warnings if "plain text" in w]
    assert exposed and "readable by other users" in exposed[0]
    assert not any("hdg_top_level_key" in w for w in loaded.warnings)
