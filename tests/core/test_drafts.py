"""Form drafts: every API limit at its boundary and one past, before any request is sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from handinger_tui.core import drafts
from handinger_tui.core.drafts import check_task, check_webhook_url
from handinger_tui.core.field_checks import FieldErrors, control_problem
from handinger_tui.core.registry import TrackedWorker
from handinger_tui.core.schedule_drafts import (
    ScheduleDraft,
    check_schedule,
    cron_preview,
    duration_note,
    local_timezone_name,
    read_duration,
)
from handinger_tui.core.worker_drafts import (
    WorkerDraft,
    check_worker,
    draft_from_template,
    parse_schema,
    schema_text,
    worker_create_body,
    worker_update_body,
)

NOW = datetime(2026, 5, 15, 12, 0, tzinfo=UTC)  # a Friday
SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}}


def errors_of(draft: WorkerDraft, *, creating: bool) -> dict[str, str]:
    try:
        check_worker(draft, creating=creating)
    except FieldErrors as exc:
        return exc.errors
    return {}


# ------------------------------------------------------------------------------ workers


@pytest.mark.parametrize(
    ("length", "creating", "bad"),
    [
        (0, True, False),  # empty on create: Handinger names it
        (0, False, True),  # an edit cannot empty it
        (1, True, False),
        (1, False, False),
        (200, True, False),
        (200, False, False),
        (201, True, True),
        (201, False, True),
    ],
)
def test_title_limits(length: int, creating: bool, bad: bool) -> None:
    found = errors_of(WorkerDraft(title="é" * length), creating=creating)
    assert ("title" in found) is bad
    if bad and length:
        assert "200" in found["title"] and "201" in found["title"]


@pytest.mark.parametrize(
    ("field", "limit"), [("summary", 80), ("instructions", 20000), ("prompt", 10000)]
)
def test_length_limits_count_characters(field: str, limit: int) -> None:
    ok = WorkerDraft(title="t", **{field: "ü" * limit})
    assert errors_of(ok, creating=True) == {}
    over = WorkerDraft(title="t", **{field: "ü" * (limit + 1)})
    assert f"{limit:,}" in errors_of(over, creating=True)[field]


def test_prompt_only_on_create() -> None:
    assert "prompt" in errors_of(WorkerDraft(title="t", prompt="x"), creating=False)
    assert errors_of(WorkerDraft(title="t", prompt="x"), creating=True) == {}


def test_visibility_and_all_errors_reported_together() -> None:
    draft = WorkerDraft(title="", summary="s" * 81, visibility="secret", output_schema="[]")
    found = errors_of(draft, creating=False)
    assert set(found) == {"title", "summary", "visibility", "output_schema"}
    with pytest.raises(FieldErrors) as info:
        check_worker(draft, creating=False)
    assert "summary:" in str(info.value) and "visibility:" in str(info.value)
    assert errors_of(WorkerDraft(visibility="private"), creating=True) == {}


def test_schema_invalid_json_names_line_and_column() -> None:
    with pytest.raises(FieldErrors) as info:
        parse_schema('{\n  "type": "object",\n  "x": }')
    assert "line 3, column 8" in info.value.errors["output_schema"]


@pytest.mark.parametrize(("text", "word"), [("[1]", "array"), ("5", "int"), ('"s"', "str")])
def test_schema_must_be_an_object(text: str, word: str) -> None:
    with pytest.raises(FieldErrors) as info:
        parse_schema(text)
    assert word in info.value.errors["output_schema"]


def test_schema_invalid_draft7_names_the_path() -> None:
    with pytest.raises(FieldErrors) as info:
        parse_schema('{"type": 5}')
    assert "Draft-07" in info.value.errors["output_schema"]
    with pytest.raises(FieldErrors) as info:
        parse_schema('{"properties": {"a": {"type": "nope"}}}')
    assert "properties/a/type" in info.value.errors["output_schema"]


def test_schema_valid_and_blank() -> None:
    assert parse_schema(json.dumps(SCHEMA)) == SCHEMA
    assert parse_schema("  \n") is None
    assert parse_schema("{}") == {}


def test_create_body_only_non_empty_fields() -> None:
    draft = WorkerDraft(title="T", prompt="do it", output_schema=json.dumps(SCHEMA))
    assert worker_create_body(draft) == {
        "title": "T",
        "prompt": "do it",
        "visibility": "public",
        "output_schema": SCHEMA,
    }
    assert worker_create_body(WorkerDraft(visibility="")) == {}


def cached(**fields: object) -> TrackedWorker:
    base: dict[str, object] = {
        "title": "T",
        "summary": "S",
        "instructions": "I",
        "visibility": "private",
        "output_schema": SCHEMA,
    }
    base.update(fields)
    return TrackedWorker(id="w1", **base)  # type: ignore[arg-type]


def test_update_body_unchanged_is_empty() -> None:
    record = cached()
    assert worker_update_body(draft_from_template(record), record) == {}


def test_update_body_sends_only_changes_and_never_prompt() -> None:
    record = cached()
    draft = draft_from_template(record)
    draft.summary = ""
    draft.visibility = "public"
    assert worker_update_body(draft, record) == {"summary": "", "visibility": "public"}


def test_update_body_clearing_the_schema_sends_null() -> None:
    record = cached()
    draft = draft_from_template(record)
    draft.output_schema = ""
    assert worker_update_body(draft, record) == {"output_schema": None}
    # reformatted but equal JSON is not a change
    draft.output_schema = json.dumps(SCHEMA)
    assert worker_update_body(draft, record) == {}
    # known to have no schema: blank stays unsent, a new one is sent
    none = cached(output_schema=None)
    assert worker_update_body(draft_from_template(none), none) == {}
    draft = draft_from_template(none)
    draft.output_schema = "{}"
    assert worker_update_body(draft, none) == {"output_schema": {}}


def test_update_body_leaves_unknown_fields_untouched() -> None:
    unknown = TrackedWorker(id="w1")  # tracked by id: no template cached
    draft = draft_from_template(unknown)
    assert draft.visibility == "" and draft.output_schema == ""
    assert worker_update_body(draft, unknown) == {}
    assert worker_update_body(draft, None) == {}
    draft.title = "Named"
    assert worker_update_body(draft, unknown) == {"title": "Named"}
    partial = TrackedWorker(id="w1", title="Old")  # title known, the rest not
    draft = draft_from_template(partial)
    draft.instructions = "new"
    assert worker_update_body(draft, partial) == {"instructions": "new"}


def test_draft_from_template_pretty_prints_the_schema() -> None:
    draft = draft_from_template(cached())
    assert draft.output_schema == json.dumps(SCHEMA, indent=2)
    assert (draft.title, draft.visibility, draft.prompt) == ("T", "private", "")


# ---------------------------------------------------------------------------- schedules


def when_of(kind: str, when: str, **kw: object) -> dict[str, object]:
    draft = ScheduleDraft(kind=kind, when=when, input="go", **kw)  # type: ignore[arg-type]
    return check_schedule(draft, now=NOW, tz=ZoneInfo("Europe/Paris"))


def schedule_errors(draft: ScheduleDraft) -> dict[str, str]:
    with pytest.raises(FieldErrors) as info:
        check_schedule(draft, now=NOW)
    return info.value.errors


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1w", 604800), ("1h30m", 5400)],
)
def test_durations(text: str, seconds: int) -> None:
    assert when_of("delayed", text) == {"type": "delayed", "delayInSeconds": seconds}
    assert when_of("interval", text) == {"type": "interval", "intervalSeconds": seconds}


@pytest.mark.parametrize(
    ("text", "ok"), [("0", False), ("1", True), ("31536000", True), ("31536001", False)]
)
@pytest.mark.parametrize("kind", ["delayed", "interval"])
def test_delay_and_interval_range(kind: str, text: str, ok: bool) -> None:
    draft = ScheduleDraft(kind=kind, when=text, input="go")
    if ok:
        assert check_schedule(draft, now=NOW)["type"] == kind
    else:
        assert "between 1 second and 1 year" in schedule_errors(draft)["when"]


@pytest.mark.parametrize("text", ["", "soon", "1.5h", "-5m", "3x"])
def test_bad_durations(text: str) -> None:
    assert (
        "duration" in schedule_errors(ScheduleDraft(kind="delayed", when=text, input="go"))["when"]
    )


def test_cron_valid_invalid_and_never_firing() -> None:
    assert when_of("cron", " 0 8  * * 1-5 ") == {"type": "cron", "cron": "0 8 * * 1-5"}
    for bad in ("0 8 * *", "0 8 * * 1-5 2026", "61 * * * *", "@daily", "x y z a b"):
        found = schedule_errors(ScheduleDraft(kind="cron", when=bad, input="go"))
        assert "5-field" in found["when"]
    found = schedule_errors(ScheduleDraft(kind="cron", when="0 0 31 2 *", input="go"))
    assert "never runs" in found["when"]


def test_scheduled_local_time_vs_offset() -> None:
    # Paris is UTC+2 in May: local 14:30 is 12:30Z
    assert when_of("scheduled", "2026-05-15 14:30") == {
        "type": "scheduled",
        "date": "2026-05-15T12:30:00Z",
    }
    assert when_of("scheduled", "2026-05-15T14:30:15")["date"] == "2026-05-15T12:30:15Z"
    assert when_of("scheduled", "2026-05-15T14:30:00Z")["date"] == "2026-05-15T14:30:00Z"
    assert when_of("scheduled", "2026-05-15T14:30:00-05:00")["date"] == "2026-05-15T19:30:00Z"


def test_scheduled_default_timezone_is_the_machines(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        draft = ScheduleDraft(kind="scheduled", when="2026-05-16 09:00", input="go")
        assert check_schedule(draft, now=NOW)["date"] == "2026-05-16T00:00:00Z"
        assert local_timezone_name(NOW) == "UTC+09:00 (JST)"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("2026-05-15 13:59", "past"),  # 11:59Z in Paris time, NOW is 12:00Z
        ("2026-05-15T12:00:00Z", "past"),  # exactly now
        ("2026-05-15", "date and time"),
        ("2026-13-01 10:00", "not a date-time"),
        ("tomorrow 8am", "date and time"),
    ],
)
def test_scheduled_rejects(text: str, word: str) -> None:
    with pytest.raises(FieldErrors) as info:
        when_of("scheduled", text)
    assert word in info.value.errors["when"]


def test_scheduled_one_second_ahead_is_fine() -> None:
    assert when_of("scheduled", "2026-05-15T12:00:01Z")["date"] == "2026-05-15T12:00:01Z"


def test_schedule_input_budget_kind() -> None:
    found = schedule_errors(ScheduleDraft(kind="delayed", when="1m", input=" \n", budget="huge"))
    assert set(found) == {"input", "budget"}
    assert "kind" in schedule_errors(ScheduleDraft(kind="weekly", when="1m", input="go"))
    for budget in ("low", "standard", "high", "unlimited"):
        assert when_of("delayed", "1m", budget=budget)["type"] == "delayed"


def test_cron_preview_next_three_runs_in_utc() -> None:
    description, runs = cron_preview("0 8 * * 1-5", now=NOW)
    assert "08:00" in description and "Monday" in description
    assert runs == [
        datetime(2026, 5, 18, 8, 0, tzinfo=UTC),
        datetime(2026, 5, 19, 8, 0, tzinfo=UTC),
        datetime(2026, 5, 20, 8, 0, tzinfo=UTC),
    ]
    paris_now = NOW.astimezone(ZoneInfo("Europe/Paris"))
    assert cron_preview("0 8 * * 1-5", now=paris_now, count=1)[1] == runs[:1]
    with pytest.raises(FieldErrors) as info:
        cron_preview("0 8 * *", now=NOW)
    assert "when" in info.value.errors


def test_local_timezone_name() -> None:
    assert local_timezone_name(NOW, ZoneInfo("UTC")) == "UTC"
    assert local_timezone_name(NOW, ZoneInfo("Europe/Paris")) == "UTC+02:00 (CEST)"
    winter = datetime(2026, 1, 15, tzinfo=UTC)
    assert local_timezone_name(winter, ZoneInfo("Europe/Paris")) == "UTC+01:00 (CET)"
    assert local_timezone_name(NOW, ZoneInfo("Asia/Kolkata")) == "UTC+05:30 (IST)"
    assert local_timezone_name(NOW, timezone(timedelta(hours=-3))) == "UTC-03:00"


# ------------------------------------------------------------------------ webhook, task


@pytest.mark.parametrize(
    "url",
    [
        "  https://hooks.example.com/h  ",
        "http://127.0.0.1:8080/h",
        "http://127.8.9.10/h",
        "http://[::1]:9000/h",
        "http://localhost/h",
    ],
)
def test_webhook_url_accepted(url: str) -> None:
    assert check_webhook_url(url) == url.strip()


@pytest.mark.parametrize(
    ("url", "word"),
    [
        ("http://hooks.example.com/h", "https"),
        ("http://10.0.0.1/h", "https"),
        ("ftp://example.com/h", "https://"),
        ("https:///path", "host"),
        ("https://exa mple.com", "spaces"),
        ("https://example.com:99999/", "valid URL"),
        ("", "required"),
    ],
)
def test_webhook_url_rejected(url: str, word: str) -> None:
    with pytest.raises(FieldErrors) as info:
        check_webhook_url(url)
    assert word in info.value.errors["url"]


def test_webhook_url_length() -> None:
    prefix = "https://example.com/"
    ok = prefix + "a" * (2048 - len(prefix))
    assert check_webhook_url(ok) == ok
    with pytest.raises(FieldErrors) as info:
        check_webhook_url(ok + "a")
    assert "2,048" in info.value.errors["url"] and "2,049" in info.value.errors["url"]


def test_check_task() -> None:
    check_task("go", "unlimited")
    with pytest.raises(FieldErrors) as info:
        check_task("", "cheap")
    assert set(info.value.errors) == {"input", "budget"}


def test_blank_title_on_edit_is_fine_only_when_never_known() -> None:
    blank = WorkerDraft(title="", visibility="")
    with pytest.raises(FieldErrors):
        check_worker(blank, creating=False, cached=TrackedWorker(id="w1", title="Known"))
    check_worker(blank, creating=False, cached=TrackedWorker(id="w1"))
    assert worker_update_body(blank, TrackedWorker(id="w1")) == {}


# ------------------------------------------------------------ control characters, JSON


HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202e"


@pytest.mark.parametrize("field", ["title", "summary", "instructions", "prompt"])
@pytest.mark.parametrize("value", [f"ok{HOSTILE}", "ok \u241b]0;x\u2407 shown as in a field"])
def test_worker_fields_refuse_control_characters(field: str, value: str) -> None:
    errors = errors_of(WorkerDraft(**{field: value}), creating=True)
    assert "control" in errors[field] and "\u241b" in errors[field]


def test_multiline_fields_keep_tab_and_newline_one_line_fields_do_not() -> None:
    assert errors_of(WorkerDraft(instructions="a\tb\nc", prompt="x\ny"), creating=True) == {}
    errors = errors_of(WorkerDraft(title="a\tb", summary="a\nb"), creating=True)
    assert "control" in errors["title"] and "control" in errors["summary"]


def test_webhook_url_refuses_control_characters() -> None:
    for url in (f"https://hooks.example.com/h{HOSTILE}", "https://hooks.example.com/\u241b[2J"):
        with pytest.raises(FieldErrors) as info:
            check_webhook_url(url)
        assert "control" in info.value.errors["url"]


def test_task_and_schedule_refuse_control_characters() -> None:
    with pytest.raises(FieldErrors) as info:
        check_task(f"go {HOSTILE}", "standard")
    assert "control" in info.value.errors["input"]
    for kind, when in (("delayed", "15m\x1b"), ("cron", "0 8 * * 1\x9b"), ("scheduled", "\x1b")):
        errors = schedule_errors(ScheduleDraft(kind=kind, when=when, input="go\x07"))
        assert "control" in errors["when"] and "control" in errors["input"]


def test_control_problem_shows_each_character_as_the_field_does() -> None:
    assert control_problem("fine") is None
    message = control_problem("a\x1bb\x07c\u202e")
    assert message is not None and "\u241b \u2407 \ufffd" in message


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ('{"type": "number", "maximum": NaN}', "NaN"),
        ('{"type": "number", "maximum": Infinity}', "Infinity"),
        ('{"type": "number", "minimum": -Infinity}', "-Infinity"),
        ('{"type": "number", "maximum": 1e999}', "too large"),
    ],
)
def test_schema_refuses_nan_and_infinity(text: str, word: str) -> None:
    with pytest.raises(FieldErrors) as info:
        parse_schema(text)
    assert word in info.value.errors["output_schema"]
    assert "output_schema" in errors_of(WorkerDraft(output_schema=text), creating=True)


def test_schema_from_the_server_with_controls_round_trips_as_escapes() -> None:
    schema = {"type": "object", "description": f"x{HOSTILE}\u241b"}
    text = schema_text(schema)
    assert control_problem(text, multiline=True) is None  # nothing to refuse or paint
    assert "\\u001b]0;PWNED" in text and "\\u202e" in text
    assert parse_schema(text) == schema
    tracked = TrackedWorker(id="w1", title="T", output_schema=schema)
    assert draft_from_template(tracked).output_schema == text


# ------------------------------------------------------------------------------- durations


@pytest.mark.parametrize("text", ["1h30", "1d2", "2h 15"])
def test_a_number_without_a_unit_inside_a_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"give .* a unit"):
        read_duration(text)
    errors = schedule_errors(ScheduleDraft(kind="interval", when=text, input="go"))
    assert "unit" in errors["when"]


@pytest.mark.parametrize(("text", "word"), [("30m1h", "largest first"), ("1h1h", "once")])
def test_duration_units_go_once_largest_first(text: str, word: str) -> None:
    with pytest.raises(ValueError, match=word):
        read_duration(text)


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("1h30m", 5400), ("1h 30m", 5400), ("1w2d3h4m5s", 788645)]
)
def test_read_duration(text: str, seconds: int) -> None:
    assert read_duration(text) == seconds


def test_a_bare_number_says_it_was_read_as_seconds() -> None:
    assert duration_note("90") == "90 read as seconds"
    assert duration_note("90s") is None and duration_note("1h30m") is None


def test_every_draft_name_is_still_importable_from_drafts() -> None:
    # Forms and operations import the names from core.drafts; the split keeps them there.
    for name in drafts.__all__:
        assert getattr(drafts, name) is not None, name
    assert drafts.FieldErrors is FieldErrors and drafts.ScheduleDraft is ScheduleDraft
    assert drafts.check_worker is check_worker
