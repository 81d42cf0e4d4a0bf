"""The client's two connection pools share one TLS set-up (certificates load once)."""

from __future__ import annotations

import ssl

import pytest

from handinger_tui.api.client import HandingerClient


def test_the_certificates_load_once_for_both_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[object] = []
    load = ssl.SSLContext.load_verify_locations

    def counted(self: ssl.SSLContext, *args: object, **kwargs: object) -> None:
        loads.append(self)
        load(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    client = HandingerClient(api_key="hk_test", base_url="https://handinger.example")
    assert len(loads) == 1, f"certificates loaded {len(loads)} times"
    assert client.http_client is not None
