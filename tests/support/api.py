"""Test support: a scripted in-process Handinger API and time hooks that never sleep.

For unit tests of code that uses ``HandingerClient`` without a server::

    api = MockAPI()
    api.add("GET", "/api/workers/w1", {"id": "w1", "status": "running"})
    async with api.client() as client:
        worker = await client.workers.retrieve("w1")
    assert api.paths() == ["GET /api/workers/w1"]

Integration tests use the emulator instead (``handinger_tui.emulator``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from handinger_tui.api._transport import Hooks
from handinger_tui.api.client import HandingerClient

__all__ = ["FakeTime", "MockAPI", "Reply"]

MOCK_API_KEY = "hdg_test_mock_key_ABCDEF0123456789"
MOCK_BASE_URL = "https://api.handinger.test"

Reply = httpx.Response | dict[str, Any] | list[Any] | Exception | Callable[[httpx.Request], Any]
"""A scripted answer: a response, a JSON body (status 200), an exception to raise, or a
callable taking the request and returning any of these."""


@dataclass
class FakeTime:
    """Hooks whose sleep only records the delay; ``rand`` is what ``random()`` returns."""

    rand: float = 0.0
    now: float = 1_800_000_000.0
    sleeps: list[float] = field(default_factory=list)

    async def sleep(self, seconds: float) -> None:
        """Record the delay and advance the fake clock."""
        self.sleeps.append(seconds)
        self.now += seconds

    def hooks(self) -> Hooks:
        """``Hooks`` bound to this fake time."""
        return Hooks(
            sleep=self.sleep,
            random=lambda: self.rand,
            wall_clock=lambda: self.now,
            monotonic=lambda: self.now,
        )


class MockAPI:
    """Routes ``(method, raw path)`` to queues of scripted replies; records every request.

    The last reply of a route repeats. An unrouted request gets a 404 JSON error.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.requests: list[httpx.Request] = []
        self.time = FakeTime()

    def add(self, method: str, path: str, *replies: Reply) -> MockAPI:
        """Queue replies for ``method path`` (path as sent, percent-encoded, no query)."""
        self.routes.setdefault((method.upper(), path), []).extend(replies)
        return self

    def handler(self, request: httpx.Request) -> httpx.Response:
        """The ``httpx.MockTransport`` handler."""
        self.requests.append(request)
        path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        queue = self.routes.get((request.method, path))
        if not queue:
            return httpx.Response(404, json={"error": f"No route {request.method} {path}"})
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        return self._materialise(reply, request)

    def _materialise(self, reply: Reply, request: httpx.Request) -> httpx.Response:
        if callable(reply) and not isinstance(reply, httpx.Response | Exception):
            return self._materialise(reply(request), request)
        if isinstance(reply, Exception):
            raise reply
        if isinstance(reply, httpx.Response):
            return reply
        return httpx.Response(200, json=reply)

    def http_client(self) -> httpx.AsyncClient:
        """An ``httpx.AsyncClient`` served by this mock."""
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handler))

    def client(self, **kwargs: Any) -> HandingerClient:
        """A ``HandingerClient`` on this mock, with fake time (override with kwargs)."""
        kwargs.setdefault("api_key", MOCK_API_KEY)
        kwargs.setdefault("base_url", MOCK_BASE_URL)
        kwargs.setdefault("http_client", self.http_client())
        kwargs.setdefault("_hooks", self.time.hooks())
        return HandingerClient(**kwargs)

    def paths(self) -> list[str]:
        """``"METHOD /raw/path"`` of every request received, in order."""
        return [f"{r.method} {r.url.raw_path.decode('ascii')}" for r in self.requests]

    def bodies(self) -> list[Any]:
        """The decoded JSON body of every request (``None`` when empty)."""
        return [json.loads(r.content) if r.content else None for r in self.requests]
