"""The local Handinger: a real HTTP server speaking the reference wire format.

``from handinger_tui.emulator import EmulatorServer`` (imported lazily so that the CLI's
``serve`` module stays cheap to import).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import EmulatorServer

__all__ = ["EmulatorServer"]


def __getattr__(name: str) -> Any:
    if name == "EmulatorServer":
        from .server import EmulatorServer

        return EmulatorServer
    raise AttributeError(name)
