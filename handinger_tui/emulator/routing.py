"""The 16 route templates of the reference, and matching a request path to its template."""

from __future__ import annotations

import re

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

_COMPILED = [
    (template, re.compile("^" + re.sub(r"\{[A-Za-z]+\}", "[^/]+", template) + "$"))
    for template in API_ROUTES
]


def route_template(path: str) -> str | None:
    """``/api/workers/abc/email`` -> ``/api/workers/{workerId}/email`` (None if unknown)."""
    for template, pattern in _COMPILED:
        if pattern.match(path):
            return template
    return None


def route_key(method: str, path: str) -> str:
    """The stats/faults key: ``"GET /api/workers/{workerId}"`` or ``"GET (unknown)"``."""
    template = route_template(path)
    return f"{method} {template}" if template else f"{method} (unknown route)"
