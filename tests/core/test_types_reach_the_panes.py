"""Renaming a wire model field makes mypy (strict) list every pane that shows it.

The package is copied, shown fields are renamed in the copy's models, and mypy runs on the
copy with the project's own configuration. Every file that reads such a field must be in
mypy's list: a reader that goes through ``Any`` (or ``getattr(x, "field")``) would pass
silently, and a renamed field would blank its column instead of failing the build.

Which files must be listed does not depend on where panes live: for a field name no other
object has, every ``.field`` outside the client and the emulator; for any field, every
``getattr(…, "field")``; and the files named (by path, or by a class they define).
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
    """A field renamed in every listed model class of the copy (``module:Class``)."""

    field: str
    classes: tuple[str, ...]
    shown_in: tuple[str, ...] = ("core/views.py",)  # a path, or "class Name" it defines
    by_name: bool = True  # only models have a field of that name: every `.field` reads one


RENAMES = (  # independent: no renamed field is reached through another renamed one
    Rename("output_text", ("models.py:Worker", "models.py:Turn"), ("class WorkerDetail",)),
    Rename("page_count", ("models.py:WebhookExecutionList",)),
    Rename("task_title", ("models.py:WebhookExecution",)),
    Rename("request_status", ("models.py:WebhookExecution",)),
    Rename("error_message", ("models.py:WebhookExecution",)),
    Rename("next_run_at", ("_schedules.py:_ScheduleBase", "_schedules.py:UnknownSchedule")),
    Rename("status", ("models.py:Worker",), ("core/views.py", "core/refresh.py"), by_name=False),
    Rename("running", ("models.py:Worker",), ("core/refresh.py",), by_name=False),
    Rename("created_at", ("models.py:Worker",), by_name=False),
    Rename("credits", ("models.py:Usage",), by_name=False),
    Rename("email", ("models.py:WorkerEmail",), by_name=False),
    Rename("cron", ("_schedules.py:CronSchedule",), by_name=False),
    Rename("url", ("models.py:Webhook",), ("class WebhookPanel",), by_name=False),
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


def _sources(package: Path) -> dict[str, str]:
    """Every module outside the client and the emulator, by path in the package."""
    out = {}
    for path in package.rglob("*.py"):
        relative = path.relative_to(package).as_posix()
        if not relative.startswith(("api/", "emulator/")):
            out[relative] = path.read_text(encoding="utf-8")
    return out


def readers(package: Path, field: str, *, attributes: bool) -> set[str]:
    """Files outside the client and the emulator that read `field` through getattr (and,
    with `attributes`, as `.field`)."""
    by_name = rf'getattr\([^)]*"{field}"'
    pattern = re.compile(rf"\.{field}\b|{by_name}" if attributes else by_name)
    return {name for name, text in _sources(package).items() if pattern.search(text)}


def located(package: Path, where: str) -> str:
    """A path as given, or the file that defines ``class Name``."""
    if not where.startswith("class "):
        return where
    pattern = re.compile(rf"^class {where.removeprefix('class ')}\b", re.MULTILINE)
    found = [name for name, text in _sources(package).items() if pattern.search(text)]
    assert len(found) == 1, f"{where} is defined in {found}"
    return found[0]


def flagged(output: str, field: str) -> set[str]:
    """Files where mypy says the renamed field is missing."""
    pattern = re.compile(rf'^handinger_tui/(\S+?\.py):\d+: error: .*has no attribute "{field}"')
    return {m.group(1) for line in output.splitlines() if (m := pattern.match(line))}


def test_the_rename_helper_finds_the_field_of_that_class_only() -> None:
    source = "class A:\n    x: int = 1\n\n\nclass B:\n    x: int = 2\n"
    assert rename_field(source, "B", "x") == source.replace("x: int = 2", "x_renamed: int = 2")
    with pytest.raises(AssertionError):
        rename_field(source, "B", "y")


def test_readers_are_found_by_attribute_or_getattr_outside_the_client(tmp_path: Path) -> None:
    files = {
        "api/models.py": "x.page_count\n",
        "core/a.py": "n = listed.page_count\n",
        "ui/b.py": 'n = getattr(listed, "page_count", 1)\n',
        "ui/c.py": "n = listed.page_counts\n\n\nclass Pane:\n    pass\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert readers(tmp_path, "page_count", attributes=True) == {"core/a.py", "ui/b.py"}
    assert readers(tmp_path, "page_count", attributes=False) == {"ui/b.py"}
    assert located(tmp_path, "class Pane") == "ui/c.py"
    assert located(tmp_path, "core/views.py") == "core/views.py"


@pytest.mark.timeout(900)
def test_renaming_a_shown_field_makes_mypy_list_every_pane_that_shows_it(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "handinger_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    for rename in RENAMES:
        for where in rename.classes:
            module, cls = where.split(":")
            path = copy / "api" / module
            path.write_text(rename_field(path.read_text(encoding="utf-8"), cls, rename.field))
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
        wanted = {located(PACKAGE, where) for where in rename.shown_in}
        wanted |= readers(PACKAGE, rename.field, attributes=rename.by_name)
        missing = wanted - flagged(output, rename.field)
        assert not missing, f"{rename.field} of {rename.classes}: mypy misses {sorted(missing)}"
