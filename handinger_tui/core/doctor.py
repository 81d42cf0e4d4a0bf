"""``handinger-tui doctor``: checks of the set-up, each a typed result, no screen needed.

Each check returns a :class:`Check`: a name, a status (``pass``, ``warn`` or ``fail``), what
was found and, when it is not a pass, the fix. ``warn`` works with a caveat; only ``fail``
makes :func:`all_passed` false. The API key is never shown: only where it came from and its
shape (``hdg_live_…, 40 chars``). Text from the server or the environment is cleaned to one
line with no control characters before it is put in a result. The terminal checks are in
:mod:`core.doctor_terminal`.
"""

from __future__ import annotations

import os
import ssl
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Final, Literal
from urllib.parse import urlsplit

import httpx

from handinger_tui.api import errors
from handinger_tui.api.client import HandingerClient
from handinger_tui.core.base_url_rules import (
    plain_http_answer,
    speaks_plain_http,
    speaks_tls,
    tls_answer,
    url_mistake,
)
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.settings import Settings

__all__ = [
    "PROBE_WORKER_ID",
    "Check",
    "Status",
    "all_passed",
    "check_config",
    "check_key",
    "probe_base_url",
    "report",
]

Status = Literal["pass", "warn", "fail"]
PROBE_WORKER_ID: Final = "handinger_tui_doctor_probe"
"""A well-formed worker id no one has: ``GET /api/workers/<it>`` answers 404 to a good key."""


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    status: Status
    summary: str
    fix: str = ""


def all_passed(checks: Sequence[Check]) -> bool:
    return all(check.status != "fail" for check in checks)


def report(checks: Sequence[Check]) -> dict[str, object]:
    """The ``--json`` document: ``{"ok": bool, "checks": [{name, status, summary, fix}]}``."""
    return {"ok": all_passed(checks), "checks": [asdict(check) for check in checks]}


def _clean(text: object, limit: int = 200) -> str:
    return one_line(text, limit)


# ---------------------------------------------------------------------- config and key


def check_config(settings: Settings) -> Check:
    """The config file: present or not, and not readable by others when it holds a key."""
    path = settings.config_path
    if path is None or not path.exists():
        return Check("config", "pass", f"no config file at {path} (defaults in use)")
    try:
        holds_key = "api_key" in tomllib.loads(path.read_text("utf-8")).get("api", {})
        mode = path.stat().st_mode
    except (OSError, ValueError) as exc:  # load_settings read it a moment ago
        return Check("config", "fail", f"{path}: {_clean(exc)}", "fix or remove the file")
    if holds_key and os.name == "posix" and mode & 0o077:
        return Check(
            "config",
            "fail",
            f"{path} holds an API key and is readable by other users (mode {mode & 0o777:o})",
            f"chmod 600 {path}",
        )
    others = [w for w in settings.warnings if str(path) in w and "holds an API key" not in w]
    if others:
        return Check("config", "warn", f"{path}: {_clean('; '.join(others), 300)}", "")
    held = " (holds an API key; mode 600)" if holds_key else ""
    return Check("config", "pass", f"{path}{held}")


def _key_shape(key: str) -> tuple[str, bool]:
    """``hdg_live_…, 40 chars`` and whether it looks like a Handinger key; never the key."""
    parts = key.split("_")
    prefix = parts[1] if len(parts) >= 3 and parts[0] == "hdg" else ""
    if prefix.isascii() and prefix.isalpha() and prefix.islower() and len(prefix) <= 8:
        return f"hdg_{prefix}_…, {len(key)} chars", True
    if key.startswith("hdg_"):  # the prefix, but not the shape hdg_<kind>_<secret>
        return f"{len(key)} chars, hdg_ but not hdg_<kind>_…", False
    return f"{len(key)} chars, not starting with hdg_", False


def check_key(settings: Settings) -> Check:
    """Where the key came from and its shape."""
    if settings.api_key is None or not settings.api_key:
        return Check(
            "api key",
            "fail",
            "no API key",
            "export HANDINGER_API_KEY=hdg_live_... or pass --api-key-file FILE",
        )
    source = settings.api_key_source or "unknown"
    if settings.config_path is not None and source == str(settings.config_path):
        source = f"config file {source}"
    shape, looks_right = _key_shape(settings.api_key.get_secret_value())
    summary = f"key from {source}, {shape}"
    if not looks_right:
        return Check("api key", "warn", summary, "Handinger keys look like hdg_live_…")
    if source == "--api-key":
        return Check("api key", "warn", summary, "--api-key shows it in ps; use --api-key-file")
    file_warnings = [w for w in settings.warnings if w.startswith("API key file")]
    if file_warnings:
        return Check("api key", "warn", summary, _clean(file_warnings[0]))
    return Check("api key", "pass", summary)


# ---------------------------------------------------------------------- base URL probe


@dataclass
class _Seen:
    status: int
    content_type: str
    location: str


class _Recorder(httpx.AsyncBaseTransport):
    """Passes requests on, keeping what the answer looked like and any TLS error."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.seen: _Seen | None = None
        self.tls: ssl.SSLError | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except Exception as exc:
            self.tls = _ssl_error(exc)
            raise
        self.seen = _Seen(
            response.status_code,
            response.headers.get("content-type", "").split(";")[0].strip().lower(),
            response.headers.get("location", ""),
        )
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _ssl_error(exc: BaseException) -> ssl.SSLError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _origin(url: httpx.URL) -> str:
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}"


def _url_fix(base_url: str, allow_insecure: bool) -> Check | None:
    """Mistakes visible in the URL itself (see :mod:`core.base_url_rules`)."""
    mistake = url_mistake(base_url, allow_insecure)
    return None if mistake is None else Check("base url", "fail", mistake.summary, mistake.fix)


async def probe_base_url(
    settings: Settings, *, allow_insecure: bool = False, limit: float = 10.0
) -> Check:
    """One authenticated ``GET /api/workers/<no such id>``: 404 JSON means all is well."""
    base_url = settings.base_url
    if settings.api_key is None or not settings.api_key:
        return Check("base url", "warn", f"{base_url} not checked: no API key", "")
    if (found := _url_fix(base_url, allow_insecure)) is not None:
        return found
    recorder = _Recorder()
    http = httpx.AsyncClient(transport=recorder, timeout=limit, follow_redirects=False)
    key = settings.api_key.get_secret_value()
    try:
        client = HandingerClient(
            key, base_url, max_retries=0, timeout=limit, allow_insecure=True, http_client=http
        )
        await client.workers.retrieve(PROBE_WORKER_ID)
    except errors.ConfigurationError as exc:
        return Check("base url", "fail", _clean(exc, 300), "check --base-url")
    except errors.APIError as exc:
        return await _diagnose(base_url, recorder, exc, key, limit)
    finally:
        await http.aclose()
    return Check("base url", "pass", f"{base_url} answered as the Handinger API; key accepted")


async def _diagnose(
    base_url: str, recorder: _Recorder, exc: errors.APIError, key: str, limit: float
) -> Check:
    """Name the cause of a failed probe, and the fix."""
    seen = recorder.seen
    said = _clean(str(exc).replace(key, "[redacted]"), 300)
    if seen is not None and 300 <= seen.status < 400:
        probe = httpx.URL(f"{base_url}/api/workers/{PROBE_WORKER_ID}")
        target = probe.join(seen.location.replace(key, "[redacted]"))
        shown = _clean(str(target), 200)
        suffix = f"/api/workers/{PROBE_WORKER_ID}"
        better = str(target)[: -len(suffix)] if str(target).endswith(suffix) else _origin(target)
        return Check(
            "base url",
            "fail",
            f"{base_url} redirects ({seen.status}) to {shown}; the app does not follow "
            "redirects (the key must not be sent on to another address)",
            f"use --base-url {_clean(better, 200)}",
        )
    if seen is not None and "html" in seen.content_type:
        return Check(
            "base url",
            "fail",
            f"{base_url} answered a web page (HTML, {seen.status}), not the API's JSON",
            "point --base-url at the API root, such as https://handinger.com (no path)",
        )
    if isinstance(exc, errors.AuthenticationError):
        return Check(
            "base url",
            "fail",
            f"{base_url} refused the API key (401): {_clean(exc.server_message or '')}",
            "check the key (revoked? another organization?) or create one in the dashboard",
        )
    accepted = isinstance(exc, errors.NotFoundError | errors.PermissionDeniedError)
    if accepted and seen is not None and "json" in seen.content_type:
        return Check(
            "base url",
            "pass",
            f"{base_url} answered as the Handinger API ({seen.status} for a worker no one "
            "has); key accepted",
        )
    if recorder.tls is not None:
        return _tls(base_url, recorder.tls)
    parts = urlsplit(base_url)
    dropped = isinstance(exc, errors.ConnectionFailedError | errors.ResponseFormatError)
    plain = parts.scheme == "http" and dropped and parts.hostname
    if plain and await speaks_tls(base_url, limit):
        answer = tls_answer(base_url)
        return Check("base url", "fail", answer.summary, answer.fix)
    return Check("base url", "fail", said, "check --base-url and the network")


def _tls(base_url: str, error: ssl.SSLError) -> Check:
    parts = urlsplit(base_url)
    reason = error.reason or ""
    if speaks_plain_http(reason):
        answer = plain_http_answer(base_url)
        return Check("base url", "fail", answer.summary, answer.fix)
    if isinstance(error, ssl.SSLCertVerificationError):
        why = _clean(error.verify_message or reason or error, 120)
        return Check(
            "base url",
            "fail",
            f"TLS error: the certificate of {parts.hostname} is not trusted ({why})",
            "check the system clock, and SSL_CERT_FILE if a proxy re-signs TLS",
        )
    return Check(
        "base url",
        "fail",
        f"TLS error talking to {parts.netloc}: {_clean(reason or error, 120)}",
        "check --base-url's scheme and port, and any TLS-intercepting proxy",
    )
