"""The coordinator reports changes through one subscription list, not a constructor callback."""

from __future__ import annotations

from handinger_tui.core.state import Key, Kind
from tests.support.refresh import Rig, settle


async def test_every_subscriber_hears_each_key_a_refresh_answered(rig: Rig) -> None:
    first: list[Key] = []
    second: list[Key] = []
    rig.coordinator.subscribe(first.append)
    rig.coordinator.subscribe(second.append)
    wid = rig.session.state.selected
    assert wid is not None
    rig.coordinator.refresh_now(wid)
    await settle(rig.coordinator)
    assert Key(Kind.WORKER, wid) in first
    assert {k.worker_id for k in first} == {wid}  # only what was refreshed
    assert second == first


async def test_a_write_reported_by_hand_reaches_the_subscribers(rig: Rig) -> None:
    heard: list[Key] = []
    rig.coordinator.subscribe(heard.append)
    key = Key(Kind.SCHEDULES, "w-1")
    rig.coordinator.on_change(key)
    assert heard == [key]
