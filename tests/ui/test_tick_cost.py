"""Each second's tick reads the rows on screen, not every tracked worker."""

from __future__ import annotations

from typing import Any

import pytest

from handinger_tui.core import list_pace, views
from handinger_tui.core.registry import Registry
from handinger_tui.core.state import ExplorerState
from handinger_tui.emulator import EmulatorServer
from tests.support.pilot import make_app, table, wait_for

TRACKED = 5_000


async def test_a_tick_reads_only_the_rows_on_screen(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(emulator, [f"t_org_1_w_{i:05d}" for i in range(TRACKED)])
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == TRACKED, "the list", 60)
        assert app.session is not None
        await app.session.coordinator.stop()  # no answer arrives: only time moves
        screen = app.main_screen
        screen._pace = list_pace.ListPace(monotonic=lambda: 0.0)  # and only by ticks
        read: list[int] = []
        real = views.worker_rows

        def counting(state: ExplorerState, registry: Registry, **kwargs: Any) -> list[views.Row]:
            read.append(len(registry))
            return real(state, registry, **kwargs)

        monkeypatch.setattr(views, "worker_rows", counting)
        screen._tick()  # the first is a whole rebuild
        assert read == [TRACKED]
        on_screen = len(table(app).visible_keys())
        for _ in range(3):
            screen._tick()
        assert read[1:] == [on_screen] * 3
        assert 0 < on_screen < 30
