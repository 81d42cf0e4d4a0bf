"""Imports sit at the top of the file (issue 8), everywhere in the package, ``ui/`` included.

A function-level import is allowed only when it keeps start-up fast on purpose, listed
below with the reason. ``if TYPE_CHECKING:`` blocks are module-level and fine.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "handinger_tui"
FIRST_FRAME = "loads the wire models (pydantic): not before the first frame (issue 11)"
WRITES = "core.operations (~11 ms cached, more compiling): the first write, not the first frame"
FORM = "a form's module and its drafts (~6 ms each): when opened, not before the first frame"
APP_ACTIONS = "handinger_tui.ui.screens.app_actions"
OPENED = "a screen or dialog's module: when first opened, not before the first frame"
COPY = "the clipboard routes and the copy dialog: at the first copy, not the first frame"

# (module, imported name) -> why it is not at the top of the file.
ALLOWED: dict[tuple[str, str], str] = {
    # cli: each mode loads only its own modules; Textual's first frame waits for nothing else.
    ("handinger_tui.cli", "handinger_tui.emulator.cli.add_arguments"): "server stays unloaded",
    ("handinger_tui.cli", "handinger_tui.emulator.cli.run"): "only `emulator` needs it",
    ("handinger_tui.cli", "handinger_tui.cli_doctor"): "only `doctor` needs it",
    ("handinger_tui.cli", "handinger_tui.ui.actions.keymap_problems"): "loads Textual",
    ("handinger_tui.cli", "handinger_tui.core.settings.STDIN_SOURCE"): "app's path only",
    ("handinger_tui.cli", "handinger_tui.core.settings.SettingsError"): "app's path only",
    ("handinger_tui.cli", "handinger_tui.core.settings.load_settings"): "app's path only",
    ("handinger_tui.cli", "handinger_tui.core.log_file.LogFileError"): "only with --log",
    ("handinger_tui.cli", "handinger_tui.core.log_file.start_session_log"): "only with --log",
    ("handinger_tui.cli", "handinger_tui.ui.app.HandingerApp"): "loads Textual",
    ("handinger_tui.cli", "handinger_tui.ui.app.Launch"): "loads Textual",
    # cli_doctor: the parser imports it on every start; the checks load when it runs.
    ("handinger_tui.cli_doctor", "handinger_tui.core.doctor"): "loads httpx",
    ("handinger_tui.cli_doctor", "handinger_tui.core.doctor_terminal"): "doctor only",
    ("handinger_tui.cli_doctor", "handinger_tui.core.safe_text.one_line"): "doctor only",
    ("handinger_tui.cli_doctor", "handinger_tui.core.settings.SettingsError"): "doctor only",
    ("handinger_tui.cli_doctor", "handinger_tui.core.settings.load_settings"): "doctor only",
    # The emulator's server (uvicorn, starlette) loads only when one is started.
    ("handinger_tui.demo", "handinger_tui.emulator.EmulatorServer"): "loads uvicorn",
    ("handinger_tui.emulator", "handinger_tui.emulator.http_server.EmulatorServer"): "PEP 562",
    ("handinger_tui.emulator.cli", "handinger_tui.emulator.http_server.EmulatorServer"): "uvicorn",
    # Libraries the first frame does not need.
    ("handinger_tui.core.worker_drafts", "jsonschema.Draft7Validator"): "~50 ms, schemas only",
    ("handinger_tui.core.worker_drafts", "jsonschema.exceptions.SchemaError"): "as above",
    ("handinger_tui.core.schedule_drafts", "croniter.CroniterError"): "~9 ms, cron checks only",
    ("handinger_tui.core.schedule_drafts", "croniter.croniter"): "~9 ms, cron checks only",
    ("handinger_tui.core.row_details", "croniter.CroniterError"): "~9 ms, cron rows only",
    ("handinger_tui.core.row_details", "croniter.croniter"): "~9 ms, cron rows only",
    ("handinger_tui.core.formatting", "cron_descriptor.Options"): "cron descriptions only",
    ("handinger_tui.core.formatting", "cron_descriptor.get_description"): "as above",
    ("handinger_tui.core.clipboard", "pyperclip"): "only when a copy falls back to it",
    ("handinger_tui.core.settings", "tomllib"): "only when a config file exists",
    # ui: the first frame (issue 11) loads only what it shows. The write plumbing and each
    # form load when first used (with a bytecode cache ~25 ms together; PYTHONDONTWRITEBYTECODE
    # machines compile them on every start).
    ("handinger_tui.ui.kit.explorer", "handinger_tui.core.operations.Operations"): WRITES,
    ("handinger_tui.ui.kit.explorer", "handinger_tui.core.operations.NotApplied"): WRITES,
    ("handinger_tui.ui.workers.actions", "handinger_tui.core.operations.OutcomeUnknown"): WRITES,
    ("handinger_tui.ui.workers.actions", "handinger_tui.ui.workers.form.WorkerFormScreen"): FORM,
    ("handinger_tui.ui.workers.actions", "handinger_tui.ui.workers.run_form.RunTaskScreen"): FORM,
    ("handinger_tui.ui.workers.actions", "handinger_tui.core.drafts.draft_from_template"): FORM,
    ("handinger_tui.ui.schedules.actions", "handinger_tui.ui.schedules.form.ScheduleFormScreen"): (
        FORM
    ),
    ("handinger_tui.ui.webhook.actions", "handinger_tui.ui.webhook.form.WebhookFormScreen"): FORM,
    ("handinger_tui.ui.kit.explorer", "handinger_tui.core.clipboard.copy_text"): COPY,
    ("handinger_tui.ui.kit.explorer", "handinger_tui.ui.kit.copy_value.CopyValueScreen"): COPY,
    ("handinger_tui.ui.kit.explorer", "handinger_tui.ui.kit.copy_value.copy_note"): COPY,
    ("handinger_tui.ui.schedules.actions", "handinger_tui.ui.kit.dialogs.ConfirmScreen"): OPENED,
    (
        "handinger_tui.ui.schedules.actions",
        "handinger_tui.ui.schedules.questions.schedule_question",
    ): (OPENED),
    ("handinger_tui.ui.schedules.actions", "handinger_tui.ui.schedules.details.schedule_screen"): (
        OPENED
    ),
    (APP_ACTIONS, "handinger_tui.ui.screens.help.HelpScreen"): OPENED,
    ("handinger_tui.ui.screens.main", "handinger_tui.ui.problems.screen.ProblemsScreen"): OPENED,
    ("handinger_tui.ui.screens.main", "handinger_tui.ui.agenda.screen.AgendaScreen"): OPENED,
    ("handinger_tui.ui.webhook.actions", "handinger_tui.ui.kit.dialogs.ConfirmScreen"): OPENED,
    ("handinger_tui.ui.webhook.actions", "handinger_tui.ui.kit.dialogs.SecretScreen"): OPENED,
    ("handinger_tui.ui.webhook.actions", "handinger_tui.ui.webhook.delivery.delivery_screen"): (
        OPENED
    ),
    ("handinger_tui.ui.webhook.paging", "handinger_tui.ui.webhook.goto_page.GoToPageScreen"): (
        OPENED
    ),
    ("handinger_tui.ui.workers.actions", "handinger_tui.ui.kit.dialogs.ConfirmScreen"): OPENED,
    ("handinger_tui.ui.workers.actions", "handinger_tui.core.pasted_workers.parse_pasted"): OPENED,
    (
        "handinger_tui.ui.workers.actions",
        "handinger_tui.ui.workers.track_prompt.TrackPromptScreen",
    ): (OPENED),
    (APP_ACTIONS, "handinger_tui.ui.detail.output_view.open_output_view"): (
        "the full-screen output loads core.run_facts (pydantic): not before the first frame"
    ),
    (APP_ACTIONS, "handinger_tui.ui.screens.api_key.ApiKeyScreen"): (
        "loads core.session (httpx): not before the first frame"
    ),
    # ui/detail: Textual's Markdown (markdown-it) and Tree load when an output first shows.
    ("handinger_tui.ui.detail.pane", "textual.widgets.Markdown"): "first frame: markdown-it",
    ("handinger_tui.ui.detail.pane", "markdown_it.MarkdownIt"): "first frame: markdown-it",
    ("handinger_tui.ui.detail.pane", "textual.widgets.Tree"): "first frame: structured output",
}
# Whole modules whose function-level imports are their purpose, with why.
ALLOWED_MODULES: dict[str, str] = {
    "handinger_tui.ui.app": "start-up: the explorer loads after its first frame (the shell),"
    " the client, the store and the session off the event loop (issue 11); screenshots and"
    " crash reports on demand",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    return [f"{base}.{alias.name}" for alias in node.names]


def _function_level(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node


@cache
def function_level_imports() -> frozenset[tuple[str, str, int]]:
    """(module, imported name, line) for every import inside a function in the package."""
    found: set[tuple[str, str, int]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _function_level(tree):
            for name in _imported(node, module, path.name == "__init__.py"):
                found.add((module, name, node.lineno))
    return frozenset(found)


def test_the_walk_sees_imports_inside_functions() -> None:
    # The walk must find the emulator's PEP 562 import, or the check below proves nothing.
    names = {(module, name) for module, name, _ in function_level_imports()}
    assert ("handinger_tui.emulator", "handinger_tui.emulator.http_server.EmulatorServer") in names


def test_the_walk_covers_ui() -> None:
    # Before, ui/ was skipped: its deferred form imports were invisible to the check.
    modules = {module for module, _, _ in function_level_imports()}
    assert {"handinger_tui.ui.kit.explorer", "handinger_tui.ui.workers.actions"} <= modules


def test_no_function_level_import_outside_the_allow_list() -> None:
    stray = sorted(
        f"{module.replace('.', '/')}.py:{line}: {name}"
        for module, name, line in function_level_imports()
        if (module, name) not in ALLOWED and module not in ALLOWED_MODULES
    )
    assert not stray, "move these to the top of the file (or allow them, with why):\n" + (
        "\n".join(stray)
    )


@pytest.mark.parametrize("pair", sorted(ALLOWED))
def test_every_allowed_import_still_exists(pair: tuple[str, str]) -> None:
    # A stale entry would let a new import of the same name back in unnoticed.
    names = {(module, name) for module, name, _ in function_level_imports()}
    assert pair in names


@pytest.mark.parametrize("module", sorted(ALLOWED_MODULES))
def test_every_allowed_module_still_defers(module: str) -> None:
    assert module in {found for found, _, _ in function_level_imports()}
