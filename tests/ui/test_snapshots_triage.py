"""Snapshots of the Problems and Agenda views on the demo data, with both clocks frozen."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from handinger_tui.core.refresh import Cadence
from handinger_tui.ui.cross_worker import CrossWorkerScreen
from handinger_tui.ui.kit.keyed_table import KeyedTable
from tests.support.frozen import frozen_app, settle
from tests.support.pilot import wait_for

# The frozen clock never refills the sweep's budget: a burst of 100 covers the demo.
SWEEP_ALL = Cadence(sweep_per_minute=600)


def swept(app: Any) -> bool:
    """The sweep has read every tracked worker (and the tasks it knows of); nothing in flight."""
    return app.session is not None and app.session.coordinator.swept()


def opening(key: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await wait_for(pilot, lambda: swept(pilot.app), "the sweep over the demo", limit=30)
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CrossWorkerScreen), key)
        screen = pilot.app.screen
        assert isinstance(screen, CrossWorkerScreen)
        screen.update_view()
        await wait_for(pilot, lambda: screen.query_one(KeyedTable).row_count > 0, "rows")
        await pilot.pause(0.1)

    return run_before


@pytest.mark.parametrize("size", [(160, 30)], ids=["160x30"])
def test_problems_view(snap_compare: Any, frozen_demo: Any, size: tuple[int, int]) -> None:
    app = frozen_app(frozen_demo, cadence=SWEEP_ALL)
    assert snap_compare(app, terminal_size=size, run_before=opening("exclamation_mark"))


@pytest.mark.parametrize("size", [(160, 30)], ids=["160x30"])
def test_agenda_view(snap_compare: Any, frozen_demo: Any, size: tuple[int, int]) -> None:
    app = frozen_app(frozen_demo, cadence=SWEEP_ALL)
    assert snap_compare(app, terminal_size=size, run_before=opening("A"))
