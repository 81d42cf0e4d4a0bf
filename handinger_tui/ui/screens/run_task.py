"""Run a task now: the input and a budget. The caller sends it (the run blocks until done)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Select, TextArea

from handinger_tui.core.safe_text import one_line
from handinger_tui.ui.screens.form_base import FieldBox, FormScreen
from handinger_tui.ui.widgets.safe_fields import SafeTextArea

BUDGETS = ("low", "standard", "high", "unlimited")


class RunTaskScreen(FormScreen[tuple[str, str]]):
    """Dismisses with ``(input, budget)`` once checked; ``error`` (a failed earlier run) shows
    in the banner, so the caller can re-open it prefilled after a failure."""

    SAVE_LABEL = "Run"
    KEYS_HINT = "ctrl+s run · esc cancel · tab next field"

    def __init__(
        self,
        *,
        worker_title: str,
        input: str = "",
        budget: str = "standard",
        error: str | None = None,
    ) -> None:
        super().__init__(title=f"Run {one_line(worker_title, 60) or 'worker'} now", error=error)
        self.initial_input = input
        self.initial_budget = budget if budget in BUDGETS else "standard"

    def fields(self) -> ComposeResult:
        yield FieldBox(
            "input",
            "Input",
            SafeTextArea(self.initial_input, id="input", classes="-tall"),
            hint="what the worker should do this time (required)",
        )
        yield FieldBox(
            "budget",
            "Budget",
            Select(
                [(b, b) for b in BUDGETS],
                value=self.initial_budget,
                allow_blank=False,
                id="budget",
            ),
        )

    def current(self) -> tuple[str, str]:
        budget = self.query_one("#budget", Select).value
        text = self.query_one("#input", TextArea).text
        return text, budget if isinstance(budget, str) else "standard"

    def snapshot(self) -> dict[str, str]:
        values = super().snapshot()
        if self.query("#budget"):
            values["budget"] = str(self.query_one("#budget", Select).value)
        return values

    @property
    def dirty(self) -> bool:
        """A re-opened run (after a failure) holds typed input even before any key."""
        return super().dirty or bool(self.initial_error and self.current()[0].strip())

    def collect(self) -> tuple[str, str]:
        from handinger_tui.core.drafts import check_task

        text, budget = self.current()
        check_task(text, budget)
        return text, budget

    def start_save(self, *, deliberate: bool) -> None:
        """Nothing to send here: check, then hand (input, budget) back to the caller."""
        from handinger_tui.core.drafts import FieldErrors

        try:
            result = self.collect()
        except FieldErrors as exc:
            self.show_errors(exc.errors)
            return
        self.dismiss(result)

    async def submit(self, payload: Any) -> Any:
        return payload
