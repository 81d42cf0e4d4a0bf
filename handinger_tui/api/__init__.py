"""The Handinger Workers API client: ``HandingerClient``, wire ``models`` and ``errors``.

No Textual, no UI, no local state (an import-linter contract enforces it).
"""

from . import errors, models
from ._retry import RetryPolicy
from ._transport import Hooks
from ._types import NOT_GIVEN, NotGiven
from .client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, HandingerClient, is_loopback_host

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "HandingerClient",
    "Hooks",
    "NotGiven",
    "RetryPolicy",
    "errors",
    "is_loopback_host",
    "models",
]
