"""Retry policy: which failures are retried, and how long to wait before the next try."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUSES",
    "RetryPolicy",
    "parse_retry_after",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
"""Methods retried automatically. POST only when it was never sent, see ``RetryPolicy``."""

RETRYABLE_STATUSES = frozenset({408, 409, 429})
"""Retried statuses besides every 5xx (the same set as the official SDK)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How failed requests are retried.

    Retried: GET, PUT, PATCH and DELETE (all idempotent in this API) on connection
    errors, timeouts, 408, 409, 429 and 5xx; a ``x-should-retry: false`` header
    forbids a retry and ``true`` asks for one. Up to ``max_retries`` retries
    (0 disables), waiting ``min(initial_delay * 2**n, max_delay) * (1 - jitter *
    random())`` after the n-th failure, or exactly what ``Retry-After`` /
    ``retry-after-ms`` says when that is positive and at most ``max_retry_after``.
    When the server asks for a longer wait the request is not retried and the
    ``RateLimitError`` carries ``retry_after`` so the caller can wait.

    A POST is retried only when it cannot have reached the server whole: the connection
    could not be made (or none was free), or writing the request failed part-way (for
    example on a pooled connection the server had closed while idle). The official SDK
    retries every method, but here a POST creates a worker, a schedule or a task run,
    and nothing makes it idempotent (no idempotency key is accepted): a retry after a
    timeout, a dropped answer or a 5xx could create a duplicate or run a task twice. A
    failed POST is reported with ``outcome_unknown`` when it may have taken effect, so
    the caller can check first.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError("jitter must be within 0..1")

    def backoff(self, retries_taken: int, rand: float) -> float:
        """Seconds to wait after ``retries_taken`` retries; ``rand`` is in [0, 1)."""
        base = min(self.initial_delay * 2.0 ** min(retries_taken, 64), self.max_delay)
        return base * (1.0 - self.jitter * rand)

    def retries_method(self, method: str) -> bool:
        """Whether requests with this method may be retried at all."""
        return self.max_retries > 0 and method.upper() in IDEMPOTENT_METHODS

    def retries_failure(self, method: str, *, sent: bool) -> bool:
        """Whether a transport failure is retried; ``sent``: the whole request went out."""
        return self.retries_method(method) or (self.max_retries > 0 and not sent)

    @staticmethod
    def retries_status(status: int, headers: Mapping[str, str]) -> bool:
        """Whether a response with this status (and headers) is worth retrying."""
        hint = headers.get("x-should-retry", "").strip().lower()
        if hint == "true":
            return True
        if hint == "false":
            return False
        return status in RETRYABLE_STATUSES or status >= 500


def parse_retry_after(headers: Mapping[str, str], now: Callable[[], float]) -> float | None:
    """Seconds the server asked to wait: ``retry-after-ms``, else ``Retry-After``.

    ``Retry-After`` may be seconds (floats tolerated) or an HTTP date (relative to
    ``now()``, epoch seconds). ``None`` when absent or unreadable; never negative.
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        value = _finite(raw_ms)
        if value is not None:
            return max(value / 1000.0, 0.0)
    raw = headers.get("retry-after")
    if raw is None:
        return None
    value = _finite(raw)
    if value is not None:
        return max(value, 0.0)
    try:
        when = parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(when.timestamp() - now(), 0.0)


def _finite(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None
