"""Spies on Textual internals: what a widget asks of the screen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widget import Widget


def layouts_of(monkeypatch: pytest.MonkeyPatch, box: Widget) -> list[bool]:
    """The `layout` flag of every refresh `box` asks for from now on."""
    asked: list[bool] = []
    real = Widget.refresh

    def recording(widget: Widget, *regions: Any, **kwargs: bool) -> Widget:
        if widget is box:
            asked.append(kwargs.get("layout", False))
        return real(widget, *regions, **kwargs)

    monkeypatch.setattr(Widget, "refresh", recording)
    return asked
