"""``HandingerClient``: the typed async client of the Handinger Workers API."""

from __future__ import annotations

import os
import platform
import ssl
from dataclasses import replace
from types import TracebackType
from typing import Self
from urllib.request import getproxies

import httpx
from pydantic import SecretStr

from . import errors
from ._retry import RetryPolicy
from ._transport import Hooks, Transport
from ._types import NOT_GIVEN, NotGiven
from .key import ApiKey, check_key
from .loopback import is_loopback_host
from .resources import Tasks, Workers

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "KEEPALIVE_EXPIRY",
    "HandingerClient",
    "is_loopback_host",
    "tls_context",
]

API_KEY_ENV = "HANDINGER_API_KEY"
BASE_URL_ENV = "HANDINGER_BASE_URL"
DEFAULT_BASE_URL = "https://handinger.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""Every request has a timeout: 30 s per operation, 5 s to connect."""
KEEPALIVE_EXPIRY = 1.0
"""Seconds an idle pooled connection is kept. Shorter than common server idle timeouts
(gunicorn 2 s, uvicorn/Node/Apache 5 s, load balancers 60 s, nginx 75 s), so a request
never goes out on a connection the server is closing; polls are 10 s apart anyway."""

_VERSION = "0.1.0"


class HandingerClient:
    """Async client on one ``httpx.AsyncClient``.

    Explicit arguments win over ``HANDINGER_API_KEY`` / ``HANDINGER_BASE_URL``.
    Retries follow ``RetryPolicy`` (reads and idempotent writes; a POST only when it
    never reached the server whole).
    ``timeout`` may be a number of seconds, an ``httpx.Timeout``, or ``None`` for the
    default (30 s, 5 s to connect): there is always a timeout. Use it as an async
    context manager or call ``aclose()``. ``with_options`` returns a client sharing
    the connection pool, e.g. with retries off for a poller that backs off itself.
    """

    workers: Workers
    tasks: Tasks

    def __init__(
        self,
        api_key: str | ApiKey | SecretStr | None = None,
        base_url: str | None = None,
        *,
        max_retries: int = 2,
        timeout: float | httpx.Timeout | None = None,
        allow_insecure: bool = False,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str | None = None,
        _retry_policy: RetryPolicy | None = None,
        _hooks: Hooks | None = None,
    ) -> None:
        key = _resolve_key(api_key)
        url = _resolve_base_url(base_url, allow_insecure=allow_insecure)
        policy = _retry_policy or RetryPolicy(max_retries=max_retries)  # a policy wins
        resolved_timeout = _resolve_timeout(timeout)
        agent = f"handinger-tui/{_VERSION} (Python {platform.python_version()}; httpx)"
        if user_agent:
            agent = f"{agent} {errors.clean_text(user_agent, 100)}"
        self._owns_http_client = http_client is None
        fresh_client = None
        if http_client is None:
            tls = tls_context(url)  # one for both pools
            fresh_client = httpx.AsyncClient(
                verify=tls,
                timeout=resolved_timeout,
                limits=httpx.Limits(max_keepalive_connections=0),
                follow_redirects=False,
            )
            http_client = httpx.AsyncClient(
                verify=tls,
                timeout=resolved_timeout,
                limits=httpx.Limits(
                    max_connections=100,
                    max_keepalive_connections=20,
                    keepalive_expiry=KEEPALIVE_EXPIRY,
                ),
                follow_redirects=False,
            )
        self._setup(
            key,
            Transport(
                http_client=http_client,
                base_url=url,
                api_key=key,
                timeout=resolved_timeout,
                policy=policy,
                user_agent=agent,
                hooks=_hooks or Hooks(),
                fresh_client=fresh_client,
            ),
        )

    def _setup(self, api_key: ApiKey, transport: Transport) -> None:
        self._api_key = api_key
        self._transport = transport
        self.workers = Workers(transport)
        self.tasks = Tasks(transport)

    # --- configuration -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The API root, without a trailing slash (paths start with ``/api/``)."""
        return self._transport.base_url

    @property
    def api_key(self) -> ApiKey:
        """The key, masked in reprs; ``.get_secret_value()`` reads it."""
        return self._api_key

    @property
    def max_retries(self) -> int:
        """Automatic retries per request (0 = none)."""
        return self._transport.policy.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        """The per-request timeout."""
        return self._transport.timeout

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy in force."""
        return self._transport.policy

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The underlying ``httpx.AsyncClient`` (shared with ``with_options`` copies)."""
        return self._transport.http_client

    def with_options(
        self,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> HandingerClient:
        """A client with other retry/timeout settings on the same connection pool.

        Closing the copy does not close the pool; close the original.
        """
        policy = None
        if not isinstance(max_retries, NotGiven):
            policy = replace(self._transport.policy, max_retries=max_retries)
        new_timeout = None if isinstance(timeout, NotGiven) else _resolve_timeout(timeout)
        clone = object.__new__(HandingerClient)
        clone._owns_http_client = False
        clone._setup(self._api_key, self._transport.derive(policy=policy, timeout=new_timeout))
        return clone

    # --- lifecycle -----------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool if this client created it."""
        if self._owns_http_client:
            await self._transport.http_client.aclose()
            if self._transport.fresh_client is not None:
                await self._transport.fresh_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return (
            f"HandingerClient(base_url={self.base_url!r}, api_key={self.api_key!r}, "
            f"max_retries={self.max_retries})"
        )


def _resolve_key(api_key: str | ApiKey | SecretStr | None) -> ApiKey:
    """The key given, else ``HANDINGER_API_KEY``, checked by the one rule (``check_key``)."""
    source = "the api_key argument"
    if isinstance(api_key, ApiKey | SecretStr):
        api_key = api_key.get_secret_value()
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV)
        source = API_KEY_ENV
    text = api_key or ""
    if not text.strip():
        raise errors.ConfigurationError(
            f"No Handinger API key: set the {API_KEY_ENV} environment variable "
            f"(export {API_KEY_ENV}=hdg_live_...) or pass api_key. "
            "Create a key in the Handinger dashboard (Admin or Owner role)."
        )
    if (problem := check_key(text, source)) is not None:
        raise errors.ConfigurationError(problem)
    return ApiKey(text.strip())


def _resolve_base_url(base_url: str | None, *, allow_insecure: bool) -> str:
    if base_url is None:
        base_url = os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    raw = base_url.strip()
    shown = errors.clean_text(raw, 200)
    try:
        url = httpx.URL(raw)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise errors.ConfigurationError(
            f"The Handinger base URL {shown!r} is not a valid URL; check {BASE_URL_ENV}."
        ) from None
    if url.scheme not in ("http", "https") or not url.host:
        raise errors.ConfigurationError(
            f"The Handinger base URL {shown!r} must start with https:// (or http:// "
            f"for a local emulator) and name a host; check {BASE_URL_ENV}."
        )
    if url.userinfo:
        raise errors.ConfigurationError(
            f"The Handinger base URL must not contain a user name or password; "
            f"check {BASE_URL_ENV}."
        )
    if url.query or url.fragment:
        raise errors.ConfigurationError(
            f"The Handinger base URL {shown!r} must not have a query or fragment; "
            f"check {BASE_URL_ENV}."
        )
    if url.scheme == "http" and not allow_insecure and not is_loopback_host(url.host):
        raise errors.ConfigurationError(
            f"Refusing to send the API key over plain http to {url.host}: use https, "
            "or allow it explicitly (allow_insecure=True) if you trust this network."
        )
    return str(url).rstrip("/")


def tls_context(base_url: str) -> ssl.SSLContext:
    """The TLS set-up of both pools: the certificate store (~20 ms to load) only if needed.

    Plain http (the loopback emulator) makes no TLS connection, unless the environment
    names an https proxy; then, as for an https base URL, the store loads as httpx would.
    Otherwise the context trusts no certificate: no TLS connection could succeed on it.
    """
    proxies = getproxies().values()  # what httpx reads (trust_env)
    if base_url.startswith("https:") or any(p.lower().startswith("https:") for p in proxies):
        return httpx.create_ssl_context()
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, against an empty store


def _resolve_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    return httpx.Timeout(float(timeout), connect=min(float(timeout), 5.0))
