"""Pooled keep-alive connections against a raw-socket HTTP/1.1 server.

A server may close an idle keep-alive connection at any time after its idle timeout
(uvicorn, which runs the emulator: 5 s). The client must not pick such a connection near
that moment, and a request whose writing broke off on a dead connection is retried on a
fresh one, POST included, because the server cannot have acted on a request it never
received whole.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import httpcore._async.http11 as http11
import pytest

from handinger_tui.api import HandingerClient, errors
from tests.support import examples

KEY = "hdg_test_raw_socket_key_0123456789"
RECEIVE_BUFFER = 64 * 1024  # fixed on the server's sockets: no autotuning to megabytes
HUGE = 16 * 1024 * 1024  # more than that plus the client's send buffer: a write must block
CUT_AFTER = 256 * 1024  # body bytes a reset request gets in before the reset


@dataclass
class RawServer:
    """Answers every request with ``answer`` and keeps the connection open, except the
    requests whose number (from 1) is in ``reset``: those get a TCP reset once part of
    their body has arrived, so the client's write of the rest breaks off."""

    answer: dict[str, Any]
    reset: set[int] = field(default_factory=set)
    connections: int = 0
    requests: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)  # requests read whole (then answered)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.sock.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode()
                with self._lock:
                    self.requests.append(line)
                    number = len(self.requests)
                if number in self.reset:
                    while len(buffer) < CUT_AFTER and (chunk := conn.recv(65536)):
                        buffer += chunk
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return  # closing with linger 0 sends a reset
                length = 0
                for header in head.split(b"\r\n")[1:]:
                    name, _, value = header.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(buffer) < length:
                    chunk = conn.recv(1 << 20)
                    if not chunk:
                        return
                    buffer += chunk
                buffer = buffer[length:]
                with self._lock:
                    self.completed.append(line)
                body = json.dumps(self.answer).encode()
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )


@pytest.fixture
def template_server() -> Iterator[RawServer]:
    server = RawServer(answer=examples.WORKER_TEMPLATE, reset={2})
    yield server
    server.close()


async def test_post_cut_off_on_a_dropped_pooled_connection_is_retried_fresh(
    template_server: RawServer,
) -> None:
    async with HandingerClient(KEY, template_server.base_url) as client:
        await client.workers.update("w1", title="warm the pool")
        created = await client.workers.create(title="big", instructions="x" * HUGE)
    assert created.id == examples.WORKER_TEMPLATE["id"]
    assert template_server.requests == [
        "PATCH /api/workers/w1 HTTP/1.1",
        "POST /api/workers HTTP/1.1",
        "POST /api/workers HTTP/1.1",
    ]
    # the server acted on one POST only: the reset one never arrived whole
    assert template_server.completed == [
        "PATCH /api/workers/w1 HTTP/1.1",
        "POST /api/workers HTTP/1.1",
    ]
    assert template_server.connections >= 2  # the retry went out on a fresh connection


async def test_post_cut_off_every_time_is_not_an_unknown_outcome() -> None:
    server = RawServer(answer=examples.WORKER_TEMPLATE, reset={1, 2, 3})
    try:
        async with HandingerClient(KEY, server.base_url, max_retries=2) as client:
            with pytest.raises(errors.ConnectionFailedError) as info:
                await client.workers.create(title="big", instructions="x" * HUGE)
    finally:
        server.close()
    assert len(server.requests) == 3 and server.completed == []
    assert not info.value.outcome_unknown
    assert "check before sending again" not in str(info.value)


class FakeMonotonic(SimpleNamespace):
    """Stands in for the ``time`` module httpcore's HTTP/1.1 connection reads."""

    now: float = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("server", "idle_timeout"), [("gunicorn", 2.0), ("uvicorn (the emulator)", 5.0)]
)
async def test_idle_connections_expire_before_common_server_idle_timeouts(
    monkeypatch: pytest.MonkeyPatch, server: str, idle_timeout: float
) -> None:
    clock = FakeMonotonic()
    monkeypatch.setattr(http11, "time", clock)  # the pool's keep-alive clock, no sleeping
    raw = RawServer(answer=examples.WORKER)
    try:
        async with HandingerClient(KEY, raw.base_url) as client:
            await client.workers.retrieve("w1")
            clock.now += 0.5  # a burst reuses the connection
            await client.workers.retrieve("w1")
            assert raw.connections == 1
            # half a second before this server would close it: too close to reuse
            clock.now += idle_timeout - 0.5
            await client.workers.retrieve("w1")
    finally:
        raw.close()
    assert raw.connections == 2, f"reused a connection {server} is about to close"
