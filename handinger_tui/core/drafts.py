"""What an operator typed into a form, checked against the API's limits before any request.

Every check mirrors the service (reference §4; the emulator enforces the same numbers) and
says what is wrong per field, in :class:`FieldErrors`, so a form can show the message at
the field. Lengths count characters like the server (Python ``len``). A field holding a
control character (or the visible stand-in a form field shows for one, see
:func:`handinger_tui.core.safe_text.for_field`) is refused, so such a value is never sent
back unnoticed. JSON is read strictly: ``NaN``, ``Infinity`` and overflowing numbers are
refused. Durations need a unit on every part (``1h30`` is refused); a bare number is seconds.

Imports stay light (stdlib only at module level): ``jsonschema`` and ``croniter`` are
imported when a schema or a cron expression is actually checked.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from handinger_tui.api.limits import (
    BUDGETS,
    DEFAULT_BUDGET,
    FIELD_MAX,
    INSTRUCTIONS_MAX,
    PROMPT_MAX,
    SECONDS_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    URL_MAX,
    VISIBILITIES,
)
from handinger_tui.api.loopback import is_loopback_host  # the client's own rule
from handinger_tui.core.formatting import describe_cron
from handinger_tui.core.safe_text import field_controls, for_field

if TYPE_CHECKING:
    from handinger_tui.core.registry import TrackedWorker

__all__ = [
    "BUDGETS",
    "CONTROL_PROBLEM",
    "DEFAULT_BUDGET",
    "FIELD_MAX",
    "INSTRUCTIONS_MAX",
    "PROMPT_MAX",
    "SCHEDULE_KINDS",
    "SECONDS_MAX",
    "SUMMARY_MAX",
    "TITLE_MAX",
    "URL_MAX",
    "VISIBILITIES",
    "FieldErrors",
    "ScheduleDraft",
    "WorkerDraft",
    "check_schedule",
    "check_task",
    "check_webhook_url",
    "check_worker",
    "control_problem",
    "cron_preview",
    "draft_from_template",
    "duration_note",
    "local_timezone_name",
    "parse_schema",
    "read_duration",
    "schema_text",
    "worker_create_body",
    "worker_update_body",
]

# The order the schedule form offers them in; the set is the API's (api/limits.py).
SCHEDULE_KINDS: Final = ("scheduled", "delayed", "interval", "cron")
CONTROL_PROBLEM: Final = "holds control or invisible characters"
_TEXT_FIELDS: Final = ("title", "summary", "instructions", "visibility")


class FieldErrors(Exception):
    """One message per form field that broke a rule (``errors``: field name -> message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {msg}" for name, msg in self.errors.items()))


def _chars(n: int) -> str:
    return f"{n:,} character" + ("" if n == 1 else "s")


def _too_long(value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"at most {_chars(limit)} (now {len(value):,})"
    return None


def control_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` may not be sent: it holds control or invisible characters (or None).

    Multi-line fields may hold tab and newline. The message shows each as the field does.
    """
    found = field_controls(value, multiline=multiline)
    if not found:
        return None
    shown = dict.fromkeys(for_field(ch, multiline=multiline)[0] for ch in found)
    return f"{CONTROL_PROBLEM} (shown as {' '.join(shown)}); remove them: they are never sent"


def _check_text(
    errors: dict[str, str], name: str, value: str, limit: int | None, *, multiline: bool
) -> None:
    """Record the first problem of one text field (control characters, then length)."""
    problem = control_problem(value, multiline=multiline)
    if problem is None and limit is not None:
        problem = _too_long(value, limit)
    if problem:
        errors[name] = problem


# ------------------------------------------------------------------------------ workers


@dataclass
class WorkerDraft:
    """The create/edit worker form. ``output_schema`` is JSON text; ``visibility`` ""
    means "not known / leave it" (an edit of a worker whose template was never cached)."""

    title: str = ""
    summary: str = ""
    instructions: str = ""
    prompt: str = ""
    visibility: str = "public"
    output_schema: str = ""


class NonFiniteNumber(ValueError):
    """JSON text held NaN, Infinity or a number too large for a float."""


def _no_constant(name: str) -> Any:
    raise NonFiniteNumber(f"{name} is not JSON (the API refuses it): use a finite number or null")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NonFiniteNumber(f"{text} is too large for JSON (it would be Infinity)")
    return value


def parse_schema(text: str) -> dict[str, Any] | None:
    """The output schema typed as JSON: ``None`` when blank, else a valid Draft-07 object."""
    if not text.strip():
        return None
    if problem := control_problem(text, multiline=True):
        raise FieldErrors({"output_schema": problem})
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except NonFiniteNumber as exc:
        raise FieldErrors({"output_schema": str(exc)}) from None
    except json.JSONDecodeError as exc:
        raise FieldErrors(
            {"output_schema": f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"}
        ) from None
    if not isinstance(value, dict):
        kind = "an array" if isinstance(value, list) else f"a {type(value).__name__}"
        raise FieldErrors(
            {"output_schema": f"must be a JSON object (a Draft-07 schema), not {kind}"}
        )
    # Here, not at the top: jsonschema costs ~50 ms and only a typed schema needs it.
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft7Validator.check_schema(value)
    except SchemaError as exc:
        where = "/".join(str(part) for part in exc.absolute_path)
        at = f" at '{where}'" if where else ""
        raise FieldErrors(
            {"output_schema": f"not a valid Draft-07 schema{at}: {exc.message}"}
        ) from None
    return value


def check_worker(
    draft: WorkerDraft, *, creating: bool, cached: TrackedWorker | None = None
) -> None:
    """Raise :class:`FieldErrors` listing every field that breaks the API's limits.

    On an edit, an empty title is refused unless ``cached`` is given and never knew the
    title (then blank means "leave it", and nothing is sent for it).
    """
    errors: dict[str, str] = {}
    if draft.title == "":
        title_unknown = cached is not None and cached.title is None
        if not creating and not title_unknown:
            errors["title"] = f"cannot be emptied (1 to {TITLE_MAX} characters)"
    else:
        _check_text(errors, "title", draft.title, TITLE_MAX, multiline=False)
    _check_text(errors, "summary", draft.summary, SUMMARY_MAX, multiline=False)
    _check_text(errors, "instructions", draft.instructions, INSTRUCTIONS_MAX, multiline=True)
    if not creating and draft.prompt:
        errors["prompt"] = "only used when creating a worker; edit the instructions instead"
    else:
        _check_text(errors, "prompt", draft.prompt, PROMPT_MAX, multiline=True)
    if draft.visibility not in (*VISIBILITIES, ""):
        errors["visibility"] = "must be public or private"
    try:
        parse_schema(draft.output_schema)
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)


def worker_create_body(draft: WorkerDraft) -> dict[str, Any]:
    """Keyword arguments for ``client.workers.create``: only the non-empty fields."""
    body: dict[str, Any] = {}
    for name in ("title", "summary", "instructions", "prompt", "visibility"):
        value = getattr(draft, name)
        if value:
            body[name] = value
    schema = parse_schema(draft.output_schema)
    if schema is not None:
        body["output_schema"] = schema
    return body


def worker_update_body(draft: WorkerDraft, cached: TrackedWorker | None) -> dict[str, Any]:
    """Keyword arguments for ``client.workers.update``: only what differs from the cache.

    A field the cache never knew (``None``) is sent only when something was typed in it;
    a cleared schema that was known to be set is sent as ``None`` (null). Never ``prompt``.
    """
    body: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        typed: str = getattr(draft, name)
        known: str | None = None if cached is None else getattr(cached, name)
        if (known is None and typed) or (known is not None and typed != known):
            if name == "visibility" and not typed:
                continue  # "" = leave it; the API has no "unset" visibility
            body[name] = typed
    schema = parse_schema(draft.output_schema)
    schema_known = cached is not None and cached.template_known
    if schema_known:
        assert cached is not None
        if schema != cached.output_schema:
            body["output_schema"] = schema
    elif schema is not None:
        body["output_schema"] = schema
    return body


def draft_from_template(tracked: TrackedWorker | None) -> WorkerDraft:
    """The edit form prefilled from the cached template (unknown fields left blank)."""
    if tracked is None:
        return WorkerDraft(visibility="")
    schema = tracked.output_schema
    return WorkerDraft(
        title=tracked.title or "",
        summary=tracked.summary or "",
        instructions=tracked.instructions or "",
        prompt="",
        visibility=tracked.visibility or "",
        output_schema="" if schema is None else schema_text(schema),
    )


def schema_text(schema: object) -> str:
    """The schema as pretty JSON whose every character may sit in a form field.

    Control, invisible and stand-in characters inside strings are written as ``\\uXXXX``
    escapes (outside strings JSON text is plain ASCII), so the text reads back the same.
    """
    dumped = json.dumps(schema, indent=2, ensure_ascii=False)
    for char in field_controls(dumped, multiline=True):
        dumped = dumped.replace(char, f"\\u{ord(char):04x}")
    return dumped


# ---------------------------------------------------------------------------- schedules


@dataclass
class ScheduleDraft:
    """The create-schedule form. ``when`` is a local date-time, a duration or a cron line."""

    kind: str = "delayed"
    when: str = ""
    budget: str = DEFAULT_BUDGET
    input: str = ""


def _check_budget(budget: str, errors: dict[str, str]) -> None:
    if budget not in BUDGETS:
        errors["budget"] = "must be one of " + ", ".join(BUDGETS)


def _check_input(text: str, errors: dict[str, str]) -> None:
    if not text.strip():
        errors["input"] = "required: what the worker should do"
    elif problem := control_problem(text, multiline=True):
        errors["input"] = problem


_UNITS: Final = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_BARE: Final = re.compile(r"[0-9]+")
_PART: Final = re.compile(r"([0-9]+)\s*([a-zA-Z]*)\s*")
DURATION_HELP: Final = "use a duration like 90s, 15m, 2h, 1d, 1w or 1h30m"


def read_duration(text: str) -> int:
    """Seconds in ``90s``, ``15m``, ``1h30m``, ``1w2d``; a bare ``90`` is 90 seconds.

    Every part of a compound needs its unit (``1h30`` is refused, never 3,630 s), units
    go from large to small and appear once. Raises ValueError saying what is wrong.
    """
    value = text.strip()
    if _BARE.fullmatch(value):
        return int(value)
    if re.search(r"[0-9][.,][0-9]", value):
        raise ValueError(f"{value!r}: a duration takes whole numbers (1h30m, not 1.5h)")
    parts: list[tuple[int, str]] = []
    pos = 0
    while pos < len(value):
        match = _PART.match(value, pos)
        if match is None:
            raise ValueError(f"{value!r} is not a duration: {DURATION_HELP}")
        number, unit = match.group(1), match.group(2).lower()
        if not unit:
            example = f", e.g. {value}m" if match.end() == len(value) else ""
            raise ValueError(
                f"{value!r}: give {number} a unit (s, m, h, d or w){example}; "
                "only a lone number is read as seconds"
            )
        if unit not in _UNITS:
            raise ValueError(f"{value!r}: unknown unit {unit!r} ({DURATION_HELP})")
        parts.append((int(number), unit))
        pos = match.end()
    if not parts:
        raise ValueError(f"type a duration: {DURATION_HELP}")
    order = [list(_UNITS).index(unit) for _, unit in parts]
    if order != sorted(set(order)):
        raise ValueError(f"{value!r}: give each unit once, largest first, e.g. 1h30m")
    return sum(number * _UNITS[unit] for number, unit in parts)


def duration_note(text: str) -> str | None:
    """Which unit a bare number was taken as ("90 read as seconds"), else None."""
    value = text.strip()
    return f"{value} read as seconds" if _BARE.fullmatch(value) else None


def _seconds(text: str) -> int:
    if problem := control_problem(text):
        raise ValueError(problem)
    value = read_duration(text)
    if not 1 <= value <= SECONDS_MAX:
        raise ValueError(
            f"must be between 1 second and 1 year ({SECONDS_MAX:,} s), not {value:,} s"
        )
    return value


def _check_cron(expr: str, now: datetime) -> str:
    from croniter import CroniterError, croniter  # not at the top: start-up (module doc)

    if problem := control_problem(expr):
        raise ValueError(problem)
    expr = " ".join(expr.split())
    if not expr:
        raise ValueError("type a cron expression, e.g. '0 8 * * 1-5'")
    if len(expr.split()) != 5 or not croniter.is_valid(expr):
        raise ValueError(
            "not a valid 5-field cron expression (minute hour day month weekday), "
            "e.g. '0 8 * * 1-5'"
        )
    try:
        croniter(expr, now.astimezone(UTC)).get_next(datetime)
    except CroniterError:
        raise ValueError("never runs: no date matches (e.g. 31 February)") from None
    return expr


def _parse_local(text: str, tz: tzinfo | None) -> datetime:
    value = text.strip()
    if len(value) < 16 or value[10] not in "T ":
        raise ValueError("use a date and time: YYYY-MM-DD HH:MM (local time) or ISO 8601")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            "not a date-time: use YYYY-MM-DD HH:MM[:SS] (local time) or ISO 8601"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz) if tz is not None else parsed.astimezone()
    return parsed.astimezone(UTC)


def _iso_z(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_schedule(
    draft: ScheduleDraft, *, now: datetime, tz: tzinfo | None = None
) -> dict[str, Any]:
    """The wire ``when`` object for the draft; raises :class:`FieldErrors`.

    A date-time without an offset is in ``tz`` (default: the operator's local timezone).
    """
    errors: dict[str, str] = {}
    _check_input(draft.input, errors)
    _check_budget(draft.budget, errors)
    when: dict[str, Any] = {}
    try:
        if draft.kind == "scheduled":
            if problem := control_problem(draft.when):
                raise ValueError(problem)
            date = _parse_local(draft.when, tz)
            if date <= now.astimezone(UTC):
                raise ValueError(f"{_iso_z(date)} is in the past; pick a later time")
            when = {"type": "scheduled", "date": _iso_z(date)}
        elif draft.kind == "delayed":
            when = {"type": "delayed", "delayInSeconds": _seconds(draft.when)}
        elif draft.kind == "interval":
            when = {"type": "interval", "intervalSeconds": _seconds(draft.when)}
        elif draft.kind == "cron":
            when = {"type": "cron", "cron": _check_cron(draft.when, now)}
        else:
            errors["kind"] = "must be one of " + ", ".join(SCHEDULE_KINDS)
    except ValueError as exc:
        errors["when"] = str(exc)
    if errors:
        raise FieldErrors(errors)
    return when


def cron_preview(expr: str, *, now: datetime, count: int = 3) -> tuple[str, list[datetime]]:
    """A description of ``expr`` and its next ``count`` run times (UTC, evaluated in UTC)."""
    from croniter import croniter  # not at the top: start-up (module doc)

    try:
        clean = _check_cron(expr, now)
    except ValueError as exc:
        raise FieldErrors({"when": str(exc)}) from None
    runs = croniter(clean, now.astimezone(UTC))
    return describe_cron(clean), [runs.get_next(datetime) for _ in range(count)]


def local_timezone_name(now: datetime | None = None, tz: tzinfo | None = None) -> str:
    """The timezone a date-time without offset is read in, e.g. ``UTC+01:00 (CET)``.

    ``tz`` defaults to the operator's local timezone (its offset at ``now``).
    """
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    name = local.tzname() or ""
    if minutes == 0 and name in ("UTC", "Z", ""):
        return "UTC"
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    label = f"UTC{sign}{hours:02d}:{mins:02d}"
    if name and name[0].isalpha() and name not in (label, "UTC"):
        return f"{label} ({name})"
    return label


# ------------------------------------------------------------------------ webhook, task


def check_webhook_url(url: str) -> str:
    """The URL stripped; https (http only for loopback), a host, at most ``URL_MAX`` characters."""
    value = url.strip()

    def fail(message: str) -> FieldErrors:
        return FieldErrors({"url": message})

    if not value:
        raise fail("required: the https:// address that receives deliveries")
    if problem := control_problem(value):
        raise fail(problem)
    if len(value) > URL_MAX:
        raise fail(f"at most {_chars(URL_MAX)} (now {len(value):,})")
    if any(ch.isspace() for ch in value):
        raise fail("must not contain spaces")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise fail("not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise fail("must start with https://")
    if not host:
        raise fail("must name a host, e.g. https://hooks.example.com/handinger")
    if scheme == "http" and not is_loopback_host(host):
        raise fail("must use https (http is allowed only for localhost / 127.0.0.1 / ::1)")
    return value


def check_task(input: str, budget: str) -> None:
    """Raise :class:`FieldErrors` unless the input is non-blank and the budget is valid."""
    errors: dict[str, str] = {}
    _check_input(input, errors)
    _check_budget(budget, errors)
    if errors:
        raise FieldErrors(errors)
