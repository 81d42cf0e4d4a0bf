"""The worker form's draft: checked against the API's limits, turned into create/update bodies.

The output schema is JSON read strictly (``NaN``, ``Infinity`` and overflowing numbers are
refused) and must be a Draft-07 schema; ``jsonschema`` is imported only when a schema is
actually checked (start-up stays light).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, TypedDict

from handinger_tui.api.limits import (
    DEFAULT_VISIBILITY,
    INSTRUCTIONS_MAX,
    PROMPT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    VISIBILITIES,
)
from handinger_tui.core.field_checks import FieldErrors, check_text, control_problem
from handinger_tui.core.registry import TrackedWorker
from handinger_tui.core.safe_text import field_controls

__all__ = [
    "CreateFields",
    "NonFiniteNumber",
    "UpdateFields",
    "WorkerDraft",
    "check_worker",
    "draft_from_template",
    "parse_schema",
    "schema_text",
    "worker_create_body",
    "worker_update_body",
]


@dataclass
class WorkerDraft:
    """The create/edit worker form. ``output_schema`` is JSON text; ``visibility`` ""
    means "not known / leave it" (an edit of a worker whose template was never cached)."""

    title: str = ""
    summary: str = ""
    instructions: str = ""
    prompt: str = ""
    visibility: str = DEFAULT_VISIBILITY
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
        check_text(errors, "title", draft.title, TITLE_MAX, multiline=False)
    check_text(errors, "summary", draft.summary, SUMMARY_MAX, multiline=False)
    check_text(errors, "instructions", draft.instructions, INSTRUCTIONS_MAX, multiline=True)
    if not creating and draft.prompt:
        errors["prompt"] = "only used when creating a worker; edit the instructions instead"
    else:
        check_text(errors, "prompt", draft.prompt, PROMPT_MAX, multiline=True)
    if draft.visibility not in (*VISIBILITIES, ""):
        errors["visibility"] = "must be public or private"
    try:
        parse_schema(draft.output_schema)
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)


class CreateFields(TypedDict, total=False):
    """The keyword arguments of ``client.workers.create`` a draft sends (only those given)."""

    title: str
    summary: str
    instructions: str
    prompt: str
    visibility: str
    output_schema: dict[str, Any]


class UpdateFields(TypedDict, total=False):
    """The keyword arguments of ``client.workers.update``; a ``None`` schema clears it."""

    title: str
    summary: str
    instructions: str
    visibility: str
    output_schema: dict[str, Any] | None


def worker_create_body(draft: WorkerDraft) -> CreateFields:
    """Keyword arguments for ``client.workers.create``: only the non-empty fields."""
    body = CreateFields()
    if draft.title:
        body["title"] = draft.title
    if draft.summary:
        body["summary"] = draft.summary
    if draft.instructions:
        body["instructions"] = draft.instructions
    if draft.prompt:
        body["prompt"] = draft.prompt
    if draft.visibility:
        body["visibility"] = draft.visibility
    schema = parse_schema(draft.output_schema)
    if schema is not None:
        body["output_schema"] = schema
    return body


def _changed(typed: str, known: str | None) -> bool:
    """Whether a text field is sent: it differs from what is known, or (unknown) was typed."""
    return bool(typed) if known is None else typed != known


def worker_update_body(draft: WorkerDraft, cached: TrackedWorker | None) -> UpdateFields:
    """Keyword arguments for ``client.workers.update``: only what differs from the cache.

    A field the cache never knew (``None``) is sent only when something was typed in it;
    a cleared schema that was known to be set is sent as ``None`` (null). Never ``prompt``.
    """
    known = cached or TrackedWorker(id="")  # nothing known
    body = UpdateFields()
    if _changed(draft.title, known.title):
        body["title"] = draft.title
    if _changed(draft.summary, known.summary):
        body["summary"] = draft.summary
    if _changed(draft.instructions, known.instructions):
        body["instructions"] = draft.instructions
    if draft.visibility and _changed(draft.visibility, known.visibility):
        body["visibility"] = draft.visibility  # "" = leave it: the API has no "unset"
    schema = parse_schema(draft.output_schema)
    if known.template_known:
        if schema != known.output_schema:
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
