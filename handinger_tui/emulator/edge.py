"""The edge of the emulator, as raw ASGI middleware: request stats, injected faults, Bearer auth.

Counts every ``/api`` request by route, applies the faults set in ``faults`` (see there for
what each one does and in which order), checks the Bearer key (``access.authenticate``),
and reshapes answers when ``drift`` is on.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .access import USER_SCOPE_KEY, authenticate
from .drift import drift_body
from .errors import ApiError
from .faults import FaultConfig
from .routing import raw_path, route_key
from .runtime import Runtime

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

BAD_GATEWAY_PAGE = (
    "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return status, raw, body


async def send_raw(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def drop_connection(receive: Receive, send: Send, body_read: bool = False) -> None:
    """Close the TCP connection without sending a single byte of response."""
    # Read the whole request first: closing with request bytes still in flight makes the
    # kernel answer with a reset, which a client sees as a different error by timing.
    if not body_read:
        message = await receive()
        while message.get("type") == "http.request" and message.get("more_body", False):
            message = await receive()
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise ConnectionAbortedError("injected drop")  # the server closes after a failure
    transport.close()
    while True:  # let the server notice the disconnect so it logs nothing
        message = await receive()
        if message["type"] == "http.disconnect":
            return


class Captured:
    """A response the app produced but that has not been sent yet."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


class EdgeMiddleware:
    """Counts /api requests, injects faults into them, and checks the Bearer key."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]
        rt = self.runtime
        is_api = path == "/api" or path.startswith("/api/")
        key = ""
        faults: FaultConfig | None = None
        if is_api:
            key = route_key(method, raw_path(scope))
            rt.stats[key] += 1
            if rt.faults.active and rt.faults.applies(method, key):
                faults = rt.faults
                if faults.count is not None:
                    faults.count -= 1
                if await self._inject(faults, scope, receive, send):
                    return
        needs_auth = is_api or (
            path.startswith("/_emulator/") and not path.startswith("/_emulator/sink/")
        )
        if needs_auth:
            try:
                scope[USER_SCOPE_KEY] = authenticate(rt, scope["headers"])
            except ApiError as err:
                await send_raw(send, *error_response(err.status, err.message, err.headers))
                return
        if faults is not None and await self._after(faults, key, scope, receive, send):
            return
        await self.app(scope, receive, send)

    async def _inject(self, f: FaultConfig, scope: Scope, receive: Receive, send: Send) -> bool:
        """Apply faults; True when the response was already handled here."""
        if f.latency_ms:
            sleeper = asyncio.ensure_future(asyncio.sleep(f.latency_ms / 1000))
            stopper = asyncio.ensure_future(self.runtime.engine.shutting_down.wait())
            await asyncio.wait({sleeper, stopper}, return_when=asyncio.FIRST_COMPLETED)
            sleeper.cancel()
            stopper.cancel()
        rng = f.rng
        if f.drop_rate and rng.random() < f.drop_rate:
            await drop_connection(receive, send)
            return True
        if f.error_rate and rng.random() < f.error_rate:
            status = f.error_status
            await send_raw(send, *error_response(status, f"Injected fault: HTTP {status}"))
            return True
        if f.rate_limit_rate and rng.random() < f.rate_limit_rate:
            msg = f"Rate limit exceeded; retry after {f.retry_after} seconds"
            headers = {"Retry-After": str(f.retry_after)}
            await send_raw(send, *error_response(429, msg, headers))
            return True
        if f.malformed_rate and rng.random() < f.malformed_rate:
            await self._malformed(scope, receive, send)
            return True
        return False

    async def _after(
        self, f: FaultConfig, key: str, scope: Scope, receive: Receive, send: Send
    ) -> bool:
        """Faults that let the handler run (the write happens) and then spoil the answer."""
        rng = f.rng
        error_after = bool(f.error_after_rate) and rng.random() < f.error_after_rate
        drop_after = (
            not error_after and bool(f.drop_after_rate) and rng.random() < f.drop_after_rate
        )
        if not (error_after or drop_after or f.drift):
            return False
        captured = Captured()
        request_read = False

        async def tracked() -> Message:
            nonlocal request_read
            message = await receive()
            request_read = request_read or not message.get("more_body", False)
            return message

        await self.app(scope, tracked, captured)
        if drop_after:
            await drop_connection(receive, send, body_read=request_read)
        elif error_after:
            status = f.error_after_status
            page = BAD_GATEWAY_PAGE.format(status=status).encode()
            headers = [
                (b"content-type", b"text/html"),
                (b"content-length", str(len(page)).encode()),
            ]
            await send_raw(send, status, headers, page)
        else:
            await send_raw(send, *_drifted(key, captured))
        return True

    async def _malformed(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the real handler (side effects happen), then send half its body as 200."""
        captured = Captured()
        try:
            scope[USER_SCOPE_KEY] = authenticate(self.runtime, scope["headers"])
        except ApiError:
            pass
        else:
            await self.app(scope, receive, captured)
        body = captured.body or b'{"error": "Injected fault"}'
        cut = body[: max(1, len(body) // 2)]
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(cut)).encode()),
        ]
        await send_raw(send, 200, headers, cut)


def _drifted(key: str, captured: Captured) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The captured answer, reshaped by ``drift`` when it is a 2xx JSON body."""
    body = captured.body
    ctype = next((v for k, v in captured.headers if k.lower() == b"content-type"), b"")
    if not 200 <= captured.status < 300 or not ctype.startswith(b"application/json"):
        return captured.status, captured.headers, body
    try:
        data = json.loads(body)
    except ValueError:
        return captured.status, captured.headers, body
    body = json.dumps(drift_body(key, data), ensure_ascii=False, separators=(",", ":")).encode()
    headers = [(k, v) for k, v in captured.headers if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    return captured.status, headers, body
