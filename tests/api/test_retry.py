"""Retry policy: backoff and jitter bounds, Retry-After, which methods and failures retry."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from handinger_tui.api import RetryPolicy, errors
from handinger_tui.api._retry import parse_retry_after
from tests.support.api import MockAPI
from tests.support.examples import DELETE_WORKER, WEBHOOK, WORKER, WORKER_TEMPLATE

W = "/api/workers/w1"


def _status(code: int, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(code, json={"error": f"status {code}"}, headers=headers)


# --- the policy itself -------------------------------------------------------------------


@pytest.mark.parametrize("retries_taken", range(8))
def test_backoff_is_exponential_capped_with_bounded_jitter(retries_taken: int) -> None:
    policy = RetryPolicy()
    base = min(0.5 * 2**retries_taken, 8.0)
    assert policy.backoff(retries_taken, 0.0) == base
    assert policy.backoff(retries_taken, 0.999999) == pytest.approx(base * 0.75, rel=1e-5)
    for rand in (0.1, 0.5, 0.9):
        assert base * 0.75 <= policy.backoff(retries_taken, rand) <= base


def test_backoff_does_not_overflow() -> None:
    assert RetryPolicy().backoff(10_000, 0.0) == 8.0


@pytest.mark.parametrize("bad", [{"max_retries": -1}, {"jitter": 1.5}])
def test_policy_rejects_nonsense(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "2.5"}, 2.5),
        ({"retry-after": " 7 "}, 7.0),
        ({"retry-after": "-4"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "nan"}, None),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after-ms": "junk", "retry-after": "9"}, 9.0),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(httpx.Headers(headers), lambda: 0.0) == expected


def test_parse_retry_after_http_date() -> None:
    now = datetime(2026, 5, 12, 9, 0, 0, tzinfo=UTC)
    later = format_datetime(datetime(2026, 5, 12, 9, 0, 30, tzinfo=UTC), usegmt=True)
    headers = httpx.Headers({"retry-after": later})
    assert parse_retry_after(headers, now.timestamp) == 30.0
    past = format_datetime(datetime(2026, 5, 12, 8, 0, 0, tzinfo=UTC), usegmt=True)
    assert parse_retry_after(httpx.Headers({"retry-after": past}), now.timestamp) == 0.0


# --- the client applying it ----------------------------------------------------------------


async def test_get_retries_5xx_with_backoff_then_succeeds() -> None:
    api = MockAPI().add("GET", W, _status(503), _status(502), WORKER)
    api.time.rand = 0.5
    worker = await api.client().workers.retrieve("w1")
    assert worker.status == "completed"
    assert len(api.requests) == 3
    assert api.time.sleeps == [0.5 * 0.875, 1.0 * 0.875]


async def test_get_exhausts_retries_and_reports_attempts() -> None:
    api = MockAPI().add("GET", W, _status(500))
    with pytest.raises(errors.ServerError) as info:
        await api.client(max_retries=3).workers.retrieve("w1")
    assert len(api.requests) == 4
    assert info.value.attempts == 4
    assert "Tried 4 times" in str(info.value)
    assert api.time.sleeps == [0.5, 1.0, 2.0]
    assert info.value.outcome_unknown is False  # a GET changes nothing


async def test_max_retries_zero_disables_retries() -> None:
    api = MockAPI().add("GET", W, _status(503))
    with pytest.raises(errors.ServerError):
        await api.client(max_retries=0).workers.retrieve("w1")
    assert len(api.requests) == 1 and api.time.sleeps == []


async def test_with_options_turns_retries_off_for_a_poller() -> None:
    api = MockAPI().add("GET", W, _status(503))
    client = api.client()
    with pytest.raises(errors.ServerError):
        await client.with_options(max_retries=0).workers.retrieve("w1")
    assert len(api.requests) == 1
    with pytest.raises(errors.ServerError):
        await client.workers.retrieve("w1")
    assert len(api.requests) == 4


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504, 599])
async def test_retryable_statuses(status: int) -> None:
    api = MockAPI().add("GET", W, _status(status), WORKER)
    await api.client().workers.retrieve("w1")
    assert len(api.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422, 418])
async def test_client_errors_are_not_retried(status: int) -> None:
    api = MockAPI().add("GET", W, _status(status), WORKER)
    with pytest.raises(errors.APIStatusError):
        await api.client().workers.retrieve("w1")
    assert len(api.requests) == 1


async def test_retry_after_is_honoured() -> None:
    api = MockAPI().add("GET", W, _status(429, {"Retry-After": "3"}), WORKER)
    await api.client().workers.retrieve("w1")
    assert api.time.sleeps == [3.0]


async def test_retry_after_ms_is_honoured() -> None:
    api = MockAPI().add("GET", W, _status(503, {"retry-after-ms": "1500"}), WORKER)
    await api.client().workers.retrieve("w1")
    assert api.time.sleeps == [1.5]


async def test_retry_after_http_date_is_honoured() -> None:
    api = MockAPI()
    when = format_datetime(datetime.fromtimestamp(api.time.now + 12, tz=UTC), usegmt=True)
    api.add("GET", W, _status(429, {"Retry-After": when}), WORKER)
    await api.client().workers.retrieve("w1")
    assert api.time.sleeps == [12.0]


async def test_zero_retry_after_falls_back_to_backoff() -> None:
    api = MockAPI().add("GET", W, _status(429, {"Retry-After": "0"}), WORKER)
    await api.client().workers.retrieve("w1")
    assert api.time.sleeps == [0.5]


async def test_long_retry_after_is_reported_not_waited() -> None:
    api = MockAPI().add("GET", W, _status(429, {"Retry-After": "120"}), WORKER)
    with pytest.raises(errors.RateLimitError) as info:
        await api.client().workers.retrieve("w1")
    assert len(api.requests) == 1 and api.time.sleeps == []
    assert info.value.retry_after == 120.0
    assert "Wait 120 s before trying again." in str(info.value)


async def test_rate_limit_exhausted_carries_retry_after() -> None:
    api = MockAPI().add("GET", W, _status(429, {"Retry-After": "2"}))
    with pytest.raises(errors.RateLimitError) as info:
        await api.client().workers.retrieve("w1")
    assert len(api.requests) == 3 and api.time.sleeps == [2.0, 2.0]
    assert info.value.retry_after == 2.0 and info.value.status_code == 429


async def test_x_should_retry_header_is_obeyed() -> None:
    api = MockAPI().add("GET", W, _status(503, {"x-should-retry": "false"}), WORKER)
    with pytest.raises(errors.ServerError):
        await api.client().workers.retrieve("w1")
    assert len(api.requests) == 1
    api = MockAPI().add("GET", W, _status(400, {"x-should-retry": "true"}), WORKER)
    await api.client().workers.retrieve("w1")
    assert len(api.requests) == 2


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.ConnectTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("reset"),
    ],
)
async def test_get_retries_transport_failures(exc: Exception) -> None:
    api = MockAPI().add("GET", W, exc, WORKER)
    await api.client().workers.retrieve("w1")
    assert len(api.requests) == 2 and api.time.sleeps == [0.5]


async def test_idempotent_writes_are_retried() -> None:
    api = MockAPI()
    api.add("PATCH", W, _status(503), WORKER_TEMPLATE)
    api.add("DELETE", W, _status(502), DELETE_WORKER)
    api.add("PUT", f"{W}/webhook", httpx.ReadTimeout("slow"), WEBHOOK)
    client = api.client()
    await client.workers.update("w1", title="t")
    await client.workers.delete("w1")
    await client.workers.webhooks.update("w1", url="https://x.example/h")
    assert [r.method for r in api.requests] == ["PATCH", "PATCH", "DELETE", "DELETE", "PUT", "PUT"]


@pytest.mark.parametrize(
    ("reply", "cls", "unknown"),
    [
        (_status(500), errors.ServerError, True),
        (_status(503, {"Retry-After": "1"}), errors.ServerError, True),
        (httpx.ReadTimeout("slow"), errors.RequestTimeoutError, True),
        (
            httpx.RemoteProtocolError("Server disconnected without sending a response."),
            errors.ConnectionFailedError,
            True,
        ),
        (httpx.RemoteProtocolError("illegal status line"), errors.ResponseFormatError, True),
        (httpx.ReadError("reset"), errors.ConnectionFailedError, True),
        (_status(429, {"Retry-After": "1"}), errors.RateLimitError, False),
        (_status(409), errors.ConflictError, False),
        (_status(422), errors.ValidationError, False),
        (httpx.Response(200, text="<html>oops</html>"), errors.ResponseFormatError, True),
    ],
)
async def test_post_is_never_retried_and_flags_ambiguous_outcomes(
    reply: httpx.Response | Exception, cls: type[errors.APIError], unknown: bool
) -> None:
    api = MockAPI().add("POST", "/api/workers", reply, WORKER_TEMPLATE)
    with pytest.raises(cls) as info:
        await api.client(max_retries=5).workers.create(title="x")
    assert len(api.requests) == 1 and api.time.sleeps == []
    assert info.value.outcome_unknown is unknown
    assert ("check before sending again" in str(info.value)) is unknown


@pytest.mark.parametrize(
    ("failure", "cls"),
    [
        (httpx.ConnectError("refused"), errors.ConnectionFailedError),
        (httpx.ConnectTimeout("slow"), errors.RequestTimeoutError),
        (httpx.PoolTimeout("busy"), errors.RequestTimeoutError),
        (httpx.WriteTimeout("slow"), errors.RequestTimeoutError),
        (httpx.WriteError("broken pipe"), errors.ConnectionFailedError),
    ],
)
async def test_post_that_never_reached_the_server_whole_is_retried(
    failure: Exception, cls: type[errors.APIError]
) -> None:
    api = MockAPI().add("POST", "/api/workers", failure, WORKER_TEMPLATE)
    created = await api.client().workers.create(title="x")
    assert created.id == WORKER_TEMPLATE["id"] and len(api.requests) == 2
    api = MockAPI().add("POST", "/api/workers", failure)
    with pytest.raises(cls) as info:
        await api.client(max_retries=2).workers.create(title="x")
    assert len(api.requests) == 3 and not info.value.outcome_unknown
    assert "check before sending again" not in str(info.value)


async def test_task_run_is_never_retried() -> None:
    api = MockAPI().add("POST", "/api/tasks", httpx.ReadTimeout("slow"), WORKER)
    with pytest.raises(errors.RequestTimeoutError) as info:
        await api.client(max_retries=5).tasks.create(input="go", worker_id="w1")
    assert len(api.requests) == 1 and info.value.outcome_unknown
    assert str(info.value).startswith("Could not run a task on worker w1: ")


@pytest.mark.parametrize(
    "call",
    ["schedules", "regenerate"],
)
async def test_other_posts_are_not_retried(call: str) -> None:
    api = MockAPI()
    api.add("POST", f"{W}/schedules", _status(503))
    api.add("POST", f"{W}/webhook/regenerate-token", _status(503))
    client = api.client()
    with pytest.raises(errors.ServerError):
        if call == "schedules":
            await client.workers.schedules.create(
                "w1", input="x", when={"type": "cron", "cron": "* * * * *"}
            )
        else:
            await client.workers.webhooks.regenerate_token("w1")
    assert len(api.requests) == 1


# --- DELETE: already gone is done ------------------------------------------------------------

DELETES = [
    ("worker", W, lambda c: c.workers.delete("w1"), lambda r: r.deleted),
    ("schedule", f"{W}/schedules/s1", lambda c: c.workers.schedules.cancel("s1", worker_id="w1"),
     lambda r: r.cancelled),
    ("webhook", f"{W}/webhook", lambda c: c.workers.webhooks.delete("w1"),
     lambda r: r.url is None and r.token is None),
    ("task", "/api/tasks/t1", lambda c: c.tasks.delete("t1"), lambda r: r.archived),
]  # fmt: skip


@pytest.mark.parametrize(("name", "path", "call", "done"), DELETES)
@pytest.mark.parametrize(
    "first",
    [_status(502), httpx.ReadTimeout("slow"), httpx.ReadError("reset")],
    ids=["502", "read-timeout", "reset"],
)
async def test_delete_whose_retry_finds_it_gone_is_done(
    name: str, path: str, call: Any, done: Any, first: Any
) -> None:
    api = MockAPI().add("DELETE", path, first, _status(404))
    result = await call(api.client())
    assert done(result) and len(api.requests) == 2


@pytest.mark.parametrize(("name", "path", "call", "done"), DELETES)
@pytest.mark.parametrize(
    "first", [_status(429), httpx.ConnectError("refused")], ids=["429", "connect"]
)
async def test_delete_404_is_not_found_when_no_attempt_can_have_applied(
    name: str, path: str, call: Any, done: Any, first: Any
) -> None:
    api = MockAPI().add("DELETE", path, _status(404))
    with pytest.raises(errors.NotFoundError):
        await call(api.client())
    api = MockAPI().add("DELETE", path, first, _status(404))
    with pytest.raises(errors.NotFoundError):
        await call(api.client())
    assert len(api.requests) == 2


@pytest.mark.parametrize(("name", "path", "call", "done"), DELETES)
@pytest.mark.parametrize(
    "answer",
    [httpx.Response(204), httpx.Response(200), httpx.Response(200, text="  \n")],
    ids=["204", "200-empty", "200-blank"],
)
async def test_delete_answered_without_a_body_is_done(
    name: str, path: str, call: Any, done: Any, answer: httpx.Response
) -> None:
    api = MockAPI().add("DELETE", path, answer)
    assert done(await call(api.client())) and len(api.requests) == 1


@pytest.mark.parametrize(
    "bad",
    [
        httpx.Response(200, text="{trunc"),
        httpx.RemoteProtocolError("illegal status line: bytearray(b'SSH-2.0-OpenSSH_9.6')"),
        httpx.DecodingError("bad gzip"),
    ],
    ids=["truncated-json", "not-http", "bad-encoding"],
)
async def test_unreadable_answers_are_not_retried_nor_network_errors(bad: Any) -> None:
    api = MockAPI().add("GET", W, bad, WORKER)
    with pytest.raises(errors.ResponseFormatError) as info:
        await api.client().workers.retrieve("w1")
    assert len(api.requests) == 1 and not isinstance(info.value, errors.NetworkError)
    assert info.value.request_label == "GET /api/workers/w1" and info.value.problem


async def test_a_request_h11_refuses_to_write_is_not_a_network_error() -> None:
    api = MockAPI().add("GET", W, httpx.LocalProtocolError("Illegal header value"), WORKER)
    with pytest.raises(errors.APIError) as info:
        await api.client().workers.retrieve("w1")
    assert not isinstance(info.value, errors.NetworkError | errors.ResponseFormatError)
    assert len(api.requests) == 1 and "bug in handinger-tui" in str(info.value)


@given(st.dictionaries(st.sampled_from(["retry-after", "retry-after-ms"]), st.text()))
def test_parse_retry_after_never_raises(headers: dict[str, str]) -> None:
    value = parse_retry_after(headers, lambda: 1_800_000_000.0)
    assert value is None or value >= 0.0


@given(st.integers(min_value=0, max_value=50), st.floats(min_value=0.0, max_value=0.999999))
def test_backoff_bounds_property(retries_taken: int, rand: float) -> None:
    policy = RetryPolicy()
    delay = policy.backoff(retries_taken, rand)
    assert 0.375 <= delay <= 8.0
