"""``build_app``: the Starlette app (API + control routes) behind the edge middleware."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from .control import control_routes
from .edge import EdgeMiddleware
from .http_json import error
from .routes_api import api_routes
from .runtime import Runtime


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        message = f"Method {request.method} not allowed on {request.url.path}"
    elif exc.status_code == 404:
        message = f"Not found: {request.method} {request.url.path}"
    else:
        message = exc.detail
    return error(exc.status_code, message, dict(exc.headers or {}))


async def _server_error(request: Request, exc: Exception) -> Response:
    return error(500, f"Internal emulator error: {type(exc).__name__}")


def build_app(runtime: Runtime) -> Any:
    """The emulator as an ASGI callable (the engine starts/stops with the lifespan)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await runtime.engine.start()
        try:
            yield
        finally:
            await runtime.engine.stop()

    app = Starlette(
        routes=[*api_routes(), *control_routes()],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    app.state.runtime = runtime
    return EdgeMiddleware(app, runtime)
