"""News that changes no pane (the same answer again) is told apart from news that does."""

from __future__ import annotations

from datetime import UTC, datetime

from handinger_tui.api.models import WorkerEmail
from handinger_tui.core.seen_answers import SeenAnswers
from handinger_tui.core.state import ExplorerState, Key, Kind, Trouble

NOW = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)
KEY = Key(Kind.EMAIL, "t_org_1_w_a")


def never(key: Key) -> bool:
    return False


def test_the_same_answer_again_is_nothing_new() -> None:
    state, seen = ExplorerState(), SeenAnswers()
    res = state.resource(KEY)
    res.value, res.fetched_at = WorkerEmail(email="a@in.example"), NOW
    seen.heard(KEY)
    assert seen.anything_new(state, never)  # first heard of: new
    assert not seen.anything_new(state, never)  # nothing heard since
    seen.heard(KEY)
    res.fetched_at = datetime(2026, 5, 12, 9, 0, 5, tzinfo=UTC)  # answered again, same body
    assert not seen.anything_new(state, never)
    res.value = WorkerEmail(email="b@in.example")
    seen.heard(KEY)
    assert seen.anything_new(state, never)  # another object: the panes read it
    res.value = WorkerEmail(email="b@in.example")  # equal, but another answer: read it again
    seen.heard(KEY)
    assert seen.anything_new(state, never)


def test_a_failure_and_its_end_are_new() -> None:
    state, seen = ExplorerState(), SeenAnswers()
    res = state.resource(KEY)
    res.value, res.fetched_at = WorkerEmail(email="a@in.example"), NOW
    seen.heard(KEY)
    seen.anything_new(state, never)
    res.error, res.trouble, res.failures = "HTTP 502", Trouble.SERVER, 1
    seen.heard(KEY)
    assert seen.anything_new(state, never)  # stale: the row and the pane say so
    res.failures = 2  # failed again the same way
    seen.heard(KEY)
    assert not seen.anything_new(state, never)  # the countdown is the freshness label's (time)
    res.error = res.trouble = None
    seen.heard(KEY)
    assert seen.anything_new(state, never)
    res.gone = True
    seen.heard(KEY)
    assert seen.anything_new(state, never)


def test_a_key_that_always_renders() -> None:
    state, seen = ExplorerState(), SeenAnswers()
    res = state.resource(KEY)
    res.value, res.fetched_at = WorkerEmail(email="a@in.example"), NOW
    seen.heard(KEY)
    seen.anything_new(state, never)
    seen.heard(KEY)
    assert seen.anything_new(state, lambda key: key == KEY)  # the same answer, yet rendered
