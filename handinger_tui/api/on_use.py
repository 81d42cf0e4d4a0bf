"""Modules loaded on first use, for the modules of the explorer's first frame.

Those modules name the wire models (``isinstance`` checks) but read them only once data
has arrived, after the client (and pydantic, ~100 ms) loaded behind the first frame. They
import ``models`` from here instead of ``handinger_tui.api``::

    from handinger_tui.api.on_use import models

The type checker sees the real module; at run time ``models.Worker`` imports
``handinger_tui.api.models`` on the first read (under the import lock, so from any
thread) and keeps each name it read as a plain attribute. Stdlib only.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["OnUse", "models"]


class OnUse:
    """A module imported when one of its names is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # copy, pickle and friends probe for dunders
            raise AttributeError(attr)
        value = getattr(import_module(self._name), attr)
        setattr(self, attr, value)  # the next read is a plain attribute
        return value

    def __repr__(self) -> str:
        return f"<{self._name}, imported on first use>"


if TYPE_CHECKING:
    from handinger_tui.api import models
else:
    models = OnUse("handinger_tui.api.models")
