"""Small HTTP helpers shared by the API routes and the control surface."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError

Handler = Callable[[Request], Awaitable[Response]]
logger = logging.getLogger("handinger_tui.emulator")
MAX_BODY = 1_000_000


class JSONResponse(Response):
    """A JSON response encoded compactly, keeping non-ASCII text as-is."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (RFC 8259 has no NaN or Infinity)")


async def json_body(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; empty -> {}; bad JSON (NaN, Infinity too) -> 400."""
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ApiError(413, f"Request body too large: at most {MAX_BODY} bytes")
    if not raw.strip():
        return {}
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/"):
        raise ApiError(415, "multipart/form-data is not supported by the emulator; send JSON")
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ApiError(400, f"Malformed JSON body: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return data


def guarded(handler: Handler) -> Handler:
    """Turn ApiError (and any bug) into the ``{"error": ...}`` body; never re-raise."""

    async def wrapper(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as exc:
            return error(exc.status, exc.message, exc.headers)
        except Exception as exc:  # a bug: answer 500 in the API's shape, log, keep serving
            logger.exception("emulator handler failed: %s %s", request.method, request.url.path)
            return error(500, f"Internal emulator error: {type(exc).__name__}")

    wrapper.__name__ = handler.__name__
    wrapper.__doc__ = handler.__doc__
    return wrapper
