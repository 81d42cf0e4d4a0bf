"""HandingerClient on a mock transport: configuration, request shapes, parsing, errors."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr

from handinger_tui.api import DEFAULT_BASE_URL, HandingerClient, errors, models
from handinger_tui.api.resources import segment
from tests.support import examples
from tests.support.api import MOCK_API_KEY, MockAPI

W = "/api/workers/w1"
Call = Callable[[HandingerClient], Awaitable[Any]]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDINGER_API_KEY", raising=False)
    monkeypatch.delenv("HANDINGER_BASE_URL", raising=False)


# --- configuration -----------------------------------------------------------------------


def test_missing_key_says_how_to_set_it() -> None:
    with pytest.raises(errors.ConfigurationError, match="HANDINGER_API_KEY"):
        HandingerClient()
    with pytest.raises(errors.ConfigurationError, match="HANDINGER_API_KEY"):
        HandingerClient(api_key="   ")


def test_env_vars_and_explicit_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    client = HandingerClient(api_key="k1")
    assert client.base_url == DEFAULT_BASE_URL == "https://handinger.com"
    monkeypatch.setenv("HANDINGER_API_KEY", "env_key")
    monkeypatch.setenv("HANDINGER_BASE_URL", "https://env.example/")
    client = HandingerClient()
    assert client.api_key.get_secret_value() == "env_key"
    assert client.base_url == "https://env.example"
    client = HandingerClient(api_key=SecretStr("arg_key"), base_url="https://arg.example")
    assert client.api_key.get_secret_value() == "arg_key"
    assert client.base_url == "https://arg.example"
    monkeypatch.setenv("HANDINGER_BASE_URL", "")
    assert HandingerClient().base_url == DEFAULT_BASE_URL


def test_base_url_may_have_a_path_prefix() -> None:
    assert HandingerClient("k", "https://proxy.example/handinger/").base_url == (
        "https://proxy.example/handinger"
    )


def test_key_with_unsendable_characters_is_refused_without_echoing_it() -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        HandingerClient(api_key="hdg_live_secret\nX-Evil: 1")
    assert "hdg_live_secret" not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:9",
        "http://[::1]:8080",
        "http://127.9.9.9",
        "http://api.localhost",
    ],
)
def test_plain_http_is_allowed_to_loopback(url: str) -> None:
    assert HandingerClient("k", url).base_url == url


@pytest.mark.parametrize(
    "url", ["http://handinger.com", "http://10.0.0.5:8000", "http://0.0.0.0:8080"]
)
def test_plain_http_elsewhere_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(errors.ConfigurationError, match="plain http"):
        HandingerClient("k", url)
    assert HandingerClient("k", url, allow_insecure=True).base_url == url


@pytest.mark.parametrize(
    "url",
    ["ftp://handinger.com", "handinger.com", "https://", "https://u:p@h.example", "https://h/?q=1"],
)
def test_bad_base_urls_are_refused(url: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=r"HANDINGER_BASE_URL|base URL"):
        HandingerClient("k", url)


def test_timeouts_always_apply() -> None:
    assert HandingerClient("k").timeout == httpx.Timeout(30.0, connect=5.0)
    assert HandingerClient("k", timeout=None).timeout == httpx.Timeout(30.0, connect=5.0)
    assert HandingerClient("k", timeout=2).timeout == httpx.Timeout(2.0, connect=2.0)
    custom = httpx.Timeout(10.0, read=60.0)
    assert HandingerClient("k", timeout=custom).timeout is custom
    with pytest.raises(ValueError):
        HandingerClient("k", timeout=0)


def test_repr_masks_the_key() -> None:
    client = HandingerClient(api_key=MOCK_API_KEY)
    assert MOCK_API_KEY not in repr(client) and MOCK_API_KEY not in str(client)
    assert MOCK_API_KEY not in repr(client.api_key)
    assert "https://handinger.com" in repr(client)


async def test_with_options_shares_the_pool_and_lifecycle() -> None:
    client = HandingerClient("k")
    fast = client.with_options(max_retries=0, timeout=3.0)
    assert fast.http_client is client.http_client
    assert (fast.max_retries, client.max_retries) == (0, 2)
    assert fast.timeout.read == 3.0 and client.timeout.read == 30.0
    assert fast.api_key is client.api_key and fast.base_url == client.base_url
    assert client.with_options().max_retries == 2
    await fast.aclose()
    assert not client.http_client.is_closed
    async with client:
        pass
    assert client.http_client.is_closed


async def test_an_injected_http_client_is_not_closed() -> None:
    http = httpx.AsyncClient()
    async with HandingerClient("k", http_client=http):
        pass
    assert not http.is_closed
    await http.aclose()


# --- request shapes ----------------------------------------------------------------------


async def test_headers_auth_and_user_agent() -> None:
    api = MockAPI().add("POST", "/api/workers", examples.WORKER_TEMPLATE)
    await api.client(user_agent="tests/1").workers.create(title="t")
    request = api.requests[0]
    assert request.headers["authorization"] == f"Bearer {MOCK_API_KEY}"
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("handinger-tui/")
    assert request.headers["user-agent"].endswith(" tests/1")
    assert str(request.url) == "https://api.handinger.test/api/workers"


async def test_create_sends_only_given_keys_by_wire_name() -> None:
    api = MockAPI().add("POST", "/api/workers", examples.WORKER_TEMPLATE)
    client = api.client()
    await client.workers.create(
        **{
            "title": "Brand voice analyzer",
            "prompt": examples.WORKER_CREATE_REQUEST["prompt"],
            "visibility": "private",
        }
    )
    await client.workers.create()
    await client.workers.create(output_schema={"type": "object"}, instructions="i", summary="s")
    assert api.bodies() == [
        examples.WORKER_CREATE_REQUEST,
        {},
        {"outputSchema": {"type": "object"}, "instructions": "i", "summary": "s"},
    ]


async def test_update_sends_null_only_for_a_cleared_schema() -> None:
    api = MockAPI().add("PATCH", W, examples.WORKER_TEMPLATE)
    client = api.client()
    await client.workers.update("w1", title="Claim verdict v2", output_schema=None)
    await client.workers.update("w1", visibility="public")
    assert api.bodies() == [examples.WORKER_UPDATE_REQUEST, {"visibility": "public"}]


@pytest.mark.parametrize(
    ("worker_id", "raw"),
    [
        ("a/b c", "a%2Fb%20c"),
        ("t_org_1_w_X", "t_org_1_w_X"),
        ("wrk_vk81XUHKHG-qr4", "wrk_vk81XUHKHG-qr4"),
        ("x?y#z%", "x%3Fy%23z%25"),
        ("é", "%C3%A9"),
    ],
)
async def test_ids_are_one_encoded_path_segment(worker_id: str, raw: str) -> None:
    api = MockAPI().add("GET", f"/api/workers/{raw}/email", examples.WORKER_EMAIL)
    await api.client().workers.retrieve_email(worker_id)
    assert api.paths() == [f"GET /api/workers/{raw}/email"]


@pytest.mark.parametrize("bad", ["", ".", ".."])
async def test_empty_or_dot_ids_are_refused_before_sending(bad: str) -> None:
    api = MockAPI()
    client = api.client()
    with pytest.raises(ValueError, match="worker_id"):
        await client.workers.retrieve(bad)
    with pytest.raises(ValueError, match="schedule_id"):
        await client.workers.schedules.cancel(bad, worker_id="w1")
    with pytest.raises(ValueError, match="task_id"):
        await client.tasks.retrieve(bad)
    assert api.requests == []


@pytest.mark.parametrize(
    ("when", "wire"),
    [
        (models.DelayedWhen(delay_in_seconds=90), {"type": "delayed", "delayInSeconds": 90}),
        ({"type": "delayed", "delayInSeconds": 90}, {"type": "delayed", "delayInSeconds": 90}),
        ({"type": "interval", "interval_seconds": 60}, {"type": "interval", "intervalSeconds": 60}),
        (models.CronWhen(cron="0 8 * * 1-5"), {"type": "cron", "cron": "0 8 * * 1-5"}),
        (
            models.ScheduledWhen(date=datetime(2026, 5, 13, 8, tzinfo=UTC)),
            {"type": "scheduled", "date": "2026-05-13T08:00:00.000Z"},
        ),
        ({"type": "sunrise", "offset": 5}, {"type": "sunrise", "offset": 5}),  # passed through
    ],
)
async def test_schedule_create_body(when: Any, wire: dict[str, Any]) -> None:
    api = MockAPI().add("POST", f"{W}/schedules", examples.SCHEDULE_CRON)
    await api.client().workers.schedules.create("w1", input="Weekly digest", when=when)
    assert api.bodies() == [{"input": "Weekly digest", "when": wire}]


async def test_schedule_create_with_budget_matches_the_reference() -> None:
    api = MockAPI().add("POST", f"{W}/schedules", examples.SCHEDULE_CRON)
    request = examples.SCHEDULE_CREATE_REQUEST
    await api.client().workers.schedules.create(
        "w1",
        input=request["input"],
        budget="high",
        when=models.IntervalWhen(interval_seconds=604800),
    )
    assert api.bodies() == [request]


async def test_a_malformed_known_when_is_refused_client_side() -> None:
    api = MockAPI()
    with pytest.raises(ValueError):
        await api.client().workers.schedules.create("w1", input="x", when={"type": "delayed"})
    assert api.requests == []


async def test_webhook_update_and_clear() -> None:
    api = MockAPI().add("PUT", f"{W}/webhook", examples.WEBHOOK)
    client = api.client()
    await client.workers.webhooks.update("w1", url="https://hooks.acme.example/handinger")
    await client.workers.webhooks.update("w1", url=None)
    assert api.bodies() == [{"url": "https://hooks.acme.example/handinger"}, {"url": None}]


async def test_list_executions_pages() -> None:
    api = MockAPI().add("GET", f"{W}/webhook/executions", examples.WEBHOOK_EXECUTIONS)
    client = api.client()
    await client.workers.webhooks.list_executions("w1")
    await client.workers.webhooks.list_executions("w1", page=3)
    assert [r.url.params.get("page") for r in api.requests] == ["1", "3"]
    with pytest.raises(ValueError):
        await client.workers.webhooks.list_executions("w1", page=0)


async def test_task_create_body_and_long_read_timeout() -> None:
    seen: list[dict[str, Any]] = []

    def reply(request: httpx.Request) -> dict[str, Any]:
        seen.append(request.extensions["timeout"])
        return examples.WORKER

    api = MockAPI().add("POST", "/api/tasks", reply)
    client = api.client()
    ref = examples.TASK_CREATE_REQUEST
    worker = await client.tasks.create(
        input=ref["input"], worker_id=ref["workerId"], budget="low", task_id=ref["taskId"]
    )
    assert worker.output_text.startswith("Off-brand")
    await client.tasks.create(input="just this", timeout=42.0)
    assert api.bodies() == [ref, {"input": "just this"}]
    assert seen[0]["read"] >= 900 and seen[0]["connect"] == 5.0
    assert seen[1]["read"] == 42.0


# --- every endpoint parses its reference example -----------------------------------------

ENDPOINTS: list[tuple[str, Call, str, str, dict[str, Any], type[Any]]] = [
    (
        "workers.create",
        lambda c: c.workers.create(title="t"),
        "POST",
        "/api/workers",
        examples.WORKER_TEMPLATE,
        models.WorkerTemplate,
    ),
    (
        "workers.retrieve",
        lambda c: c.workers.retrieve("w1"),
        "GET",
        W,
        examples.WORKER,
        models.Worker,
    ),
    (
        "workers.update",
        lambda c: c.workers.update("w1", title="t"),
        "PATCH",
        W,
        examples.WORKER_TEMPLATE,
        models.WorkerTemplate,
    ),
    (
        "workers.delete",
        lambda c: c.workers.delete("w1"),
        "DELETE",
        W,
        examples.DELETE_WORKER,
        models.DeleteWorkerResponse,
    ),
    (
        "workers.retrieve_email",
        lambda c: c.workers.retrieve_email("w1"),
        "GET",
        f"{W}/email",
        examples.WORKER_EMAIL,
        models.WorkerEmail,
    ),
    (
        "schedules.list",
        lambda c: c.workers.schedules.list("w1"),
        "GET",
        f"{W}/schedules",
        examples.SCHEDULE_LIST,
        models.ScheduleList,
    ),
    (
        "schedules.create",
        lambda c: c.workers.schedules.create(
            "w1", input="x", when=models.CronWhen(cron="0 8 * * 1-5")
        ),
        "POST",
        f"{W}/schedules",
        examples.SCHEDULE_CRON,
        models.CronSchedule,
    ),
    (
        "schedules.cancel",
        lambda c: c.workers.schedules.cancel("s1", worker_id="w1"),
        "DELETE",
        f"{W}/schedules/s1",
        examples.SCHEDULE_CANCEL,
        models.ScheduleCancelResponse,
    ),
    (
        "webhooks.retrieve",
        lambda c: c.workers.webhooks.retrieve("w1"),
        "GET",
        f"{W}/webhook",
        examples.WEBHOOK,
        models.Webhook,
    ),
    (
        "webhooks.update",
        lambda c: c.workers.webhooks.update("w1", url="https://h.example"),
        "PUT",
        f"{W}/webhook",
        examples.WEBHOOK,
        models.Webhook,
    ),
    (
        "webhooks.delete",
        lambda c: c.workers.webhooks.delete("w1"),
        "DELETE",
        f"{W}/webhook",
        examples.WEBHOOK_EMPTY,
        models.Webhook,
    ),
    (
        "webhooks.regenerate_token",
        lambda c: c.workers.webhooks.regenerate_token("w1"),
        "POST",
        f"{W}/webhook/regenerate-token",
        examples.WEBHOOK,
        models.Webhook,
    ),
    (
        "webhooks.list_executions",
        lambda c: c.workers.webhooks.list_executions("w1"),
        "GET",
        f"{W}/webhook/executions",
        examples.WEBHOOK_EXECUTIONS,
        models.WebhookExecutionList,
    ),
    (
        "tasks.create",
        lambda c: c.tasks.create(input="x", worker_id="w1"),
        "POST",
        "/api/tasks",
        examples.WORKER,
        models.Worker,
    ),
    (
        "tasks.retrieve",
        lambda c: c.tasks.retrieve("t1"),
        "GET",
        "/api/tasks/t1",
        examples.TASK_WITH_TURNS,
        models.TaskWithTurns,
    ),
    (
        "tasks.delete",
        lambda c: c.tasks.delete("t1"),
        "DELETE",
        "/api/tasks/t1",
        examples.DELETE_TASK,
        models.DeleteTaskResponse,
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "method", "path", "payload", "cls"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
async def test_every_endpoint(
    name: str, call: Call, method: str, path: str, payload: dict[str, Any], cls: type[Any]
) -> None:
    api = MockAPI().add(method, path, payload)
    result = await call(api.client())
    assert isinstance(result, cls)
    assert [p.split("?")[0] for p in api.paths()] == [f"{method} {path}"]
    if method in ("GET", "DELETE") or name == "webhooks.regenerate_token":
        assert api.requests[0].content == b""


def test_sixteen_endpoints_are_covered() -> None:
    assert len({(e[2], e[3]) for e in ENDPOINTS}) == 16


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls", "hint"),
    [
        (400, errors.BadRequestError, "Correct the request"),
        (401, errors.AuthenticationError, "Check HANDINGER_API_KEY."),
        (403, errors.PermissionDeniedError, "creator"),
        (404, errors.NotFoundError, "Check the id"),
        (409, errors.ConflictError, "Reload"),
        (422, errors.ValidationError, "Correct the request"),
        (429, errors.RateLimitError, "Wait"),
        (500, errors.ServerError, "try again later"),
        (503, errors.ServerError, "try again later"),
        (418, errors.UnexpectedStatusError, "HANDINGER_BASE_URL"),
    ],
)
async def test_status_errors(status: int, cls: type[errors.APIStatusError], hint: str) -> None:
    api = MockAPI().add(
        "GET", f"{W}/schedules", httpx.Response(status, json={"error": "Invalid API key"})
    )
    with pytest.raises(cls) as info:
        await api.client(max_retries=0).workers.schedules.list("w1")
    err = info.value
    assert str(err).startswith(
        f"Could not list schedules of worker w1: the server said 'Invalid API key' ({status})."
    )
    assert hint in str(err)
    assert err.status_code == status and err.server_message == "Invalid API key"
    assert err.request_label == "GET /api/workers/w1/schedules"
    assert err.operation == "list schedules of worker w1"


@pytest.mark.parametrize(
    ("status", "fits"),
    [
        (413, "too large"),
        (414, "too long"),
        (408, "try again"),
        (415, "format"),
        (431, "headers were too large"),
        (410, "gone"),
    ],
)
async def test_hints_fit_the_status(status: int, fits: str) -> None:
    api = MockAPI().add("POST", "/api/tasks", httpx.Response(status, text="nope"))
    with pytest.raises(errors.APIStatusError) as info:
        await api.client().tasks.create(input="x" * 10, worker_id="w1")
    assert fits in info.value.hint
    assert "HANDINGER_BASE_URL" not in str(info.value)


async def test_format_error_says_what_and_where() -> None:
    api = MockAPI().add("GET", f"{W}/webhook", {"token": "whk_x", "url": 12})
    with pytest.raises(errors.ResponseFormatError) as info:
        await api.client().workers.webhooks.retrieve("w1")
    err = info.value
    assert err.field == "url" and "url: Input should be a valid string" in err.problem
    assert err.request_label == "GET /api/workers/w1/webhook" and err.status_code == 200
    assert "HANDINGER_BASE_URL" not in err.hint  # the right server, an answer it changed
    api = MockAPI().add("GET", W, httpx.Response(200, text="<html>" + "x" * 900))
    with pytest.raises(errors.ResponseFormatError) as info:
        await api.client().workers.retrieve("w1")
    assert info.value.field is None and "not JSON" in info.value.problem
    assert "HANDINGER_BASE_URL" in info.value.hint  # probably not the Handinger API at all


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (
            lambda c: c.workers.create(
                title="t",
                output_schema={"type": "object", "properties": {"x": {"maximum": math.nan}}},
            ),
            "outputSchema.properties.x.maximum",
        ),
        (
            lambda c: c.workers.update("w1", output_schema={"enum": [1.0, -math.inf]}),
            "outputSchema.enum.1",
        ),
        (
            lambda c: c.workers.create(output_schema={"const": math.inf}),
            "outputSchema.const",
        ),
    ],
)
async def test_json_sent_never_holds_nan_or_infinity(call: Call, where: str) -> None:
    api = MockAPI().add("POST", "/api/workers", examples.WORKER_TEMPLATE)
    api.add("PATCH", W, examples.WORKER_TEMPLATE)
    with pytest.raises(errors.RequestBodyError) as info:
        await call(api.client())
    assert api.requests == []
    assert where in str(info.value) and "NaN or Infinity" in str(info.value)
    assert "was not sent" in str(info.value)


async def test_exact_401_message() -> None:
    api = MockAPI().add("GET", f"{W}/schedules", httpx.Response(401, json=examples.ERROR))
    with pytest.raises(errors.AuthenticationError) as info:
        await api.client().workers.schedules.list("w1")
    assert str(info.value) == (
        "Could not list schedules of worker w1: the server said 'Invalid API key' (401). "
        "Check HANDINGER_API_KEY."
    )


async def test_400_and_422_are_both_invalid_request_errors() -> None:
    for status in (400, 422):
        api = MockAPI().add(
            "POST", "/api/workers", httpx.Response(status, json={"error": "title too long"})
        )
        with pytest.raises(errors.InvalidRequestError, match="title too long"):
            await api.client().workers.create(title="x" * 300)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            httpx.Response(
                502,
                html="<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            ),
            "502 Bad Gateway",
        ),
        (httpx.Response(503, text="upstream connect error"), "upstream connect error"),
        (httpx.Response(500, json={"error": {"message": "nested"}}), "nested"),
        (httpx.Response(500, json={"message": "alt key"}), "alt key"),
        (httpx.Response(500, json={"error": "bad\x1b[2J\ninput\u202e"}), "bad[2J input"),
        (httpx.Response(500, content=b""), None),
        (httpx.Response(500, json=["not", "an", "object"]), None),
        (httpx.Response(500, html="<html><body>no title</body></html>"), None),
    ],
)
async def test_error_bodies_are_read_defensively(
    response: httpx.Response, message: str | None
) -> None:
    api = MockAPI().add("GET", W, response)
    with pytest.raises(errors.ServerError) as info:
        await api.client(max_retries=0).workers.retrieve("w1")
    assert info.value.server_message == message
    if message is None:
        assert f"the server answered {response.status_code} " in str(info.value)


async def test_long_server_messages_are_cut() -> None:
    api = MockAPI().add("GET", W, httpx.Response(404, json={"error": "y" * 10_000}))
    with pytest.raises(errors.NotFoundError) as info:
        await api.client().workers.retrieve("w1")
    assert info.value.server_message is not None and len(info.value.server_message) == 300
    assert len(str(info.value)) < 500


async def test_redirects_are_not_followed() -> None:
    api = MockAPI().add(
        "GET", W, httpx.Response(301, headers={"location": "https://elsewhere.example/api"})
    )
    with pytest.raises(
        errors.UnexpectedStatusError, match=r"redirected \(301\) to https://elsewhere\.example"
    ):
        await api.client().workers.retrieve("w1")
    assert len(api.requests) == 1


@pytest.mark.parametrize(
    ("response", "fragment"),
    [
        (httpx.Response(200, html="<html><body>Login</body></html>"), "not JSON (text/html"),
        (httpx.Response(200, text='{"id": "w1", "stat'), "not JSON"),
        (httpx.Response(200, content=b"\xff\xfe\x00garbage"), "not JSON"),
        (httpx.Response(200, content=b""), "not JSON"),
        (httpx.Response(200, json={"id": "w1"}), "expected shape (status: Field required)"),
        (httpx.Response(200, json=["w1"]), "expected shape"),
        (httpx.Response(200, json="w1"), "expected shape"),
        (httpx.Response(200, json={"id": 5, "status": "running", "files": 3}), "expected shape"),
    ],
)
async def test_bad_success_bodies_raise_response_format_error(
    response: httpx.Response, fragment: str
) -> None:
    api = MockAPI().add("GET", W, response)
    with pytest.raises(errors.ResponseFormatError) as info:
        await api.client().workers.retrieve("w1")
    assert fragment in str(info.value)
    assert str(info.value).startswith("Could not load worker w1: ")
    assert info.value.__cause__ is None and info.value.__context__ is None


async def test_format_error_never_echoes_the_body() -> None:
    token = "whk_SECRET_TOKEN_1234567890"
    api = MockAPI().add("GET", f"{W}/webhook", {"token": token, "url": 12})
    with pytest.raises(errors.ResponseFormatError) as info:
        await api.client().workers.webhooks.retrieve("w1")
    assert "url: Input should be a valid string" in str(info.value)
    assert token not in str(info.value) and token not in repr(info.value)


@pytest.mark.parametrize(
    ("exc", "cls", "fragment"),
    [
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            errors.ConnectionFailedError,
            "could not connect to api.handinger.test (ConnectError: [Errno 111] Connection",
        ),
        (
            httpx.RemoteProtocolError("Server disconnected"),
            errors.ConnectionFailedError,
            "broke before a full answer arrived",
        ),
        (
            httpx.ReadTimeout("timed out"),
            errors.RequestTimeoutError,
            "api.handinger.test did not answer within 30 s",
        ),
        (
            httpx.ConnectTimeout("timed out"),
            errors.RequestTimeoutError,
            "could not connect to api.handinger.test within 5 s",
        ),
        (httpx.DecodingError("bad gzip"), errors.ResponseFormatError, "could not be decoded"),
        (OSError("network down"), errors.ConnectionFailedError, "broke before"),
    ],
)
async def test_transport_failures(
    exc: Exception, cls: type[errors.APIError], fragment: str
) -> None:
    api = MockAPI().add("GET", W, exc)
    with pytest.raises(cls) as info:
        await api.client(max_retries=0).workers.retrieve("w1")
    assert fragment in str(info.value)
    assert info.value.status_code is None
    assert info.value.cause is not None and type(exc).__name__ in info.value.cause


# --- secrets -----------------------------------------------------------------------------


async def test_the_key_never_leaks_from_a_failed_request() -> None:
    import traceback

    # The server even echoes the key back (some proxies do).
    api = MockAPI().add("GET", W, httpx.Response(401, json={"error": f"bad key {MOCK_API_KEY}"}))
    api.add("GET", f"{W}/email", httpx.ConnectError(f"failed for {MOCK_API_KEY}"))
    client = api.client(max_retries=1)
    shown = ""
    for call in (client.workers.retrieve, client.workers.retrieve_email):
        try:
            await call("w1")
        except errors.APIError as err:
            texts = [traceback.format_exc(), str(err), repr(err), repr(vars(err)), repr(client)]
            shown += str(err) + repr(vars(err))
            assert err.__cause__ is None and err.__context__ is None
            assert not any(
                isinstance(v, httpx.Request | httpx.Response) for v in vars(err).values()
            )
        else:  # pragma: no cover
            pytest.fail("no error")
        for text in texts:
            assert MOCK_API_KEY not in text
    assert "[redacted]" in shown


async def test_logs_show_requests_but_no_secrets(caplog: pytest.LogCaptureFixture) -> None:
    api = MockAPI().add("GET", f"{W}/webhook", httpx.Response(503), examples.WEBHOOK)
    with caplog.at_level(logging.DEBUG, logger="handinger_tui.api"):
        hook = await api.client().workers.webhooks.retrieve("w1")
    messages = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("GET /api/workers/w1/webhook -> 503 in ") for m in messages)
    assert any(m.startswith("GET /api/workers/w1/webhook -> 200 in ") for m in messages)
    assert any(m.startswith("Retrying GET /api/workers/w1/webhook in ") for m in messages)
    token = examples.WEBHOOK["token"]
    assert hook.token is not None and hook.token.get_secret_value() == token
    for record in caplog.records:
        text = record.getMessage() + repr(record.args)
        assert MOCK_API_KEY not in text and token not in text


async def test_unknown_values_survive_the_client(lax_wire: None) -> None:
    """In production reading (the suite is strict) unknown keys and enum values are kept."""
    payload = {**examples.WORKER, "status": "paused", "brandNew": {"x": 1}}
    api = MockAPI().add("GET", W, payload)
    worker = await api.client().workers.retrieve("w1")
    assert worker.status == "paused" and worker.model_extra == {"brandNew": {"x": 1}}
    assert json.loads(worker.model_dump_json(by_alias=True))["brandNew"] == {"x": 1}


@given(st.text(min_size=1).filter(lambda s: s not in (".", "..")))
def test_any_id_becomes_exactly_one_segment(value: str) -> None:
    encoded = segment(value, "worker_id")
    assert "/" not in encoded and "?" not in encoded and "#" not in encoded
    assert unquote(encoded) == value
