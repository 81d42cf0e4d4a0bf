"""What every form field obeys before it is sent: no control characters, the API's length.

Each check says what is wrong per field, in :class:`FieldErrors`, so a form can show the
message at the field. Lengths count characters like the server (Python ``len``). A field
holding a control character (or the visible stand-in a form field shows for one, see
:func:`handinger_tui.core.safe_text.for_field`) is refused, so such a value is never sent
back unnoticed. The forms' own rules live in :mod:`~handinger_tui.core.worker_drafts`,
:mod:`~handinger_tui.core.schedule_drafts` and :mod:`~handinger_tui.core.drafts`.
"""

from __future__ import annotations

from typing import Final

from handinger_tui.api.limits import BUDGETS
from handinger_tui.core.safe_text import field_controls, for_field

__all__ = [
    "CONTROL_PROBLEM",
    "FieldErrors",
    "chars",
    "check_budget",
    "check_input",
    "check_text",
    "control_problem",
    "too_long",
]

CONTROL_PROBLEM: Final = "holds control or invisible characters"


class FieldErrors(Exception):
    """One message per form field that broke a rule (``errors``: field name -> message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {msg}" for name, msg in self.errors.items()))


def chars(n: int) -> str:
    """``n`` characters, in words (``1 character``, ``2,000 characters``)."""
    return f"{n:,} character" + ("" if n == 1 else "s")


def too_long(value: str, limit: int) -> str | None:
    """Why ``value`` is over ``limit`` characters (or None)."""
    if len(value) > limit:
        return f"at most {chars(limit)} (now {len(value):,})"
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


def check_text(
    errors: dict[str, str], name: str, value: str, limit: int | None, *, multiline: bool
) -> None:
    """Record the first problem of one text field (control characters, then length)."""
    problem = control_problem(value, multiline=multiline)
    if problem is None and limit is not None:
        problem = too_long(value, limit)
    if problem:
        errors[name] = problem


def check_budget(budget: str, errors: dict[str, str]) -> None:
    """Record a budget the API does not know."""
    if budget not in BUDGETS:
        errors["budget"] = "must be one of " + ", ".join(BUDGETS)


def check_input(text: str, errors: dict[str, str]) -> None:
    """Record a blank task input, or one holding control characters."""
    if not text.strip():
        errors["input"] = "required: what the worker should do"
    elif problem := control_problem(text, multiline=True):
        errors["input"] = problem
