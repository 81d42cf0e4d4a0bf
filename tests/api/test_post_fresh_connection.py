"""A POST never goes out on a pooled connection: one the server closed while idle would
turn a create it never received into "outcome unknown"."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator

import httpcore._async.http11 as http11
import pytest

from handinger_tui.api import HandingerClient
from tests.support import examples

KEY = "hdg_test_fresh_post_key_0123456789"


class ClosingServer:
    """Answers each request, then closes the connection as a server at its idle timeout
    does, without ``Connection: close``: the client still takes it for reusable."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.requests: list[str] = []
        self.connections = 0
        self.closed = threading.Event()  # set each time a connection was closed
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            buffer = b""
            while b"\r\n\r\n" not in buffer:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, _, rest = buffer.partition(b"\r\n\r\n")
            self.requests.append(head.split(b"\r\n", 1)[0].decode())
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            while len(rest) < length:
                rest += conn.recv(65536)
            body = json.dumps(examples.WORKER_TEMPLATE).encode()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
        self.closed.set()


@pytest.fixture
def server() -> Iterator[ClosingServer]:
    running = ClosingServer()
    yield running
    running.sock.close()


async def test_a_create_after_the_server_closed_the_idle_connection_is_not_ambiguous(
    server: ClosingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The close is in flight when the pool looks: the connection still seems reusable.
    monkeypatch.setattr(http11.AsyncHTTP11Connection, "has_expired", lambda self: False)
    async with HandingerClient(KEY, server.base_url) as client:
        await client.workers.update("w1", title="warm the pool")
        assert await asyncio.to_thread(server.closed.wait, 10)  # the server has closed it
        created = await client.workers.create(title="after the idle close")
    assert created.id == examples.WORKER_TEMPLATE["id"]
    assert server.requests == ["PATCH /api/workers/w1 HTTP/1.1", "POST /api/workers HTTP/1.1"]
    assert server.connections == 2
