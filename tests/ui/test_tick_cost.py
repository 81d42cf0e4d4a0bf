"""Each second's tick, even one that re-syncs the whole list, builds the rows on screen, not
a row for every tracked worker."""

from __future__ import annotations

import pytest

from handinger_tui.core import list_pace
from handinger_tui.emulator import EmulatorServer
from tests.support.pilot import make_app, table, wait_for


class Seconds:
    """A monotonic clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 1e9, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.mark.parametrize(
    ("whole", "needle"),
    [(False, ""), (True, ""), (False, "t_org_1_w_01")],
    ids=["patch", "whole-sync", "filtered"],
)
async def test_a_tick_builds_only_the_rows_on_screen(
    emulator: EmulatorServer, whole: bool, needle: str
) -> None:
    tracked = 5_000
    app = make_app(emulator, [f"t_org_1_w_{i:05d}" for i in range(tracked)])
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == tracked, "the list", 60)
        assert app.session is not None
        await app.session.coordinator.stop()  # no answer arrives: only time moves
        screen = app.main_screen
        pace = screen._pace
        pace.monotonic = Seconds(list_pace.WHOLE_EVERY if whole else 0.0)
        if needle:  # what typing in the filter box does
            screen.filter_text = needle
            screen.refresh_all()
            assert 0 < table(app).row_count < tracked
        screen._tick()  # what arrived before the stop
        on_screen = len(table(app).visible_keys())
        built = []
        for _ in range(3):
            before = pace.built
            screen._tick()
            built.append(pace.built - before)
        assert built == [on_screen] * 3
        assert 0 < on_screen < 30


async def test_a_whole_sync_without_news_hands_the_table_only_the_rebuilt_rows(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracked = 5_000
    app = make_app(emulator, [f"t_org_1_w_{i:05d}" for i in range(tracked)])
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == tracked, "the list", 60)
        assert app.session is not None
        await app.session.coordinator.stop()
        screen = app.main_screen
        screen._pace.monotonic = Seconds(list_pace.WHOLE_EVERY)  # every tick a whole sync
        screen._tick()  # what arrived before the stop
        handed: list[tuple[str, int]] = []
        worker_table = table(app)
        monkeypatch.setattr(worker_table, "sync", lambda rows: handed.append(("sync", len(rows))))
        monkeypatch.setattr(worker_table, "patch", lambda rows: handed.append(("patch", len(rows))))
        screen._tick()
        on_screen = len(worker_table.visible_keys())
        assert handed == [("patch", on_screen)] and 0 < on_screen < 30
        screen.sort_descending = True  # another order: the table gets every row
        screen.refresh_all()
        assert handed[1:] == [("sync", tracked)]
