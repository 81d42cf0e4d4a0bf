"""Trouble never makes polling heavier: counted on the emulator, on the coordinator's clock.

The coordinator runs headless against a real emulator; a FrozenClock stands for time, and
each step advances it one second and lets every request that became due finish. Requests
are counted by the emulator itself (`/_emulator/stats`).
"""

from __future__ import annotations

from typing import Any

import pytest

from handinger_tui.core.formatting import freshness
from handinger_tui.core.state import Key, Trouble
from tests.support.refresh import CADENCE, Rig


@pytest.mark.parametrize(
    "faults",
    [
        {"errorRate": 0.3, "errorStatus": 503},
        {"dropRate": 0.3},
        {"rateLimitRate": 0.3, "retryAfter": 1},
    ],
)
async def test_thirty_percent_failures_add_no_load(rig: Rig, faults: dict[str, Any]) -> None:
    healthy = sum(await rig.per_minute(3)) / 3
    rig.emulator.set_faults(**faults, seed=11)
    faulty = sum(await rig.per_minute(6)) / 6
    print(f"\nrequests per minute: healthy {healthy:.1f}, 30% failing {faulty:.1f}")
    assert healthy > 50  # the rig polls what it should
    assert faulty <= 1.1 * healthy


@pytest.mark.parametrize(
    ("faults", "trouble"),
    [
        ({"errorRate": 1.0, "errorStatus": 503}, Trouble.SERVER),
        ({"dropRate": 1.0}, Trouble.UNREACHABLE),
    ],
)
async def test_full_outage_halves_the_load_within_two_minutes_then_recovers(
    rig: Rig, faults: dict[str, object], trouble: Trouble
) -> None:
    healthy = sum(await rig.per_minute(2)) / 2
    rig.emulator.set_faults(**faults)
    first, second, *later = await rig.per_minute(5)
    print(f"\nhealthy {healthy:.1f}/min; outage minute by minute: {first}, {second}, {later}")
    assert second <= 0.5 * healthy
    conn = rig.session.state.connection
    assert conn.ok is False and conn.trouble is trouble and conn.outage
    state, mono = rig.session.state, rig.clock.monotonic()
    for key, _interval in rig.coordinator.wanted():  # panes say when, not "retrying now"
        label = freshness([state.resources[key]], rig.clock.now(), mono)
        assert "retrying now" not in label, (key, label)

    rig.emulator.clear_faults()
    await _until_first_success(rig)
    recovered_at = rig.clock.monotonic()
    wanted = dict(rig.coordinator.wanted())
    fresh_at: dict[Key, float] = {}
    for _ in range(int(max(i for i in wanted.values() if i != float("inf"))) + 1):
        for key in wanted:
            res = rig.session.state.resources[key]
            if key not in fresh_at and res.error is None:
                fresh_at[key] = rig.clock.monotonic()
        await rig.step()
    late = {
        str(key): (fresh_at.get(key, float("inf")) - recovered_at, interval)
        for key, interval in wanted.items()
        if fresh_at.get(key, float("inf")) - recovered_at > min(interval, CADENCE.idle)
    }
    assert not late, f"not recovered within one normal interval: {late}"
    assert conn.ok and not conn.outage


async def _until_first_success(rig: Rig) -> None:
    for _ in range(int(CADENCE.backoff_max) + 2):
        if rig.session.state.connection.ok:
            return
        await rig.step()
    raise AssertionError("no request succeeded after the outage ended")
