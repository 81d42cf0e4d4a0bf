"""``EmulatorServer``: the emulator on uvicorn in a background thread with its own loop."""

from __future__ import annotations

import asyncio
import logging
import secrets
import socket
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote

import httpx
import uvicorn

from .asgi_app import build_app
from .engine import EngineConfig
from .errors import ApiError
from .fast_uvicorn import FastServer
from .runtime import Runtime
from .seed import apply_seed
from .store import Store

STARTUP_TIMEOUT = 10.0

# A library must not print through logging's last-resort handler (the TUI embeds the
# emulator and owns the terminal); records still propagate to handlers the host configures.
for _name in ("handinger_tui.emulator", "uvicorn", "uvicorn.error"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


class EmulatorServer:
    """A local Handinger on loopback.

    ``start()`` binds (port 0 -> a free port), serves from a daemon thread and returns once
    listening; ``stop()`` shuts down and joins. Also a context manager. The helpers
    (``stats``, ``set_faults``, ``advance_clock``, ...) go over real HTTP to ``/_emulator/``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        seed: str = "demo",
        db: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        allow_external_webhooks: bool = False,
        task_seconds: float = 3.0,
        webhook_timeout: float = 10.0,
        frozen_at: datetime | None = None,
        extra_api_keys: Sequence[str] = (),
    ) -> None:
        if seed not in ("demo", "empty"):
            raise ValueError(f"seed must be 'demo' or 'empty', not {seed!r}")
        self.api_key = api_key or "hdg_emu_" + secrets.token_urlsafe(24)
        self.seed = seed
        self.host = host
        self.port = port
        self.store = Store(db, seed=seed)
        config = EngineConfig(
            task_seconds=task_seconds,
            allow_external_webhooks=allow_external_webhooks,
            webhook_timeout=webhook_timeout,
        )
        self.runtime = Runtime.create(self.api_key, self.store, config)
        for key in extra_api_keys:  # more users of the same organization (see ``access``)
            try:
                self.runtime.add_key(key)
            except ApiError as exc:
                raise ValueError(f"extra API key {len(self.runtime.keys) + 2}: {exc}") from None
        if frozen_at is not None:  # a clock stopped at one instant: identical data every run
            self.runtime.clock.freeze_at(frozen_at.timestamp())
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sock: socket.socket | None = None
        self._error: BaseException | None = None
        self._http: httpx.Client | None = None
        self._stopped = False

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> EmulatorServer:
        if self._thread is not None:
            return self
        if self._stopped:
            raise RuntimeError("an EmulatorServer cannot be restarted; create a new one")
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto says TCP; without it every response pays a 40 ms Nagle/delayed-ACK stall.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        sock.listen(128)
        sock.setblocking(False)
        self._sock = sock
        self.port = sock.getsockname()[1]
        self.runtime.base_url = self.base_url
        if not self.store.loaded:
            apply_seed(self.runtime, self.seed)
            self.store.flush()
        config = uvicorn.Config(
            build_app(self.runtime),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="on",
            http="h11",
            loop="asyncio",
            ws="none",
            timeout_graceful_shutdown=1,
            timeout_keep_alive=5,
        )
        self._server = FastServer(config)
        self._thread = threading.Thread(target=self._serve, name="handinger-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self._thread.join(timeout=1)
                self._thread = None
                raise RuntimeError(f"emulator failed to start: {self._error!r}")
            time.sleep(0.002)
        return self

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._server.serve(sockets=[self._sock]))
        except BaseException as exc:  # surfaced by start()
            self._error = exc
        finally:
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    def stop(self) -> None:
        thread, loop = self._thread, self._loop
        if self._http is not None:
            self._http.close()
            self._http = None
        if thread is None:
            self.store.close()
            return
        self._stopped = True
        if loop is not None and not loop.is_closed():
            # Release blocked POST /api/tasks and sink waits before uvicorn drains connections.
            loop.call_soon_threadsafe(self.runtime.engine.shutting_down.set)
        self._server.should_exit = True
        thread.join(timeout=10)
        self._thread = None
        self.store.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- helpers over HTTP ---------------------------------------------------------------

    def _client(self) -> httpx.Client:
        if self._http is None:
            # Plain http on loopback: verify=False skips loading a CA bundle (~30 ms).
            self._http = httpx.Client(
                base_url=self.base_url, trust_env=False, timeout=10, verify=False
            )
        return self._http

    def _control(self, method: str, path: str, json: Any = None) -> Any:
        resp = self._client().request(
            method, path, json=json, headers={"Authorization": f"Bearer {self.api_key}"}
        )
        resp.raise_for_status()
        return resp.json()

    def worker_ids(self) -> list[str]:
        """Ids of the live workers, in the order they were seeded/created."""
        if self._thread is None:
            return [w.id for w in list(self.store.workers.values()) if not w.deleted]
        return [w["id"] for w in self._control("GET", "/_emulator/workers")]

    def workers(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._control("GET", "/_emulator/workers")
        return result

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self._control("GET", "/_emulator/stats")
        return result

    def reset_stats(self) -> None:
        self._control("DELETE", "/_emulator/stats")

    def set_faults(self, **kwargs: Any) -> dict[str, Any]:
        """E.g. ``set_faults(errorRate=1.0, errorStatus=500, routes=["/api/tasks"])``."""
        result: dict[str, Any] = self._control("PUT", "/_emulator/faults", kwargs)
        return result

    def clear_faults(self) -> None:
        self._control("DELETE", "/_emulator/faults")

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        result: dict[str, Any] = self._control(
            "POST", "/_emulator/clock/advance", {"seconds": seconds}
        )
        return result

    def freeze_clock(self, frozen: bool = True) -> dict[str, Any]:
        result: dict[str, Any] = self._control("PUT", "/_emulator/clock", {"frozen": frozen})
        return result

    def reset(self, seed: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self._control(
            "POST", "/_emulator/reset", {"seed": seed} if seed else {}
        )
        return result

    def trigger(
        self, worker_id: str, via: str, text: str, budget: str = "standard"
    ) -> dict[str, str]:
        """Start a run as ``via`` (email, ui, api, schedule): ``{"taskId", "turnId", ...}``."""
        body = {"via": via, "input": text, "budget": budget}
        result: dict[str, str] = self._control(
            "POST", f"/_emulator/workers/{quote(worker_id, safe='')}/trigger", body
        )
        return result

    def end_task(self, task_id: str, status: str, message: str | None = None) -> dict[str, Any]:
        """End the task's active run with ``status`` error or aborted (TaskWithTurns)."""
        body: dict[str, Any] = {"status": status}
        if message is not None:
            body["message"] = message
        result: dict[str, Any] = self._control(
            "POST", f"/_emulator/tasks/{quote(task_id, safe='')}/end", body
        )
        return result

    def add_api_key(self, key: str | None = None) -> dict[str, str]:
        """Accept another key (another user of the organization): ``{"key", "userId"}``."""
        result: dict[str, str] = self._control("POST", "/_emulator/keys", {"key": key})
        return result

    def sink(self, name: str) -> list[dict[str, Any]]:
        """What the built-in webhook receiver ``/_emulator/sink/{name}`` received."""
        resp = self._client().get(f"/_emulator/sink/{name}")
        resp.raise_for_status()
        result: list[dict[str, Any]] = resp.json()
        return result

    def sink_url(self, name: str) -> str:
        return f"{self.base_url}/_emulator/sink/{name}"
