"""The frozen clock is test support: it lives in ``tests/support/clock.py``, not the product."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import handinger_tui
from handinger_tui.core.state import Clock
from tests.support.clock import FrozenClock

PRODUCT = Path(handinger_tui.__file__).parent
AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_it_moves_only_when_told() -> None:
    clock = FrozenClock(AT, monotonic=50.0)
    assert isinstance(clock, Clock)  # it stands in wherever the product takes a Clock
    assert (clock.now(), clock.monotonic()) == (AT, 50.0)
    clock.advance(90)
    assert (clock.now(), clock.monotonic()) == (AT + timedelta(seconds=90), 140.0)


def test_the_product_defines_no_frozen_clock() -> None:
    defined = [
        f"{path.relative_to(PRODUCT)}:{node.lineno}"
        for path in sorted(PRODUCT.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == "FrozenClock"
    ]
    assert defined == []
