"""One rule for a valid API key, checked once at start-up, naming where the key came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from handinger_tui.api.client import HandingerClient
from handinger_tui.api.errors import ConfigurationError
from handinger_tui.api.key import ApiKey, check_key
from handinger_tui.core.settings import SettingsError, load_settings

# Printable, so a "no control characters" rule let it through, but not ASCII: the
# Authorization header cannot carry it, and the client refused it only later.
BAD = "hdg_live_caf\u00e9_0123456789abcdef"


def test_a_key_an_http_header_cannot_carry_is_refused_naming_the_flag() -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(cli={"api_key": BAD}, env={})
    assert "The key from --api-key cannot be used" in str(info.value)
    assert BAD not in str(info.value)


def test_a_key_an_http_header_cannot_carry_is_refused_naming_the_environment() -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(cli={}, env={"HANDINGER_API_KEY": BAD})
    assert "The key from HANDINGER_API_KEY cannot be used" in str(info.value)
    assert BAD not in str(info.value)


def test_a_key_an_http_header_cannot_carry_is_refused_naming_the_config_file(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[api]\napi_key = "{BAD}"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(cli={}, env={}, config_path=config)
    assert f"The key from {config} cannot be used" in str(info.value)
    assert BAD not in str(info.value)


def test_a_key_an_http_header_cannot_carry_is_refused_naming_the_key_file(
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(BAD + "\n", encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(cli={"api_key_file": str(key_file)}, env={})
    assert f"The key from --api-key-file {key_file} cannot be used" in str(info.value)
    assert BAD not in str(info.value)


@pytest.mark.parametrize(
    "key", [BAD, "hdg_live_with space", "hdg_live_tab\there", "hdg_\x7f", "hdg_\u200b"]
)
def test_the_settings_and_the_client_apply_the_same_rule(key: str) -> None:
    problem = check_key(key, "the api_key argument")
    assert problem is not None
    with pytest.raises(SettingsError, match="cannot be used"):
        load_settings(cli={"api_key": key}, env={})
    with pytest.raises(ConfigurationError) as info:
        HandingerClient(api_key=key)
    assert str(info.value) == problem


def test_a_good_key_is_one_type_from_the_settings_to_the_client() -> None:
    key = "hdg_live_0123456789abcdef"
    settings = load_settings(cli={}, env={"HANDINGER_API_KEY": f"  {key}\n"})
    assert isinstance(settings.api_key, ApiKey)
    client = HandingerClient(api_key=settings.api_key, base_url="https://handinger.com")
    assert isinstance(client.api_key, ApiKey) and client.api_key == settings.api_key
    assert client.api_key.get_secret_value() == key
    assert key not in repr(client.api_key) and key not in f"{client.api_key}"
