"""The edge of the emulator: request stats, injected faults and Bearer auth (raw ASGI).

Faults apply only to ``/api/`` requests and are checked in this order, each with its own
draw: latency (always added), drop (close the connection with no response), 5xx error,
429 rate limit (with ``Retry-After``), malformed body (the real handler runs, then a
truncated body is sent with status 200). Then, once the key is accepted, the faults that
let the write happen and lose the answer: ``errorAfterRate`` (the handler runs, then an
HTML error page with ``errorAfterStatus``, 502 by default, replaces its answer, as a proxy
would) and ``dropAfterRate`` (the handler runs, then the connection closes with no
response). ``drift: true`` reshapes every 2xx answer the way a drifting service may (see
``drift``). ``count`` limits how many matching requests are affected before the faults
switch themselves off; ``seed`` makes the draws reproducible.

Example: ``PUT /_emulator/faults {"drift": true}`` or
``{"dropAfterRate": 1, "routes": ["POST /api/tasks"], "count": 1}``.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .drift import drift_body
from .errors import ApiError
from .routing import raw_path, route_key

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, MutableMapping

    from .runtime import Runtime

    Scope = MutableMapping[str, Any]
    Message = MutableMapping[str, Any]
    Receive = Callable[[], Awaitable[Message]]
    Send = Callable[[Message], Awaitable[None]]
    ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

RATES = (
    "errorRate",
    "rateLimitRate",
    "dropRate",
    "malformedRate",
    "errorAfterRate",
    "dropAfterRate",
)
BAD_GATEWAY_PAGE = (
    "<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
USER_SCOPE_KEY = "handinger.user"  # the ASGI scope entry naming the caller's user id


@dataclass
class FaultConfig:
    """Injected faults, as set by ``PUT /_emulator/faults`` (camelCase on the wire)."""

    latency_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 503
    rate_limit_rate: float = 0.0
    retry_after: int = 1
    drop_rate: float = 0.0
    malformed_rate: float = 0.0
    error_after_rate: float = 0.0
    error_after_status: int = 502
    drop_after_rate: float = 0.0
    drift: bool = False
    routes: list[str] | None = None
    methods: list[str] | None = None
    count: int | None = None
    seed: int | None = None
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "latencyMs": self.latency_ms,
            "errorRate": self.error_rate,
            "errorStatus": self.error_status,
            "rateLimitRate": self.rate_limit_rate,
            "retryAfter": self.retry_after,
            "dropRate": self.drop_rate,
            "malformedRate": self.malformed_rate,
            "errorAfterRate": self.error_after_rate,
            "errorAfterStatus": self.error_after_status,
            "dropAfterRate": self.drop_after_rate,
            "drift": self.drift,
            "routes": self.routes,
            "methods": self.methods,
            "count": self.count,
            "seed": self.seed,
        }

    @property
    def active(self) -> bool:
        return bool(
            self.latency_ms
            or self.error_rate
            or self.rate_limit_rate
            or self.drop_rate
            or self.malformed_rate
            or self.error_after_rate
            or self.drop_after_rate
            or self.drift
        ) and (self.count is None or self.count > 0)

    def applies(self, method: str, key: str) -> bool:
        if self.methods is not None and method.upper() not in self.methods:
            return False
        if self.routes is None:
            return True
        template = key.split(" ", 1)[1]
        return any(
            fnmatch.fnmatchcase(template, p) or fnmatch.fnmatchcase(key, p) for p in self.routes
        )

    @classmethod
    def parse(cls, body: dict[str, Any]) -> FaultConfig:
        """Validate a faults body; raises ApiError(422) naming the bad field."""

        def number(name: str, lo: float, hi: float, integer: bool = False) -> Any:
            value = body.get(name)
            if value is None:
                return None
            ok_type = isinstance(value, int) if integer else isinstance(value, int | float)
            if isinstance(value, bool) or not ok_type or not lo <= value <= hi:
                kind = "an integer" if integer else "a number"
                raise ApiError(422, f"{name}: must be {kind} between {lo:g} and {hi:g}")
            return value

        def str_list(name: str) -> list[str] | None:
            value = body.get(name)
            if value is None:
                return None
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ApiError(422, f"{name}: must be a list of strings")
            return list(value)

        unknown = [name for name in body if name not in cls().to_json()]
        if unknown:
            known = ", ".join(cls().to_json())
            raise ApiError(422, f"{unknown[0]}: is not a fault setting (known: {known})")
        cfg = cls()
        cfg.latency_ms = number("latencyMs", 0, 600000, integer=True) or 0
        cfg.error_rate = float(number("errorRate", 0, 1) or 0)
        cfg.error_status = number("errorStatus", 400, 599, integer=True) or 503
        cfg.rate_limit_rate = float(number("rateLimitRate", 0, 1) or 0)
        retry_after = number("retryAfter", 0, 3600, integer=True)
        cfg.retry_after = 1 if retry_after is None else retry_after
        cfg.drop_rate = float(number("dropRate", 0, 1) or 0)
        cfg.malformed_rate = float(number("malformedRate", 0, 1) or 0)
        cfg.error_after_rate = float(number("errorAfterRate", 0, 1) or 0)
        cfg.error_after_status = number("errorAfterStatus", 400, 599, integer=True) or 502
        cfg.drop_after_rate = float(number("dropAfterRate", 0, 1) or 0)
        drift_on = body.get("drift", False)
        if not isinstance(drift_on, bool):
            raise ApiError(422, "drift: must be a boolean")
        cfg.drift = drift_on
        cfg.routes = str_list("routes")
        methods = str_list("methods")
        cfg.methods = [m.upper() for m in methods] if methods is not None else None
        cfg.count = number("count", 1, 10**9, integer=True)
        cfg.seed = number("seed", -(2**63), 2**63, integer=True)
        cfg.rng = random.Random(cfg.seed)
        return cfg


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


def authenticate(runtime: Runtime, headers: list[tuple[bytes, bytes]]) -> str:
    """The user id the Bearer key acts as; raises ApiError(401) otherwise."""
    value = next((v.decode("latin-1") for k, v in headers if k == b"authorization"), None)
    challenge = {"WWW-Authenticate": 'Bearer realm="handinger"'}
    if value is None or not value.strip():
        raise ApiError(401, "Missing API key: send 'Authorization: Bearer <API key>'", challenge)
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            401, "Malformed Authorization header: expected 'Bearer <API key>'", challenge
        )
    user = runtime.user_for(token.strip())
    if user is None:
        raise ApiError(401, "Invalid API key", challenge)
    return user


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
