"""Renaming a wire model field makes mypy (strict) list every pane that shows it.

The package is copied, a few shown fields are renamed in the copy's models, and mypy runs
on the copy with the project's own configuration. Every file that reads such a field, as an
attribute or through ``getattr(x, "field")``, must be in mypy's list: a reader that goes
through ``Any`` would pass silently, and a renamed field would blank its column.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import handinger_tui

PACKAGE = Path(handinger_tui.__file__).parent
PYPROJECT = PACKAGE.parent / "pyproject.toml"


@dataclass(frozen=True)
class Rename:
    """One field renamed in the copy; `shown_in` lists readers that must be flagged."""

    module: str  # under handinger_tui/api/
    cls: str
    field: str
    shown_in: frozenset[str]
    unique: bool = True  # no other model has a field of that name: every read is one of this


RENAMES = (  # independent: no renamed field is reached through another renamed one
    Rename(
        "models.py",
        "Worker",
        "output_text",
        frozenset({"core/views.py", "ui/widgets/detail.py"}),
        unique=False,  # Turn.output_text too
    ),
    Rename(
        "models.py",
        "WebhookExecutionList",
        "page_count",
        frozenset({"core/views.py", "core/triage.py", "ui/screens/main.py"}),
    ),
    Rename("models.py", "WebhookExecution", "task_title", frozenset({"core/views.py"})),
    Rename(
        "models.py",
        "WebhookExecution",
        "request_status",
        frozenset({"core/views.py", "core/triage.py"}),
    ),
    Rename(
        "models.py",
        "WebhookExecution",
        "error_message",
        frozenset({"core/views.py", "core/triage.py"}),
    ),
    Rename("models.py", "Worker", "status", frozenset({"core/views.py"}), unique=False),
    Rename("models.py", "Worker", "created_at", frozenset({"core/views.py"}), unique=False),
    Rename("models.py", "Usage", "credits", frozenset({"core/views.py"}), unique=False),
    Rename("models.py", "WorkerEmail", "email", frozenset({"core/views.py"}), unique=False),
    Rename("models.py", "Webhook", "url", frozenset({"ui/widgets/webhook.py"}), unique=False),
    Rename("_schedules.py", "CronSchedule", "cron", frozenset({"core/views.py"}), unique=False),
    Rename(
        "_schedules.py",
        "_ScheduleBase",
        "next_run_at",
        frozenset({"core/views.py", "core/triage.py", "ui/screens/questions.py"}),
        unique=False,  # UnknownSchedule.next_run_at too
    ),
)


def rename_field(source: str, cls: str, field: str) -> str:
    """`source` with the field `field` of class `cls` renamed to `<field>_renamed`."""
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef) or node.name != cls:
            continue
        for item in node.body:
            target = item.target if isinstance(item, ast.AnnAssign) else None
            if isinstance(target, ast.Name) and target.id == field:
                lines = source.splitlines(keepends=True)
                line = lines[item.lineno - 1]
                lines[item.lineno - 1] = line.replace(field, f"{field}_renamed", 1)
                return "".join(lines)
    raise AssertionError(f"no field {field} in class {cls}")


def readers(package: Path, field: str) -> set[str]:
    """Files outside the client and the emulator that read `field` by name."""
    pattern = re.compile(rf'\.{field}\b|getattr\([^)]*"{field}"')
    found = set()
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if relative.startswith(("api/", "emulator/")):
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            found.add(relative)
    return found


def flagged(output: str, field: str) -> set[str]:
    """Files where mypy says the renamed field is missing."""
    pattern = re.compile(rf'^handinger_tui/(\S+?\.py):\d+: error: .*has no attribute "{field}"')
    return {m.group(1) for line in output.splitlines() if (m := pattern.match(line))}


def test_the_rename_helper_finds_the_field_of_that_class_only() -> None:
    source = "class A:\n    x: int = 1\n\n\nclass B:\n    x: int = 2\n"
    assert rename_field(source, "B", "x") == source.replace("x: int = 2", "x_renamed: int = 2")
    with pytest.raises(AssertionError):
        rename_field(source, "B", "y")


@pytest.mark.timeout(900)
def test_renaming_a_shown_field_makes_mypy_list_every_pane_that_shows_it(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "handinger_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    for rename in RENAMES:
        path = copy / "api" / rename.module
        path.write_text(rename_field(path.read_text(encoding="utf-8"), rename.cls, rename.field))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "--no-pretty"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # 1: type errors found (2 would be a crash)
    for rename in RENAMES:
        wanted = set(rename.shown_in)
        if rename.unique:
            wanted |= readers(PACKAGE, rename.field)
        missing = wanted - flagged(output, rename.field)
        assert not missing, f"{rename.cls}.{rename.field}: mypy misses {sorted(missing)}"
