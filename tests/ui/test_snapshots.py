"""Snapshots of the main screen on the demo data, with both clocks frozen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.frozen import frozen_app, settle


@pytest.mark.parametrize(
    "size",
    [(80, 24), (120, 40), (160, 48), (200, 50)],
    ids=["80x24", "120x40", "160x48", "200x50"],
)
def test_main_screen(snap_compare: Any, frozen_demo: Any, size: tuple[int, int]) -> None:
    assert snap_compare(frozen_app(frozen_demo), terminal_size=size, run_before=settle)
