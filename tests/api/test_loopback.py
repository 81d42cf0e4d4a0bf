"""One stdlib-only loopback rule, imported by the client, the command line and core."""

from __future__ import annotations

import pytest

from handinger_tui import cli
from handinger_tui.api import client, loopback
from handinger_tui.api.errors import ConfigurationError
from handinger_tui.api.loopback import is_loopback_host, key_in_clear
from tests.support.modules import loaded_after


def test_the_rule_is_stdlib_only() -> None:
    loaded = loaded_after("import handinger_tui.api.loopback")
    assert not loaded & {"httpx", "httpcore", "pydantic", "anyio"}


def test_the_client_and_the_command_line_use_the_one_rule() -> None:
    assert client.is_loopback_host is loopback.is_loopback_host
    assert vars(cli)["key_in_clear"] is loopback.key_in_clear  # imported, not a copy


@pytest.mark.parametrize(
    ("url", "in_clear"),
    [
        ("http://localhost:8787", False),
        ("http://LOCALHOST.:8787", False),
        ("http://api.localhost", False),
        ("http://127.0.0.1", False),
        ("http://127.9.9.9:1", False),
        ("http://[::1]:8787", False),
        ("http://example.com", True),
        ("http://10.0.0.1", True),
        ("http://localhost.example.com", True),
        ("https://example.com", False),
        ("HTTP://example.com", True),
    ],
)
def test_the_client_refuses_exactly_what_the_rule_calls_in_clear(url: str, in_clear: bool) -> None:
    assert key_in_clear(url) is in_clear
    if in_clear:
        with pytest.raises(ConfigurationError, match="plain http"):
            client.HandingerClient("hdg_k", url)
    else:
        assert client.HandingerClient("hdg_k", url).base_url


def test_hosts() -> None:
    assert is_loopback_host("[::1]") and is_loopback_host("localhost.")
    assert not is_loopback_host("") and not is_loopback_host("handinger.com")
