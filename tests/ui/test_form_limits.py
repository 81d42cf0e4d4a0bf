"""The forms offer the API's budgets and count against the API's limits (api/limits.py)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, cast

from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList, Select

from handinger_tui.api import limits
from handinger_tui.api.models import KNOWN_BUDGETS, KNOWN_SCHEDULE_TYPES, KNOWN_VISIBILITIES
from handinger_tui.ui.kit.form_base import FieldBox
from handinger_tui.ui.schedules.form import KINDS, ScheduleFormScreen
from handinger_tui.ui.webhook.form import WebhookFormScreen
from handinger_tui.ui.workers.form import WorkerFormScreen
from handinger_tui.ui.workers.run_form import RunTaskScreen
from tests.support.pilot import wait_for

PACKAGE = Path(__file__).resolve().parents[2] / "handinger_tui"
# Limits with numbers nothing else uses (10000, 200 and 80 mean other things elsewhere).
LIMITS = {limits.INSTRUCTIONS_MAX, limits.URL_MAX, limits.SECONDS_MAX}
NO_OPS: Any = None  # the forms call their operations only on save; none is saved here


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.form = screen

    def on_mount(self) -> None:
        self.push_screen(self.form)


def choices(select: Select[str]) -> list[str]:
    options = select.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def budget_choices(screen: Screen[Any]) -> list[str]:
    app = Host(screen)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: bool(screen.query("#budget")), "the budget field")
        return choices(cast("Select[str]", screen.query_one("#budget", Select)))


async def test_the_schedule_form_offers_the_apis_budgets() -> None:
    assert await budget_choices(ScheduleFormScreen(NO_OPS, "w")) == list(KNOWN_BUDGETS)
    assert set(KINDS) == set(KNOWN_SCHEDULE_TYPES)


async def test_the_run_form_offers_the_apis_budgets() -> None:
    screen = RunTaskScreen(NO_OPS, worker_title="w")
    assert await budget_choices(screen) == list(KNOWN_BUDGETS)


async def test_the_worker_form_counts_against_the_apis_limits() -> None:
    screen = WorkerFormScreen(NO_OPS)
    app = Host(screen)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: bool(screen.query(FieldBox)), "the form's fields")
        boxes = {box.field_name: box.limit for box in screen.query(FieldBox) if box.limit}
        visibility = cast("Select[str]", screen.query_one("#visibility", Select))
        offered = choices(visibility)
    assert boxes == limits.FIELD_MAX
    assert offered == list(KNOWN_VISIBILITIES)


async def test_the_webhook_form_counts_against_the_apis_limit() -> None:
    screen = WebhookFormScreen(NO_OPS, "w", None)
    app = Host(screen)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: bool(screen.query(FieldBox)), "the form's fields")
        (box,) = screen.query(FieldBox)
        limit = box.limit
    assert limit == limits.URL_MAX


def spelled_limits(source: str) -> list[object]:
    """The limits (as numbers) and the budgets (as a sequence of strings) in the code."""
    found: list[object] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and type(node.value) is int and node.value in LIMITS:
            found.append(node.value)
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if set(KNOWN_BUDGETS) <= set(words):
                found.append(tuple(words))
    return found


def test_no_other_client_file_spells_a_limit_or_the_budgets() -> None:
    """The emulator keeps its own on purpose; everything else reads api/limits.py."""
    found = {
        str(path.relative_to(PACKAGE)): spelled
        for path in PACKAGE.rglob("*.py")
        if "emulator" not in path.parts
        and path.name not in ("limits.py", "_types.py", "examples.py", "testing.py")
        and (spelled := spelled_limits(path.read_text(encoding="utf-8")))
    }
    assert found == {}
