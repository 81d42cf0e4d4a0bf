"""Pure formatting: spans, relative times, cron, freshness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handinger_tui.core import formatting as fmt
from handinger_tui.core.state import Resource, Trouble

NOW = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0s"),
        (45, "45s"),
        (125, "2m 5s"),
        (900, "15m"),
        (11520, "3h 12m"),
        (7200, "2h"),
        (86400 * 2 + 3600 * 4, "2d 4h"),
        (86400, "1d"),
    ],
)
def test_span(seconds: int, expected: str) -> None:
    assert fmt.span(seconds) == expected


def test_relative_future_past_and_unknown() -> None:
    assert fmt.relative(NOW + timedelta(hours=3, minutes=12), NOW) == "in 3h 12m"
    assert fmt.relative(NOW - timedelta(seconds=4), NOW) == "4s ago"
    assert fmt.relative(None, NOW) == "—"
    assert fmt.relative(NOW, NOW) == "now"


def test_parse_time_accepts_iso_seconds_and_milliseconds() -> None:
    assert fmt.parse_time("2026-05-12T09:00:00.000Z") == NOW
    assert fmt.parse_time(int(NOW.timestamp())) == NOW
    assert fmt.parse_time(int(NOW.timestamp()) * 1000) == NOW
    assert fmt.parse_time("not a date") is None
    assert fmt.parse_time(None) is None


def test_status_label_never_colour_alone_and_keeps_unknown_values() -> None:
    assert fmt.status_label("running") == "▶ running"
    assert fmt.status_label("completed") == "✔ completed"
    assert fmt.status_label("paused-by-admin") == "? paused-by-admin"


def test_describe_cron() -> None:
    assert fmt.describe_cron("0 8 * * 1-5") == "At 08:00, Monday through Friday"
    assert fmt.describe_cron("*/15 * * * *") == "Every 15 minutes"
    assert fmt.describe_cron("nonsense").startswith("unreadable cron expression")


def test_sizes_and_durations() -> None:
    assert fmt.size(1834) == "1.8 KB"
    assert fmt.size(12) == "12 B"
    assert fmt.duration_ms(184) == "184 ms"
    assert fmt.duration_ms(18_460) == "18.5 s"


def test_freshness_fresh_loading_and_stale() -> None:
    fresh: Resource[object] = Resource(value=1, fetched_at=NOW - timedelta(seconds=4))
    assert fmt.freshness([fresh], NOW, 100.0) == "updated 4s ago"
    assert fmt.freshness([Resource()], NOW, 100.0) == "loading…"
    stale: Resource[object] = Resource(
        value=1, fetched_at=NOW, error="503 from the server", failures=2, retry_at=108.0
    )
    assert fmt.freshness([fresh, stale], NOW, 100.0) == (
        "stale: retrying in 8s (503 from the server)"
    )
    never: Resource[object] = Resource(error="cannot reach the server", failures=1, retry_at=99.0)
    assert fmt.freshness([never], NOW, 100.0) == "failed: retrying now (cannot reach the server)"


def test_compact_ages_and_countdowns_for_table_cells() -> None:
    assert fmt.ago(NOW - timedelta(hours=1, minutes=4), NOW) == "1h ago"
    assert fmt.ago(NOW - timedelta(seconds=4), NOW) == "4s ago"
    assert fmt.until(NOW + timedelta(hours=3, minutes=12), NOW) == "in 3h"
    assert fmt.until(NOW - timedelta(minutes=2), NOW) == "2m ago"
    assert fmt.ago(None, NOW) == fmt.until(None, NOW) == "—"


def test_short_id_keeps_the_distinctive_tail() -> None:
    worker_id = "t_org_4821_w_01J8XK3M5QF2B7R9T4V6W0YZCD"
    short = fmt.short_id(worker_id, 26)
    assert len(short) == 26 and short.startswith("t_org_…") and short.endswith("W0YZCD")
    assert fmt.short_id("wrk_short", 26) == "wrk_short"


@pytest.mark.parametrize(
    ("days", "expected"),
    [(400, "1y 35d"), (3650, "10y"), (36499, "99y"), (36500, "100y+"), (355047, "100y+")],
)
def test_span_counts_years_and_stops_at_a_century(days: int, expected: str) -> None:
    assert fmt.span(days * 86400) == expected


def test_far_timestamps_never_show_absurd_counts() -> None:
    far = NOW + timedelta(days=355047)  # a timestamp in the wrong unit, or a typo
    assert fmt.relative(far, NOW) == f"in 100y+ ({far:%Y-%m-%d})"
    assert fmt.until(far, NOW) == "in 100y+"
    assert fmt.ago(NOW - timedelta(days=355047), NOW) == "100y+ ago"
    last = datetime(9999, 12, 31, tzinfo=UTC)
    assert fmt.relative(last, NOW) == "in 100y+ (9999-12-31)"
    assert fmt.relative(datetime(1, 1, 2, tzinfo=UTC), NOW) == "100y+ ago (0001-01-02)"
    assert fmt.relative(NOW + timedelta(days=800), NOW) == "in 2y 70d"


def test_freshness_after_a_refused_key_says_nothing_is_retried() -> None:
    refused: Resource[object] = Resource(
        value=1,
        fetched_at=NOW,
        error="401 from the server: Invalid API key",
        failures=1,
        retry_at=99.0,
        trouble=Trouble.KEY_REFUSED,
    )
    assert fmt.freshness([refused], NOW, 100.0) == (
        "stale: not retried until another API key is given (401 from the server: Invalid API key)"
    )


def test_sizes_may_come_with_a_fraction() -> None:
    assert fmt.size(1834.5) == "1.8 KB"
    assert fmt.size(12.0) == "12 B"
