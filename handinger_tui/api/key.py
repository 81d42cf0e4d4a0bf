"""The API key: one secret type from the command line to the header, one rule for it.

Standard library only, so the settings (read before the first frame) use the same type
and the same rule as the client. :class:`ApiKey` never prints itself (``repr``, ``str``,
format), so a crash report that prints local variables cannot leak it.
"""

from __future__ import annotations

import hmac
from typing import Any

__all__ = ["ApiKey", "check_key"]


def check_key(value: str, source: str) -> str | None:
    """What is wrong with ``value`` as an API key, naming ``source``; None when it is fine.

    A key is sent as ``Authorization: Bearer <key>``: after trimming, it must be non-empty
    printable ASCII without spaces. The message never holds the key.
    """
    key = value.strip()
    if not key:
        return f"The API key from {source} is empty"
    if not all("\x21" <= ch <= "\x7e" for ch in key):
        return (
            f"The key from {source} cannot be used: it holds spaces or control characters, "
            "or characters an HTTP header cannot carry; check for a stray quote or line break"
        )
    return None


class ApiKey:
    """A key that never prints itself. Use :meth:`get_secret_value` to read it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "ApiKey('********')"

    def __str__(self) -> str:
        return "********"

    def __format__(self, format_spec: str) -> str:
        return format("********", format_spec)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ApiKey):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash((ApiKey, self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("API keys cannot be pickled")
