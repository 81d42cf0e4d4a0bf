"""HTTP transport: one ``httpx.AsyncClient``, Bearer auth, retries, error mapping, logging.

A request counts as sent once its last byte was handed to the connection (httpcore's
``trace`` events say whether writing it failed part-way); only a request that may have
been sent can have taken effect. A JSON body never holds ``NaN``/``Infinity``.

A GET answered 200 with the same bytes as last time for that URL returns the model parsed
last time (polling a worker whose output did not change parses nothing); one entry per
URL, dropped when the URL answers anything else.

Secrets policy: the key (an :class:`~.key.ApiKey`, from the CLI to here) goes only into
the ``Authorization`` header of the request being sent, held in ``httpx.Headers``, whose
repr masks it. Errors never hold an ``httpx.Request``/``Response`` or the original httpx
exception (they are raised outside the ``except`` blocks, so not even
``__context__`` points at them), only sanitised text. Logs show method, path, status
and duration, never headers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, TypeVar

import httpx
import pydantic

from . import errors
from ._retry import RetryPolicy, parse_retry_after
from ._types import NOT_GIVEN, NotGiven
from .key import ApiKey

__all__ = ["Hooks", "Transport"]

log = logging.getLogger("handinger_tui.api")

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]

_NO_BODY: Final = object()
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_MEMO_URLS: Final = 512
"""GET URLs whose last 200 body and parsed model are kept (oldest dropped first)."""


@dataclass(frozen=True)
class Hooks:
    """Injectable time and randomness, so retry tests neither sleep nor flake."""

    sleep: Sleep = asyncio.sleep
    random: Callable[[], float] = random.random
    wall_clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic


@dataclass(frozen=True)
class _Failure:
    """A transport failure, reduced to safe text (the httpx exception is dropped)."""

    kind: str  # "connect", "dropped", "timeout", "decode", "protocol", "local"
    detail: str
    sent: bool  # the whole request may have reached the server
    timeout_phase: str = ""


@dataclass
class _Progress:
    """httpcore ``trace`` listener: did writing the request fail part-way?"""

    write_failed: bool = False

    async def __call__(self, event: str, info: Mapping[str, Any]) -> None:
        if event.endswith((".send_request_headers.failed", ".send_request_body.failed")):
            self.write_failed = True


@dataclass(frozen=True)
class _Memo:
    """The last 200 body of a GET URL and what ``cast`` made of it."""

    cast: Callable[[Any], Any]
    body: bytes
    value: Any


_CLOSED_MARKERS = ("server disconnected", "closed connection")
"""httpcore/h11 words for a connection closed before a full answer (not a bad answer)."""


@dataclass
class Transport:
    """Sends requests for ``HandingerClient``; ``derive`` shares the same httpx client."""

    http_client: httpx.AsyncClient
    base_url: str
    api_key: ApiKey
    timeout: httpx.Timeout
    policy: RetryPolicy
    user_agent: str
    hooks: Hooks = field(default_factory=Hooks)
    # Shared with derived transports (``replace`` passes it on): same server, same bodies.
    memo: dict[str, _Memo] = field(default_factory=dict, repr=False)
    # POSTs go out on a new connection each time (no keep-alive), so a pooled connection the
    # server closed while idle can never turn a create into "outcome unknown".
    fresh_client: httpx.AsyncClient | None = None

    def derive(
        self, *, policy: RetryPolicy | None = None, timeout: httpx.Timeout | None = None
    ) -> Transport:
        """A copy with another policy/timeout, on the same connection pool."""
        return replace(
            self,
            policy=self.policy if policy is None else policy,
            timeout=self.timeout if timeout is None else timeout,
        )

    @property
    def host(self) -> str:
        """``host[:port]`` of the base URL, for messages."""
        url = httpx.URL(self.base_url)
        return f"{url.host}:{url.port}" if url.port else url.host

    async def request(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        cast: Callable[[Any], T],
        body: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        params: Mapping[str, str | int] | None = None,
        request_timeout: httpx.Timeout | None = None,
        done: Callable[[], T] | None = None,
    ) -> T:
        """Send ``method path``, retrying per policy; return ``cast(decoded JSON)``.

        ``done`` (for DELETEs) is the result when the server answers 2xx with no body
        (or 204), and when a retry answers 404 after an earlier attempt may have
        been applied: the thing is already gone, which is what was asked.
        """
        method = method.upper()
        label = f"{method} {path}"
        use_timeout = self.timeout if request_timeout is None else request_timeout
        content = self._encode(body, label, operation)
        may_retry = self.policy.retries_method(method)
        maybe_applied = False  # an earlier attempt may have reached the server and acted
        attempt = 0
        while True:
            attempt += 1
            outcome = await self._send_once(method, path, content, params, use_timeout, attempt)
            more = attempt <= self.policy.max_retries
            memo_key = self._memo_key(method, outcome)
            if isinstance(outcome, _Failure):
                retryable = outcome.kind not in ("decode", "protocol", "local")
                if more and retryable and self.policy.retries_failure(method, sent=outcome.sent):
                    maybe_applied = maybe_applied or outcome.sent
                    await self._wait(self.policy.backoff(attempt - 1, self.hooks.random()), label)
                    continue
                raise self._failure_error(outcome, method, label, operation, attempt, use_timeout)
            if outcome.is_success:
                memo = self.memo.get(memo_key) if memo_key else None
                if memo is not None and memo.cast == cast and memo.body == outcome.content:
                    self._remember(memo_key, memo)
                    return memo.value  # type: ignore[no-any-return]  # cast's T, last time
                value = self._decode(outcome, cast, method, label, operation, attempt, done)
                if memo_key:
                    self._remember(memo_key, _Memo(cast, outcome.content, value))
                return value
            if done is not None and maybe_applied and outcome.status_code == 404:
                log.info("%s: already gone on attempt %d; counted as done", label, attempt)
                return done()
            retries_left = may_retry and more
            retry_after = parse_retry_after(outcome.headers, self.hooks.wall_clock)
            # A server asking for a longer wait than max_retry_after gets reported, not waited.
            too_long = retry_after is not None and retry_after > self.policy.max_retry_after
            if (
                retries_left
                and not too_long
                and self.policy.retries_status(outcome.status_code, outcome.headers)
            ):
                delay = retry_after or self.policy.backoff(attempt - 1, self.hooks.random())
                maybe_applied = maybe_applied or outcome.status_code >= 500
                await self._wait(delay, label)
                continue
            raise self._status_error(outcome, method, label, operation, attempt, retry_after)

    def _memo_key(self, method: str, outcome: httpx.Response | _Failure) -> str:
        """The URL whose 200 body may be reused ('' when not); drops a URL's entry otherwise."""
        if method != "GET" or isinstance(outcome, _Failure):
            return ""
        url = str(outcome.request.url)
        if outcome.status_code != 200:
            self.memo.pop(url, None)
            return ""
        return url

    def _remember(self, url: str, memo: _Memo) -> None:
        self.memo.pop(url, None)
        self.memo[url] = memo
        while len(self.memo) > _MEMO_URLS:
            del self.memo[next(iter(self.memo))]

    # --- one attempt ---------------------------------------------------------------------

    def _encode(
        self, body: Mapping[str, Any] | NotGiven, label: str, operation: str
    ) -> bytes | None:
        """The JSON body, or ``RequestBodyError`` (nothing sent) if it is not standard JSON."""
        if isinstance(body, NotGiven):
            return None
        try:
            text = json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        except ValueError:
            where = _non_finite_at(body) or "the body"
            raise errors.RequestBodyError(
                f"Could not {operation}: {clean(where, 120)} holds a number JSON cannot "
                f"carry (NaN or Infinity), so {label} was not sent. Use a finite number."
            ) from None
        return text.encode()

    async def _send_once(
        self,
        method: str,
        path: str,
        content: bytes | None,
        params: Mapping[str, str | int] | None,
        request_timeout: httpx.Timeout,
        attempt: int,
    ) -> httpx.Response | _Failure:
        # httpx.Headers, not a dict: its repr masks Authorization, so a traceback that
        # prints this frame's locals shows no key.
        headers = httpx.Headers(
            {
                "Authorization": f"Bearer {self.api_key.get_secret_value()}",
                "Accept": "application/json",
                "User-Agent": self.user_agent,
            }
        )
        if content is not None:
            headers["Content-Type"] = "application/json"
        progress = _Progress()
        start = self.hooks.monotonic()
        result: httpx.Response | _Failure
        try:
            client = self.http_client
            if method == "POST" and self.fresh_client is not None:
                client = self.fresh_client
                client.event_hooks = self.http_client.event_hooks  # observers see every request
            request = client.build_request(
                method,
                self.base_url + path,
                params=params,
                content=content,
                headers=headers,
                timeout=request_timeout,
                extensions={"trace": progress},
            )
            result = await client.send(request, follow_redirects=False)
        except httpx.TimeoutException as exc:
            phase = type(exc).__name__.removesuffix("Timeout").lower() or "read"
            never_whole = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            never_whole = never_whole or phase == "write" or progress.write_failed
            result = _Failure("timeout", self._safe(exc), not never_whole, phase)
        except (httpx.ConnectError, httpx.UnsupportedProtocol, httpx.ProxyError) as exc:
            result = _Failure("connect", self._safe(exc), sent=False)
        except httpx.DecodingError as exc:
            result = _Failure("decode", self._safe(exc), sent=True)
        except httpx.LocalProtocolError as exc:  # refused by h11 before sending
            result = _Failure("local", self._safe(exc), sent=False)
        except httpx.WriteError as exc:
            result = _Failure("dropped", self._safe(exc), sent=False)
        except httpx.RemoteProtocolError as exc:
            closed = any(marker in str(exc).lower() for marker in _CLOSED_MARKERS)
            kind = "dropped" if closed else "protocol"
            result = _Failure(kind, self._safe(exc), sent=not progress.write_failed)
        except (httpx.HTTPError, OSError) as exc:
            result = _Failure("dropped", self._safe(exc), sent=not progress.write_failed)
        elapsed_ms = (self.hooks.monotonic() - start) * 1000
        outcome = result.status_code if isinstance(result, httpx.Response) else result.kind
        log.debug("%s %s -> %s in %.0f ms (attempt %d)", method, path, outcome, elapsed_ms, attempt)
        return result

    async def _wait(self, delay: float, label: str) -> None:
        log.info("Retrying %s in %.2f s", label, delay)
        await self.hooks.sleep(delay)

    # --- turning answers into results or errors -----------------------------------------

    def _decode(
        self,
        response: httpx.Response,
        cast: Callable[[Any], T],
        method: str,
        label: str,
        operation: str,
        attempts: int,
        done: Callable[[], T] | None = None,
    ) -> T:
        status = response.status_code
        if done is not None and (status == 204 or not response.content.strip()):
            return done()
        data: Any = _NO_BODY
        with contextlib.suppress(ValueError):  # JSONDecodeError and UnicodeDecodeError
            data = json.loads(response.content)
        if data is _NO_BODY:
            kind = response.headers.get("content-type", "no content type").split(";")[0]
            what = f"a body that is not JSON ({clean(kind, 60)}, {len(response.content)} bytes)"
            reason = f"the server answered {status} with {what}"
            raise self._format_error(method, label, operation, attempts, reason, what, status)
        field: str | None = None
        try:
            return cast(data)
        except pydantic.ValidationError as exc:
            what, field = _summarise(exc), _first_location(exc)
        raise self._format_error(
            method,
            label,
            operation,
            attempts,
            f"the server's answer did not have the expected shape ({what})",
            what,
            status,
            field=field,
            hint="The service may have changed; this client may need an update.",
        )

    def _format_error(
        self,
        method: str,
        label: str,
        operation: str,
        attempts: int,
        reason: str,
        what: str,
        status: int,
        *,
        field: str | None = None,
        hint: str | None = None,
    ) -> errors.ResponseFormatError:
        unknown = method not in ("GET", "HEAD")
        if unknown:
            reason += "; the request was probably applied"
        return errors.ResponseFormatError(
            operation=operation,
            request_label=label,
            reason=reason,
            hint=hint,
            status_code=status,
            outcome_unknown=unknown and method == "POST",
            attempts=attempts,
            problem=what,
            field=field,
        )

    def _status_error(
        self,
        response: httpx.Response,
        method: str,
        label: str,
        operation: str,
        attempts: int,
        retry_after: float | None,
    ) -> errors.APIStatusError:
        status = response.status_code
        cls = errors.error_class_for_status(status)
        message = self._server_message(response)
        if message:
            reason = f"the server said '{message}' ({status})"
        else:
            reason = f"the server answered {status} {clean(response.reason_phrase, 60)}".rstrip()
        hint = errors.hint_for_status(status)
        if cls is errors.RateLimitError and retry_after is not None:
            hint = f"Wait {_seconds(retry_after)} before trying again."
        elif 300 <= status < 400:
            where = clean(self._redact(response.headers.get("location", "")), 200)
            reason = f"the server redirected ({status}) to {where or 'another address'}"
            hint = "Check HANDINGER_BASE_URL (redirects are not followed)."
        return cls(
            operation=operation,
            request_label=label,
            reason=reason,
            hint=hint,
            status_code=status,
            server_message=message,
            retry_after=retry_after,
            outcome_unknown=method == "POST" and status >= 500,
            attempts=attempts,
        )

    def _failure_error(
        self,
        failure: _Failure,
        method: str,
        label: str,
        operation: str,
        attempts: int,
        timeout: httpx.Timeout,
    ) -> errors.APIError:
        host = self.host
        unknown = method == "POST" and failure.sent
        common: dict[str, Any] = {
            "operation": operation,
            "request_label": label,
            "attempts": attempts,
            "cause": failure.detail,
            "outcome_unknown": unknown,
        }
        if failure.kind == "timeout":
            limit = getattr(timeout, failure.timeout_phase, None) or timeout.read
            within = f" within {_seconds(limit)}" if limit else ""
            reason = {
                "connect": f"could not connect to {host}{within}",
                "pool": f"no free connection to {host}{within}",
                "write": f"could not send the request to {host}{within}",
            }.get(failure.timeout_phase, f"{host} did not answer{within}")
            return errors.RequestTimeoutError(reason=reason, **common)
        if failure.kind in ("decode", "protocol"):
            what = "could not be decoded" if failure.kind == "decode" else "is not valid HTTP"
            reason = f"the answer from {host} {what} ({failure.detail})"
            return errors.ResponseFormatError(reason=reason, problem=reason, **common)
        if failure.kind == "local":
            reason = f"the request could not be written ({failure.detail})"
            hint = "This is a bug in handinger-tui; please report it."
            return errors.APIError(reason=reason, hint=hint, **common)
        if failure.kind == "connect":
            reason = f"could not connect to {host} ({failure.detail})"
        else:
            reason = f"the connection to {host} broke before a full answer arrived"
        return errors.ConnectionFailedError(reason=reason, **common)

    # --- text helpers --------------------------------------------------------------------

    def _redact(self, text: str) -> str:
        secret = self.api_key.get_secret_value()
        return text.replace(secret, "[redacted]") if len(secret) >= 4 else text

    def _safe(self, exc: BaseException) -> str:
        text = clean(self._redact(str(exc)), 200)
        return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

    def _server_message(self, response: httpx.Response) -> str | None:
        """The server's ``error`` text if the body is JSON, else short plain text."""
        text = response.text
        message: str | None = None
        try:
            data = json.loads(text)
        except ValueError:
            data = _NO_BODY
        if isinstance(data, dict):
            for key in ("error", "message", "detail"):
                value = data.get(key)
                if isinstance(value, dict):
                    value = value.get("message")
                if isinstance(value, str) and value.strip():
                    message = value
                    break
        elif data is _NO_BODY:
            is_html = "html" in response.headers.get("content-type", "").lower()
            if is_html or text.lstrip().startswith("<"):
                title = _TITLE.search(text)  # an error page: its title, never its markup
                message = title.group(1) if title else None
            else:
                message = text
        if not message:
            return None
        return clean(self._redact(message)) or None


def clean(text: str, limit: int = errors.MAX_SERVER_MESSAGE) -> str:
    """Alias of ``errors.clean_text``."""
    return errors.clean_text(text, limit)


def _seconds(value: float) -> str:
    return f"{value:.0f} s" if value >= 10 or value == int(value) else f"{value:.1f} s"


def _non_finite_at(value: Any, where: str = "") -> str | None:
    """Where (``outputSchema.properties.x.maximum``) the first NaN/Infinity is, if any."""
    if isinstance(value, float) and not math.isfinite(value):
        return where or "the body"
    if isinstance(value, Mapping):
        items: list[tuple[str, Any]] = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        items = [(str(i), v) for i, v in enumerate(value)]
    else:
        return None
    for key, item in items:
        found = _non_finite_at(item, f"{where}.{key}" if where else key)
        if found is not None:
            return found
    return None


def _first_location(exc: pydantic.ValidationError) -> str:
    """The body location of the first problem (``usage.credits``), ``body`` for the top."""
    first = exc.errors(include_input=False, include_url=False, include_context=False)[0]
    return ".".join(str(part) for part in first["loc"]) or "body"


def _summarise(exc: pydantic.ValidationError, limit: int = 3) -> str:
    """Where and what, without the offending input (it may hold a token)."""
    items = []
    for err in exc.errors(include_input=False, include_url=False, include_context=False)[:limit]:
        where = ".".join(str(part) for part in err["loc"]) or "body"
        items.append(f"{where}: {err['msg']}")
    more = exc.error_count() - limit
    if more > 0:
        items.append(f"and {more} more")
    return clean("; ".join(items), 240)
