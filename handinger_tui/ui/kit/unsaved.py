"""What a screen holding unsaved typing tells the app (forms): quitting asks first."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["HoldsTyping"]


@runtime_checkable
class HoldsTyping(Protocol):
    """A screen where the operator may have typed something not sent yet."""

    @property
    def dirty(self) -> bool:
        """Something was typed that closing would lose."""
        ...
