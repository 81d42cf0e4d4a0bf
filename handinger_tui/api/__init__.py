"""The Handinger Workers API client: ``HandingerClient``, wire ``models`` and ``errors``.

No Textual, no UI, no local state (an import-linter contract enforces it). "The reference"
in this package is ``docs/handinger-api.md``; "§2.2" cites its section 2.2.

Public names load on first use (PEP 562): ``import handinger_tui.api.errors`` stays
stdlib-only and never pays for httpx or pydantic; ``from handinger_tui.api import
HandingerClient`` loads the client when it is asked for.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import errors, models
    from ._retry import RetryPolicy
    from ._transport import Hooks
    from ._types import NOT_GIVEN, NotGiven
    from .client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, HandingerClient
    from .loopback import is_loopback_host

# name -> the module that defines it ("" for a submodule of this package).
_WHERE = {
    "DEFAULT_BASE_URL": ".client",
    "DEFAULT_TIMEOUT": ".client",
    "HandingerClient": ".client",
    "is_loopback_host": ".loopback",
    "Hooks": "._transport",
    "RetryPolicy": "._retry",
    "NOT_GIVEN": "._types",
    "NotGiven": "._types",
    "errors": "",
    "models": "",
}

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


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if where == "":
        return import_module(f".{name}", __name__)
    value = getattr(import_module(where, __name__), name)
    globals()[name] = value
    return value
