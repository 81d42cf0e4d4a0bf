"""Base URL mistakes that point at their own cause, shared by ``doctor`` and the status line.

Each rule reads only the URL (and, for a TLS failure, the error text), so it costs no
request and no heavy import: the status line uses it from the first frame. The words are
the operator's: what is wrong, and the ``--base-url`` that fixes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from handinger_tui.api.loopback import is_loopback_host, key_in_clear
from handinger_tui.core.state import Connection, Trouble

__all__ = [
    "PLAIN_HTTP_TLS",
    "Mistake",
    "api_suffix",
    "dashboard_host",
    "likely_cause",
    "may_be_tls",
    "plain_http_answer",
    "speaks_plain_http",
    "speaks_tls",
    "tls_answer",
    "url_mistake",
]

PLAIN_HTTP_TLS: Final = frozenset(
    {  # OpenSSL's words for a plain-http answer to a TLS hello
        "WRONG_VERSION_NUMBER",
        "RECORD_LAYER_FAILURE",
        "PACKET_LENGTH_TOO_LONG",
        "UNKNOWN_PROTOCOL",
    }
)


@dataclass(frozen=True)
class Mistake:
    """What is wrong with a base URL, and the fix."""

    summary: str
    fix: str


def dashboard_host(host: str, base_url: str) -> bool:
    """A host a worker's dashboard URL may be on: handinger.com or the configured service."""
    host = host.lower().rstrip(".")
    service = (urlsplit(base_url).hostname or "").lower()
    return host == service or host == "handinger.com" or host.endswith(".handinger.com")


def api_suffix(base_url: str) -> Mistake | None:
    """A base URL ending in ``/api``: every request goes to ``/api/api/…`` and is not found."""
    if not urlsplit(base_url).path.rstrip("/").lower().endswith("/api"):
        return None
    better = base_url.rstrip("/")[: -len("/api")]
    return Mistake(
        f"{base_url} ends in /api, but every API path already starts with /api "
        "(each worker would show 'not found')",
        f"use --base-url {better}",
    )


def url_mistake(base_url: str, allow_insecure: bool) -> Mistake | None:
    """Mistakes visible in the URL itself: an ``/api`` suffix, http to a remote host."""
    if (suffix := api_suffix(base_url)) is not None:
        return suffix
    if not allow_insecure and key_in_clear(base_url):
        parts = urlsplit(base_url)
        return Mistake(
            f"{base_url} is plain http to a remote host: the API key would cross the network "
            "unencrypted",
            f"use --base-url https://{parts.netloc}{parts.path.rstrip('/')} "
            "(or --allow-insecure-http)",
        )
    return None


def speaks_plain_http(tls_error: str) -> bool:
    """Whether a TLS error's text is OpenSSL saying the other end answered in plain http."""
    return any(word in tls_error for word in PLAIN_HTTP_TLS)


def plain_http_answer(base_url: str) -> Mistake:
    """An https base URL whose server speaks plain http: what to do about it."""
    parts = urlsplit(base_url)
    fix = (
        f"use --base-url http://{parts.netloc}{parts.path}"
        if is_loopback_host(parts.hostname or "")
        else "check the port: it serves plain http, and the key needs https"
    )
    return Mistake(f"TLS error: {parts.netloc} speaks plain http, not https", fix)


def tls_answer(base_url: str) -> Mistake:
    """An http base URL whose server speaks TLS (proved by :func:`speaks_tls`)."""
    parts = urlsplit(base_url)
    return Mistake(
        f"{parts.netloc} speaks https (TLS), not plain http",
        f"use --base-url https://{parts.netloc}{parts.path}",
    )


async def speaks_tls(base_url: str, limit: float) -> bool:
    """Whether the base URL's host and port complete a TLS handshake (nothing is sent)."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # only "is it TLS?"; the key is never sent here
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(
                host, parts.port or 80, ssl=context, server_hostname=host or None
            ),
            limit,
        )
    except (OSError, TimeoutError, ValueError):
        return False
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()
    return True


def may_be_tls(base_url: str, connection: Connection) -> bool:
    """An http URL whose connections break or answer garbage: worth one TLS handshake."""
    troubled = connection.trouble in (Trouble.UNREACHABLE, Trouble.UNREADABLE)
    return urlsplit(base_url).scheme == "http" and connection.ok is False and troubled


def likely_cause(
    base_url: str, connection: Connection, *, tls_proved: bool = False
) -> Mistake | None:
    """The base URL mistake that explains what the status line sees, if one does.

    An ``/api`` suffix while nothing has answered well (each worker 404s, so the status
    would otherwise say "connecting" for ever); an https URL whose server answered the TLS
    hello in plain http; an http URL whose server completed a TLS handshake
    (``tls_proved``, from :func:`speaks_tls`) while requests fail.
    """
    if connection.ok is not True and (suffix := api_suffix(base_url)) is not None:
        return suffix
    https = urlsplit(base_url).scheme == "https"
    said = connection.last_error or ""
    if https and connection.trouble is Trouble.UNREACHABLE and speaks_plain_http(said):
        return plain_http_answer(base_url)
    if tls_proved and may_be_tls(base_url, connection):
        return tls_answer(base_url)
    return None
