"""The 16 route templates of the reference, matched segment by segment on the *raw* path.

Path parameters are opaque and percent-encoded as one segment (the SDK encodes ``/`` too),
so routing splits the raw path on ``/`` first and only then decodes each segment: an id
containing ``%2F`` stays one parameter instead of reaching another route.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

API_ROUTES: dict[str, tuple[str, ...]] = {
    "/api/workers": ("POST",),
    "/api/workers/{workerId}": ("GET", "PATCH", "DELETE"),
    "/api/workers/{workerId}/email": ("GET",),
    "/api/workers/{workerId}/schedules": ("GET", "POST"),
    "/api/workers/{workerId}/schedules/{scheduleId}": ("DELETE",),
    "/api/workers/{workerId}/webhook": ("GET", "PUT", "DELETE"),
    "/api/workers/{workerId}/webhook/regenerate-token": ("POST",),
    "/api/workers/{workerId}/webhook/executions": ("GET",),
    "/api/tasks": ("POST",),
    "/api/tasks/{taskId}": ("GET", "DELETE"),
}

_SPLIT = [(template, template.strip("/").split("/")) for template in API_ROUTES]


def raw_path(scope: Mapping[str, Any]) -> str:
    """The request path as sent (still percent-encoded), without the query string."""
    raw = scope.get("raw_path")
    if isinstance(raw, bytes | bytearray):
        return bytes(raw).decode("latin-1").split("?", 1)[0]
    return quote(str(scope.get("path", "")))


def match(path: str) -> tuple[str, dict[str, str]] | None:
    """Raw path -> (template, decoded params), e.g. ``("/api/tasks/{taskId}", {...})``."""
    segments = path.strip("/").split("/") if path.strip("/") else []
    if path.endswith("/") and path != "/":
        return None  # no trailing-slash variants, like the service's router
    for template, parts in _SPLIT:
        if len(parts) != len(segments):
            continue
        params: dict[str, str] = {}
        for part, segment in zip(parts, segments, strict=True):
            if part.startswith("{"):
                value = unquote(segment)
                if not value:
                    break
                params[part[1:-1]] = value
            elif part != segment:
                break
        else:
            return template, params
    return None


def route_template(path: str) -> str | None:
    """``/api/workers/abc/email`` -> ``/api/workers/{workerId}/email`` (None if unknown)."""
    found = match(path)
    return found[0] if found else None


def route_key(method: str, path: str) -> str:
    """The stats/faults key: ``"GET /api/workers/{workerId}"`` or ``"GET (unknown route)"``."""
    template = route_template(path)
    return f"{method} {template}" if template else f"{method} (unknown route)"
