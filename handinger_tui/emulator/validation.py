"""Request body validation: the reference's limits, with messages naming field and limit."""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from croniter import CroniterError, croniter
from jsonschema import Draft7Validator
from jsonschema.exceptions import SchemaError

from .errors import invalid

MISSING: Any = object()

TITLE_MAX = 200
SUMMARY_MAX = 80
INSTRUCTIONS_MAX = 20000
PROMPT_MAX = 10000
URL_MAX = 2048
SECONDS_MAX = 31536000
TASK_ID_MAX = 200
VISIBILITIES = ("public", "private")
BUDGETS = ("low", "standard", "high", "unlimited")
SCHEDULE_TYPES = ("scheduled", "delayed", "cron", "interval")
# RFC 3339 date-time (JSON Schema's "date-time"): seconds and an offset are required.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def string(
    body: dict[str, Any],
    name: str,
    *,
    min_len: int = 0,
    max_len: int | None = None,
    required: bool = False,
    path: str | None = None,
) -> str | None:
    """A string field within length limits (None when absent and not required)."""
    label = path or name
    value = body.get(name, MISSING)
    if value is MISSING:
        if required:
            raise invalid(f"{label}: is required")
        return None
    if not isinstance(value, str):
        raise invalid(f"{label}: must be a string")
    if len(value) < min_len:
        raise invalid(f"{label}: must be at least {_plural(min_len, 'character')}")
    if max_len is not None and len(value) > max_len:
        raise invalid(f"{label}: must be at most {_plural(max_len, 'character')}")
    return value


def choice(
    body: dict[str, Any], name: str, options: tuple[str, ...], path: str | None = None
) -> str | None:
    label = path or name
    value = body.get(name, MISSING)
    if value is MISSING:
        return None
    if not isinstance(value, str) or value not in options:
        raise invalid(f"{label}: must be one of {', '.join(options)}")
    return value


def seconds(body: dict[str, Any], name: str, path: str) -> int:
    value = body.get(name, MISSING)
    if value is MISSING:
        raise invalid(f"{path}: is required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(f"{path}: must be an integer")
    if not 1 <= value <= SECONDS_MAX:
        raise invalid(f"{path}: must be between 1 and {SECONDS_MAX}")
    return value


def output_schema(body: dict[str, Any], *, nullable: bool) -> Any:
    """The outputSchema field: MISSING, None (only when nullable) or a Draft-07 schema object."""
    value = body.get("outputSchema", MISSING)
    if value is MISSING:
        return MISSING
    if value is None:
        if nullable:
            return None
        raise invalid(
            "outputSchema: must be an object (null is accepted only on update, to remove it)"
        )
    if not isinstance(value, dict):
        raise invalid("outputSchema: must be an object (a JSON Schema, Draft-07)")
    try:
        Draft7Validator.check_schema(value)
    except SchemaError as exc:
        where = "/".join(str(p) for p in exc.absolute_path)
        at = f" at '{where}'" if where else ""
        raise invalid(f"outputSchema: is not a valid Draft-07 schema{at}: {exc.message}") from None
    return value


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhook_url(body: dict[str, Any]) -> str | None:
    """PUT webhook body: ``url`` required, a string (https, or http for loopback) or null."""
    if "url" not in body:
        raise invalid("url: is required (a string, or null to remove the webhook)")
    value = body["url"]
    if value is None:
        return None
    if not isinstance(value, str):
        raise invalid("url: must be a string or null")
    if len(value) > URL_MAX:
        raise invalid(f"url: must be at most {URL_MAX} characters")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise invalid("url: must be a valid URI") from None
    if parts.scheme not in ("https", "http") or not host or any(c.isspace() for c in value):
        raise invalid("url: must be a valid https URI")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise invalid("url: must use https (http is allowed only for loopback hosts)")
    return value


def date_time(value: Any, path: str) -> float:
    """An RFC 3339 date-time with an offset (``Z`` or ``+02:00``); anything else -> 422."""
    if not isinstance(value, str) or not value:
        raise invalid(f"{path}: must be an ISO-8601 date-time string")
    if len(value) < 16 or value[10] not in "Tt":
        raise invalid(
            f"{path}: must be an ISO-8601 date-time (date and time), e.g. 2026-05-13T08:00:00Z"
        )
    try:
        dt = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise invalid(f"{path}: must be an ISO-8601 date-time, e.g. 2026-05-13T08:00:00Z") from None
    if dt.tzinfo is None:
        raise invalid(
            f"{path}: must be an ISO-8601 date-time with an offset (Z or +02:00), "
            "e.g. 2026-05-13T08:00:00Z"
        )
    if not RFC3339.fullmatch(value):
        raise invalid(
            f"{path}: must be an ISO-8601 date-time with seconds, e.g. 2026-05-13T08:00:00Z"
        )
    return dt.timestamp()


def cron_expression(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{path}: must be a non-empty cron expression")
    if len(value.split()) != 5 or not croniter.is_valid(value):
        raise invalid(f"{path}: must be a valid 5-field cron expression, e.g. '0 8 * * 1-5'")
    try:
        croniter(value).get_next(float)
    except CroniterError:
        raise invalid(f"{path}: never matches a date (e.g. 31 February)") from None
    return value
