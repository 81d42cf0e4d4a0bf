"""A healthy pane's freshness label moves only at the granularity it shows."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from handinger_tui.core.rest_labels import coarse_age, list_age, pane_freshness
from handinger_tui.core.state import Resource

NOW = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)


def fetched(seconds_ago: float) -> Resource[object]:
    return Resource(value={}, fetched_at=NOW - timedelta(seconds=seconds_ago))


def test_an_idle_minute_changes_the_label_at_most_twice() -> None:
    labels = [pane_freshness([fetched(age)], NOW, 0.0) for age in range(0, 60)]
    assert labels[0] == "updated just now"
    assert labels[59] == "updated <1 min ago"
    changes = sum(a != b for a, b in itertools.pairwise(labels))
    assert changes == 1  # the old label changed every second


def test_older_answers_read_in_minutes_hours_and_days() -> None:
    assert coarse_age(61) == "1 min ago"
    assert coarse_age(3599) == "59 min ago"
    assert coarse_age(7200) == "2h ago"
    assert coarse_age(3 * 86_400) == "3d ago"
    assert pane_freshness([fetched(5), fetched(400)], NOW, 0.0) == "updated 6 min ago"


def test_trouble_and_loading_keep_their_words() -> None:
    failing = Resource[object](value={}, fetched_at=NOW, error="HTTP 500", failures=2)
    assert pane_freshness([failing], NOW, 0.0).startswith("stale: ")
    assert pane_freshness([Resource[object]()], NOW, 0.0) == "loading…"
    assert pane_freshness([], NOW, 0.0) == ""


def test_a_list_age_moves_every_ten_seconds_in_its_first_minute() -> None:
    ages = [list_age(NOW - timedelta(seconds=s), NOW) for s in range(0, 120)]
    assert ages[0] == ages[9] == "now"
    assert (ages[10], ages[19], ages[20], ages[59]) == ("10s ago", "10s ago", "20s ago", "50s ago")
    assert ages[60] == ages[119] == "1m ago"
    assert sum(a != b for a, b in itertools.pairwise(ages)) == 6  # formatting.ago: 61 changes
    assert list_age(NOW + timedelta(minutes=5), NOW) == "in 5m"  # a clock ahead: as ago says
    assert list_age(None, NOW) == "—"
    assert list_age(NOW - timedelta(hours=3), NOW) == "3h ago"
