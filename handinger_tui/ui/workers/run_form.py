"""Run a task now: the input and a budget, sent through the same careful save as every form.

The run blocks until it ends, so the caller's ``send`` runs it as a job of the explorer:
esc closes this form while the run goes on (the caller then reports how it ended, and
re-opens the form after a failure). When the outcome is unknown (the answer was lost and
the app could not check), only the deliberate "Send again anyway" runs it a second time,
also when the form is re-opened.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Select, TextArea

from handinger_tui.core.drafts import BUDGETS, DEFAULT_BUDGET, check_task
from handinger_tui.core.safe_text import one_line
from handinger_tui.ui.kit.form_base import FieldBox, FormScreen
from handinger_tui.ui.kit.safe_text_area import SafeTextArea

if TYPE_CHECKING:
    from handinger_tui.api.models import Worker

RUNNING = "Running… the answer comes when the run ends. esc closes this form; the run goes on."
Send = Callable[[str, str], Awaitable["Worker | None"]]


class RunTaskScreen(FormScreen[tuple[str, str], "Worker"]):
    """Sends ``send(input, budget)`` and dismisses with the finished Worker.

    ``error`` (a failed earlier run) shows in the banner and ``outcome_unknown`` keeps the
    "Send again anyway" guard, so the caller can re-open it prefilled after a failure.
    """

    SAVE_LABEL = "Run"
    KEYS_HINT = "ctrl+s run · esc cancel · tab next field"

    def __init__(
        self,
        send: Send,
        *,
        worker_title: str,
        input: str = "",
        budget: str = DEFAULT_BUDGET,
        error: str | None = None,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(title=f"Run {one_line(worker_title, 60) or 'worker'} now", error=error)
        self.send = send
        self.initial_input = input
        self.initial_budget = budget if budget in BUDGETS else DEFAULT_BUDGET
        self.outcome_unknown = outcome_unknown
        self.left_running = False  # closed while the run was under way

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

    def on_mount(self) -> None:
        super().on_mount()
        self.set_sending(False)  # "Send again anyway" when re-opened after an unknown outcome

    def current(self) -> tuple[str, str]:
        budget = self.query_one("#budget", Select).value
        text = self.query_one("#input", TextArea).text
        return text, budget if isinstance(budget, str) else DEFAULT_BUDGET

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
        text, budget = self.current()
        check_task(text, budget)
        return text, budget

    async def submit(self, payload: tuple[str, str]) -> Worker | None:
        text, budget = payload
        self.show_banner(Text(RUNNING))
        return await self.send(text, budget)

    def action_cancel(self) -> None:
        """While the run is under way esc only closes the form; the caller reports the end."""
        if self.sending:
            self.left_running = True
            self.notify("The run goes on; you will be told how it ends.", markup=False, timeout=6)
            self.dismiss(None)
            return
        super().action_cancel()
