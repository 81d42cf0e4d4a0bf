"""A failed request, classified for the poller and the status line.

Kept apart from `refresh` (which the command line imports before the first frame) because
it needs the client's error classes, and with them httpx; the session hands `classify` to
the coordinator.
"""

from __future__ import annotations

from handinger_tui.api import errors
from handinger_tui.core.state import Failure, Trouble

_BY_CLASS: tuple[tuple[type[errors.APIError], Trouble], ...] = (
    (errors.AuthenticationError, Trouble.KEY_REFUSED),
    (errors.PermissionDeniedError, Trouble.DENIED),
    (errors.NotFoundError, Trouble.NOT_FOUND),
    (errors.RateLimitError, Trouble.RATE_LIMITED),
    (errors.ServerError, Trouble.SERVER),
    (errors.RequestTimeoutError, Trouble.TIMEOUT),
    (errors.ConnectionFailedError, Trouble.UNREACHABLE),
    (errors.ResponseFormatError, Trouble.UNREADABLE),
    (errors.UnexpectedStatusError, Trouble.UNREADABLE),  # a redirect, a 418: not the API
)


def classify(exc: BaseException) -> Failure:
    """What kind of failure `exc` is, with a short reason for stale markers."""
    if not isinstance(exc, errors.APIError):
        return Failure(Trouble.OTHER, errors.clean_text(str(exc) or type(exc).__name__, 200))
    trouble = next((t for cls, t in _BY_CLASS if isinstance(exc, cls)), Trouble.OTHER)
    status = exc.status_code
    if trouble is Trouble.UNREADABLE:
        reason = f"at {exc.request_label}: {exc.reason}"  # where, then what
    elif trouble in (Trouble.UNREACHABLE, Trouble.TIMEOUT):
        reason = exc.reason
    else:
        reason = f"{status} from the server" if status is not None else exc.reason
        if exc.server_message:
            reason += f": {exc.server_message}"
    return Failure(trouble, reason, status, exc.retry_after)
