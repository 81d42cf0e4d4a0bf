"""The client's TLS set-up: certificates load once for both pools, and never for plain http."""

from __future__ import annotations

import os
import socket
import ssl
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from handinger_tui.api.client import HandingerClient, tls_context
from tests.support.servers import not_found, tls_server


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every certificate-store load from now on (httpx's and the standard library's)."""
    seen: list[object] = []
    verify, default = ssl.SSLContext.load_verify_locations, ssl.SSLContext.load_default_certs

    def verify_counted(self: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        seen.append(self)
        verify(self, *args, **kwargs)  # type: ignore[arg-type]

    def default_counted(self: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        seen.append(self)
        default(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", verify_counted)
    monkeypatch.setattr(ssl.SSLContext, "load_default_certs", default_counted)
    for name in list(os.environ):  # no proxy from the machine running the tests
        if name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    return seen


def test_the_certificates_load_once_for_both_pools(loads: list[object]) -> None:
    client = HandingerClient(api_key="hk_test", base_url="https://handinger.example")
    assert len(loads) == 1, f"certificates loaded {len(loads)} times"
    assert client.http_client is not None


def test_a_plain_http_client_loads_no_certificates(loads: list[object]) -> None:
    """The demo's loopback emulator: no TLS connection, so no store (~20 ms at start-up)."""
    HandingerClient(api_key="hk_test", base_url="http://127.0.0.1:8787")
    assert loads == []


def test_an_https_proxy_for_plain_http_loads_the_store(
    loads: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "https://proxy.example:3128")
    HandingerClient(api_key="hk_test", base_url="http://127.0.0.1:8787")
    assert len(loads) == 1


def test_the_plain_http_context_refuses_every_tls_server(tmp_path: Path) -> None:
    """Were it ever used for TLS, it verifies against an empty store: nothing is trusted."""
    context = tls_context("http://127.0.0.1:8787")
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    with tls_server(tmp_path, not_found) as (url, _cert):
        address = urlsplit(url)
        with (
            socket.create_connection((address.hostname, address.port), timeout=10) as raw,
            pytest.raises(ssl.SSLCertVerificationError),
        ):
            context.wrap_socket(raw, server_hostname=address.hostname)
