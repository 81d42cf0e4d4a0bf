"""Property tests: payloads generated from the documented shapes (reference §2).

``drift=True`` adds what the real service may send: fractions where the reference says
integer, nulls where a value is optional in practice, missing keys, unknown enum values
and extra keys. Production (lax) reading must accept all of it without losing anything;
strict reading must accept every payload that keeps to the reference, and read it the
same way lax does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from handinger_tui.api import models

Strategy = st.SearchStrategy[Any]
Field = tuple[str, Callable[[bool], Strategy], str]  # wire key, strategy(drift), kind

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

INT = st.integers(min_value=0, max_value=2**53)
FLOAT = st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False)
TEXT = st.text(max_size=12)
DATE = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
JSON: Strategy = st.recursive(
    st.none() | st.booleans() | INT | FLOAT | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)
EXTRA_KEY = st.from_regex(r"x[A-Z][a-zA-Z]{0,8}", fullmatch=True)  # never a field name


def num(drift: bool) -> Strategy:
    return INT | FLOAT if drift else INT


def text(drift: bool) -> Strategy:
    return TEXT


def text_or_null(drift: bool) -> Strategy:
    return TEXT | st.none()


def in_practice_null(strategy: Callable[[bool], Strategy]) -> Callable[[bool], Strategy]:
    """Not nullable in the reference, null in practice."""
    return lambda drift: strategy(drift) | st.none() if drift else strategy(drift)


def enum(*values: str) -> Callable[[bool], Strategy]:
    known = st.sampled_from(values)
    return lambda drift: known | st.text(min_size=1, max_size=10) if drift else known


def const(value: Any) -> Callable[[bool], Strategy]:
    return lambda drift: st.just(value)


def obj(fields: list[Field], drift: bool) -> Strategy:
    """A JSON object: ``id`` keys always there, ``opt`` keys may be missing, others
    always there unless drifting; drifting adds unknown keys."""
    required = {k: s(drift) for k, s, kind in fields if kind == "id" or (kind == "" and not drift)}
    optional = {k: s(drift) for k, s, kind in fields if kind == "opt" or (kind == "" and drift)}
    base = st.fixed_dictionaries(required, optional=optional)
    if not drift:
        return base
    extra = st.dictionaries(EXTRA_KEY, JSON, max_size=2)
    return st.tuples(base, extra).map(lambda pair: {**pair[1], **pair[0]})


def of(fields: list[Field]) -> Callable[[bool], Strategy]:
    return lambda drift: obj(fields, drift)


def list_of(item: Callable[[bool], Strategy]) -> Callable[[bool], Strategy]:
    return lambda drift: st.lists(item(drift), max_size=3)


FILE: list[Field] = [
    ("filename", text_or_null, ""),
    ("mediaType", text, ""),
    ("url", text, "id"),
    ("size", num, "opt"),
]
SOURCE: list[Field] = [
    ("id", text, "id"),
    ("title", text_or_null, ""),
    ("type", enum("url"), ""),
    ("url", text, "id"),
]
OUTPUT: list[Field] = [
    ("id", text, "id"),
    ("content", list_of(of([("text", text, ""), ("type", enum("output_text"), "")])), ""),
    ("role", enum("assistant"), ""),
    ("status", enum("completed"), ""),
    ("type", enum("message"), ""),
]
WORKER: list[Field] = [
    ("id", text, "id"),
    ("status", enum(*models.KNOWN_WORKER_STATUSES), "id"),
    ("created_at", lambda d: num(d) | st.none(), ""),
    ("error", lambda d: JSON if d else st.none(), ""),
    ("files", in_practice_null(list_of(of(FILE))), ""),
    ("incomplete_details", const(None), ""),
    ("messages", lambda d: st.lists(JSON, max_size=3), ""),
    ("metadata", in_practice_null(lambda d: st.dictionaries(TEXT, JSON, max_size=3)), ""),
    ("object", enum("worker"), ""),
    ("output", list_of(of(OUTPUT)), ""),
    ("output_text", in_practice_null(text), ""),
    ("running", lambda d: st.booleans(), ""),
    ("sources", list_of(of(SOURCE)), ""),
    ("structured_output", lambda d: st.none() | st.dictionaries(TEXT, JSON, max_size=3), ""),
    ("url", text, ""),
    ("usage", of([("credits", num, "opt"), ("durationMs", num, "opt")]), "opt"),
]
TEMPLATE: list[Field] = [
    ("id", text, "id"),
    ("createdAt", text_or_null, ""),
    ("instructions", text, ""),
    ("organizationId", text, ""),
    ("outputSchema", lambda d: st.none() | st.dictionaries(TEXT, JSON, max_size=3), ""),
    ("summary", text, ""),
    ("title", text, ""),
    ("updatedAt", text_or_null, ""),
    ("url", text, ""),
    ("userId", text, ""),
    ("visibility", enum(*models.KNOWN_VISIBILITIES), ""),
]
_SCHEDULE_BASE: list[Field] = [
    ("id", text, "id"),
    ("budget", enum(*models.KNOWN_BUDGETS), ""),
    ("input", text, ""),
    ("nextRunAt", lambda d: DATE, ""),
]


def schedule(drift: bool) -> Strategy:
    variants = [
        [*_SCHEDULE_BASE, ("type", const("scheduled"), "id")],
        [*_SCHEDULE_BASE, ("type", const("delayed"), "id"), ("delayInSeconds", num, "")],
        [*_SCHEDULE_BASE, ("type", const("cron"), "id"), ("cron", text, "")],
        [*_SCHEDULE_BASE, ("type", const("interval"), "id"), ("intervalSeconds", num, "")],
    ]
    return st.one_of(*(obj(v, drift) for v in variants))


SCHEDULE_LIST: list[Field] = [("schedules", list_of(schedule), ""), ("workerId", text, "")]
EXECUTION: list[Field] = [
    ("id", text, "id"),
    ("createdAt", lambda d: DATE, ""),
    ("durationMs", num, ""),
    ("errorMessage", text_or_null, ""),
    ("requestStatus", enum(*models.KNOWN_REQUEST_STATUSES), "id"),
    ("responseStatus", lambda d: st.none() | st.integers(100, 599), ""),
    ("taskId", text_or_null, ""),
    ("taskTitle", text_or_null, ""),
    ("url", text, ""),
    ("workerId", text, ""),
]
EXECUTION_LIST: list[Field] = [
    ("logs", list_of(of(EXECUTION)), ""),
    ("page", lambda d: st.integers(1, 1000), ""),
    ("pageCount", num, ""),
    ("totalCount", num, ""),
]
TASK: list[Field] = [
    ("id", text, "id"),
    ("completedAt", text_or_null, ""),
    ("createdAt", text, ""),
    ("createdByUserId", text_or_null, ""),
    ("organizationId", text, ""),
    ("status", enum(*models.KNOWN_TASK_STATUSES), "id"),
    ("title", text, ""),
    (
        "totals",
        of([("credits", num, ""), ("durationMs", num, ""), ("turnCount", num, "")]),
        "",
    ),
    ("triggeredBy", enum(*models.KNOWN_TRIGGERS), ""),
    ("url", text, ""),
    ("workerId", text, ""),
]
TURN: list[Field] = [
    ("id", text, "id"),
    ("completedAt", text_or_null, ""),
    ("credits", num, ""),
    ("durationMs", num, ""),
    ("input", text, ""),
    ("inputTokens", num, ""),
    ("outputText", text, ""),
    ("outputTokens", num, ""),
    ("role", text, ""),
    ("seq", num, ""),
    ("startedAt", text, ""),
    ("status", text, ""),
    ("structuredOutput", lambda d: st.none() | st.dictionaries(TEXT, JSON, max_size=3), ""),
    ("taskId", text, ""),
]
TASK_WITH_TURNS: list[Field] = [("task", of(TASK), "id"), ("turns", list_of(of(TURN)), "")]
WEBHOOK: list[Field] = [("token", text_or_null, ""), ("url", text_or_null, "")]

SHAPES: list[tuple[type[BaseModel], list[Field]]] = [
    (models.Worker, WORKER),
    (models.WorkerTemplate, TEMPLATE),
    (models.ScheduleList, SCHEDULE_LIST),
    (models.WebhookExecutionList, EXECUTION_LIST),
    (models.TaskWithTurns, TASK_WITH_TURNS),
    (models.Webhook, WEBHOOK),
]


def any_shape(drift: bool) -> Strategy:
    return st.one_of(*(st.tuples(st.just(m), obj(f, drift)) for m, f in SHAPES))


def _numbers_equal(sent: Any, read: Any) -> None:
    assert read == sent and (read is None) == (sent is None)


@SETTINGS
@given(any_shape(drift=True))
def test_production_reads_every_drifted_payload(case: tuple[type[BaseModel], Any]) -> None:
    model, payload = case
    with models.strict_wire_mode(False):
        parsed = model.model_validate(payload)
    extra = {k: v for k, v in payload.items() if k.startswith("x")}
    assert parsed.model_extra == extra  # unknown keys kept as sent


@SETTINGS
@given(obj(WORKER, drift=True))
def test_a_drifted_worker_loses_nothing_and_invents_nothing(payload: dict[str, Any]) -> None:
    with models.strict_wire_mode(False):
        worker = models.Worker.model_validate(payload)
    assert worker.status == payload["status"]  # unknown values kept as they are
    _numbers_equal(payload.get("created_at"), worker.created_at)
    assert worker.output_text == (payload.get("output_text") or "")
    assert len(worker.files) == len(payload.get("files") or [])
    for sent, read in zip(payload.get("files") or [], worker.files, strict=True):
        _numbers_equal(sent.get("size"), read.size)
        assert read.filename == sent.get("filename")
    usage = payload.get("usage")
    if usage is None:
        assert worker.usage is None
    else:
        assert worker.usage is not None
        _numbers_equal(usage.get("credits"), worker.usage.credits)
        _numbers_equal(usage.get("durationMs"), worker.usage.duration_ms)


@SETTINGS
@given(obj(TEMPLATE, drift=True))
def test_a_drifted_template_has_no_invented_visibility(payload: dict[str, Any]) -> None:
    with models.strict_wire_mode(False):
        template = models.WorkerTemplate.model_validate(payload)
    assert template.visibility == payload.get("visibility")


@SETTINGS
@given(obj(SCHEDULE_LIST, drift=True), obj(EXECUTION_LIST, drift=True))
def test_drifted_lists_keep_every_item(schedules: dict[str, Any], page: dict[str, Any]) -> None:
    with models.strict_wire_mode(False):
        read_schedules = models.ScheduleList.model_validate(schedules).schedules
        read_page = models.WebhookExecutionList.model_validate(page)
    assert [s.id for s in read_schedules] == [s["id"] for s in schedules.get("schedules") or []]
    assert not any(isinstance(s, models.Unreadable) for s in read_schedules)
    assert [e.id for e in read_page.logs] == [e["id"] for e in page.get("logs") or []]
    assert not any(isinstance(e, models.Unreadable) for e in read_page.logs)
    assert read_page.page_count >= (1 if "pageCount" not in page else 0)
    _numbers_equal(page.get("totalCount"), read_page.total_count)


@SETTINGS
@given(any_shape(drift=False))
def test_strict_accepts_what_the_reference_allows_and_reads_it_as_lax_does(
    case: tuple[type[BaseModel], Any],
) -> None:
    model, payload = case
    with models.strict_wire_mode(True):
        strict = model.model_validate(payload)
    with models.strict_wire_mode(False):
        lax = model.model_validate(payload)
    assert strict.model_dump() == lax.model_dump()
