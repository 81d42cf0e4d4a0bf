"""Errors raised by the Handinger client, one type per failure class.

Every message names the operation that failed in operator words, says what went
wrong and what to do next, e.g.::

    Could not list schedules of worker t_org_1_w_X: the server said 'Invalid API key'
    (401). Check HANDINGER_API_KEY.

Hierarchy::

    HandingerError
    ├── ConfigurationError                 bad or missing key / base URL (no request sent)
    └── APIError                           a request failed (.operation, .request_label, ...)
        ├── APIStatusError                 the server answered with a non-2xx status
        │   ├── InvalidRequestError        the request was rejected as invalid (400 or 422)
        │   │   ├── BadRequestError        400
        │   │   └── ValidationError        422
        │   ├── AuthenticationError        401
        │   ├── PermissionDeniedError      403
        │   ├── NotFoundError              404
        │   ├── ConflictError              409
        │   ├── RateLimitError             429 (.retry_after)
        │   ├── ServerError                5xx
        │   └── UnexpectedStatusError      any other status (3xx, 408, 418, ...)
        ├── NetworkError                   no usable answer arrived
        │   ├── ConnectionFailedError      could not connect, or the connection dropped
        │   └── RequestTimeoutError        no answer in time
        └── ResponseFormatError            an answer this client cannot read (.problem, .field)

    RequestBodyError                       the body cannot be sent as JSON (nothing was sent)

The reference does not say whether the service reports validation failures with 400
or 422, so both are ``InvalidRequestError``; catch that rather than one of them.

``outcome_unknown`` is true when a non-idempotent request (POST) may or may not have
taken effect (timeout, connection dropped after sending, 5xx, unreadable 2xx body);
the message then ends with "the outcome is unknown: check before sending again".

No error holds the ``httpx.Request`` (its headers carry the API key), nor the original
httpx exception: only a sanitised description of it (``cause``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = [
    "APIError",
    "APIStatusError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ConnectionFailedError",
    "HandingerError",
    "InvalidRequestError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestBodyError",
    "RequestTimeoutError",
    "ResponseFormatError",
    "ServerError",
    "UnexpectedStatusError",
    "ValidationError",
    "clean_text",
    "error_class_for_status",
    "hint_for_status",
]

MAX_SERVER_MESSAGE = 300
MAX_PROBLEM = 240
MAX_FIELD = 120
OUTCOME_UNKNOWN_HINT = "The outcome is unknown: check before sending again."

# Bidi overrides/isolates and zero-width characters can reorder or hide terminal text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(text: str, limit: int = MAX_SERVER_MESSAGE) -> str:
    """Untrusted text made safe to show on one line: no C0/C1 controls, cut to ``limit``."""
    out = []
    for ch in text:
        if ch in "\t\n\r\v\f":
            out.append(" ")
        elif unicodedata.category(ch) == "Cc":  # C0, DEL and C1
            continue
        else:
            out.append(ch)
    cleaned = _INVISIBLE.sub("", "".join(out))
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > limit:
        cleaned = cleaned[: max(limit - 1, 0)].rstrip() + "…"
    return cleaned


class HandingerError(Exception):
    """Base of every error raised by this package."""


class ConfigurationError(HandingerError):
    """The client is not configured well enough to send a request."""


class RequestBodyError(HandingerError, ValueError):
    """The request body cannot be sent as standard JSON (``NaN``, ``Infinity``); not sent."""


class APIError(HandingerError):
    """A request to the Handinger API failed.

    Attributes: ``operation`` (operator words, "list schedules of worker X"),
    ``request_label`` ("GET /api/workers/X/schedules"), ``status_code`` (``None``
    when no answer arrived), ``server_message`` (the server's cleaned ``error`` text),
    ``retry_after`` (seconds, when the server said), ``outcome_unknown``, ``attempts``
    (how many times the request was sent) and ``cause`` (a sanitised description of
    the underlying transport error, if any).
    """

    default_hint = ""

    def __init__(
        self,
        *,
        operation: str,
        request_label: str,
        reason: str,
        hint: str | None = None,
        status_code: int | None = None,
        server_message: str | None = None,
        retry_after: float | None = None,
        outcome_unknown: bool = False,
        attempts: int = 1,
        cause: str | None = None,
    ) -> None:
        self.operation = operation
        self.request_label = request_label
        self.reason = reason
        self.hint = self.default_hint if hint is None else hint
        self.status_code = status_code
        self.server_message = server_message
        self.retry_after = retry_after
        self.outcome_unknown = outcome_unknown
        self.attempts = attempts
        self.cause = cause
        super().__init__(self._compose())

    def _compose(self) -> str:
        parts = [f"Could not {self.operation}: {self.reason}."]
        if self.attempts > 1:
            parts.append(f"(Tried {self.attempts} times.)")
        if self.outcome_unknown:
            parts.append(OUTCOME_UNKNOWN_HINT)
        if self.hint:
            parts.append(self.hint)
        return " ".join(parts)

    @property
    def message(self) -> str:
        """The full operator message (same as ``str(error)``)."""
        return str(self)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(request_label={self.request_label!r}, "
            f"status_code={self.status_code!r}, server_message={self.server_message!r}, "
            f"outcome_unknown={self.outcome_unknown!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only __init__: pickle through the state dict instead.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[APIError], state: dict[str, object]) -> APIError:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    Exception.__init__(err, err._compose())
    return err


class APIStatusError(APIError):
    """The server answered with a non-success status."""


class InvalidRequestError(APIStatusError):
    """The server rejected the request as invalid (400 or 422)."""

    default_hint = "Correct the request and try again."


class BadRequestError(InvalidRequestError):
    """400 Bad Request."""


class ValidationError(InvalidRequestError):
    """422 Unprocessable Entity: a field broke a limit (length, range, enum...)."""


class AuthenticationError(APIStatusError):
    """401: the key is missing, malformed or revoked."""

    default_hint = "Check HANDINGER_API_KEY."


class PermissionDeniedError(APIStatusError):
    """403: the key is valid but may not do this."""

    default_hint = (
        "This API key may not do that: only a worker's creator can change it, "
        "and private workers need an invitation."
    )


class NotFoundError(APIStatusError):
    """404: unknown, deleted or invisible resource."""

    default_hint = "Check the id; it may have been deleted or be invisible to this key."


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's current state."""

    default_hint = "Reload and try again."


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` says how long to wait, if known."""

    default_hint = "Wait a moment before trying again."


class ServerError(APIStatusError):
    """5xx: the service failed."""

    default_hint = "The service had a problem; try again later."


class UnexpectedStatusError(APIStatusError):
    """A status the API does not document."""

    default_hint = "Check HANDINGER_BASE_URL points at the Handinger API."


class NetworkError(APIError):
    """No usable answer arrived."""


class ConnectionFailedError(NetworkError):
    """Could not connect, or the connection broke before a full answer arrived."""

    default_hint = "Check the network and HANDINGER_BASE_URL."


class RequestTimeoutError(NetworkError):
    """The server did not answer in time."""

    default_hint = "The service may be slow or unreachable; try again later."


class ResponseFormatError(APIError):
    """The server answered something this client cannot read.

    ``problem`` says what (cleaned and cut): "a body that is not JSON (text/html, 812
    bytes)", "usage.credits: Input should be a valid integer", "not valid HTTP ...".
    ``field`` is where in the body the first unreadable value is (pydantic location,
    "schedules.2.when.type"), ``None`` when the whole answer was unreadable. Which request
    is ``request_label`` ("GET /api/workers/X"); ``status_code`` is the status it came
    with, when one was read.
    """

    default_hint = "Check HANDINGER_BASE_URL points at the Handinger API."

    def __init__(self, *, problem: str = "", field: str | None = None, **kwargs: Any) -> None:
        self.problem = clean_text(problem, MAX_PROBLEM)
        self.field = None if field is None else (clean_text(field, MAX_FIELD) or None)
        super().__init__(**kwargs)


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
}


_HINTS: dict[int, str] = {
    405: "The server does not accept this method here; check HANDINGER_BASE_URL.",
    406: "The server would not answer in JSON; check HANDINGER_BASE_URL.",
    408: "The server gave up waiting for the request; try again.",
    410: "It is gone for good; reload.",
    411: "The server wanted the request's length; try again, and report it if it repeats.",
    413: "The request was too large for the server: shorten the text and try again.",
    414: "The address was too long for the server: use a shorter id.",
    415: "The server did not accept the request's format (JSON); report it.",
    431: "The request headers were too large for the server; check the API key.",
    451: "The server may not serve this, for legal reasons.",
    501: "The server does not know this request; check HANDINGER_BASE_URL.",
}


def hint_for_status(status: int) -> str | None:
    """A hint for a status that the error class's default does not fit, else ``None``."""
    return _HINTS.get(status)


def error_class_for_status(status: int) -> type[APIStatusError]:
    """The error type for an HTTP status (any 5xx is ``ServerError``)."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 500 <= status <= 599:
        return ServerError
    return UnexpectedStatusError
