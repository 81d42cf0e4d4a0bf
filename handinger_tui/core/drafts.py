"""What an operator typed into a form, checked against the API's limits before any request.

Every check mirrors the service (``docs/handinger-api.md`` §4; the emulator enforces the
same numbers).
The rules live by form: :mod:`~handinger_tui.core.field_checks` (every field: control
characters, length, ``FieldErrors``), :mod:`~handinger_tui.core.worker_drafts` (the worker
form and its bodies), :mod:`~handinger_tui.core.schedule_drafts` (the schedule form); this
module holds the run and webhook checks and re-exports the rest, so callers import every
draft name from here. Imports stay light (stdlib only at module level).
"""

from __future__ import annotations

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
from handinger_tui.core.field_checks import (
    CONTROL_PROBLEM,
    FieldErrors,
    check_budget,
    check_input,
    control_problem,
    too_long,
)
from handinger_tui.core.schedule_drafts import (
    SCHEDULE_KINDS,
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


def check_webhook_url(url: str) -> str:
    """The URL stripped; https (http only for loopback), a host, at most ``URL_MAX`` characters."""
    value = url.strip()

    def fail(message: str) -> FieldErrors:
        return FieldErrors({"url": message})

    if not value:
        raise fail("required: the https:// address that receives deliveries")
    if problem := control_problem(value):
        raise fail(problem)
    if problem := too_long(value, URL_MAX):
        raise fail(problem)
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
    check_input(input, errors)
    check_budget(budget, errors)
    if errors:
        raise FieldErrors(errors)
