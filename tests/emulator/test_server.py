"""EmulatorServer itself: fast start/stop, ports, keys, content generation."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from jsonschema import Draft7Validator

from handinger_tui.emulator import EmulatorServer
from handinger_tui.emulator.content import structured_output_for
from tests.support.emulator import client_for


def test_start_is_fast_and_stop_is_clean() -> None:
    EmulatorServer(seed="empty").start().stop()  # warm the imports
    started = time.perf_counter()
    server = EmulatorServer(seed="demo").start()
    elapsed = time.perf_counter() - started
    try:
        assert elapsed < 0.3
        assert server.port > 0 and server.base_url == f"http://127.0.0.1:{server.port}"
        assert server.api_key.startswith("hdg_emu_")
    finally:
        started = time.perf_counter()
        server.stop()
    assert time.perf_counter() - started < 0.5
    server.stop()  # idempotent


def test_restart_after_stop_is_refused() -> None:
    server = EmulatorServer(seed="empty")
    server.start()
    server.stop()
    with pytest.raises(RuntimeError, match="cannot be restarted"):
        server.start()


def test_silent_on_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    """Embedded in the TUI, the emulator must never write to stdout/stderr itself."""
    with EmulatorServer(seed="empty") as server, client_for(server) as api:
        server.set_faults(dropRate=1.0)
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):  # a drop
            api.get("/api/workers/x")
        server.set_faults(malformedRate=1.0)
        api.get("/api/workers/x")
        server.clear_faults()
        api.post("/api/workers", content=b"{")
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_two_servers_get_different_ports() -> None:
    with EmulatorServer(seed="empty") as a, EmulatorServer(seed="empty") as b:
        assert a.port != b.port


def test_worker_ids_without_running() -> None:
    server = EmulatorServer(seed="empty")
    assert server.worker_ids() == []


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object"},
        {
            "type": "object",
            "required": ["a"],
            "properties": {"a": {"type": "string", "maxLength": 3}},
        },
        {
            "type": "object",
            "required": ["n"],
            "properties": {"n": {"type": "integer", "maximum": -4}},
        },
        {"type": "object", "required": ["x"], "properties": {"x": {"anyOf": [{"type": "null"}]}}},
        {"type": "object", "required": ["t"], "properties": {"t": {"type": ["null", "boolean"]}}},
        {"type": "object", "required": ["c"], "properties": {"c": {"const": 42}}},
        {
            "allOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {"type": "number"}}},
                {"required": ["b"], "properties": {"b": {"type": "array", "maxItems": 0}}},
            ]
        },
        {"properties": {"deep": {"properties": {"deeper": {"type": "string", "format": "email"}}}}},
    ],
)
def test_structured_output_is_valid(schema: dict[str, Any]) -> None:
    instance = structured_output_for(schema)
    assert isinstance(instance, dict)
    Draft7Validator(schema).validate(instance)


def test_structured_output_for_non_object_schema_is_none() -> None:
    assert structured_output_for({"type": "string"}) is None
    assert structured_output_for(None) is None
