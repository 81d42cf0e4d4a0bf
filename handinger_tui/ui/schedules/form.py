"""Create a schedule: kind, when (follows the kind, with a live preview), budget, input."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, RadioButton, RadioSet, Select, Static, TextArea

from handinger_tui.core import formatting as fmt
from handinger_tui.core.drafts import (
    BUDGETS,
    DEFAULT_BUDGET,
    SCHEDULE_KINDS,
    FieldErrors,
    ScheduleDraft,
    check_schedule,
    cron_preview,
    duration_note,
    local_timezone_name,
)
from handinger_tui.ui.kit.form_base import FieldBox, FormScreen
from handinger_tui.ui.kit.safe_fields import SafeInput
from handinger_tui.ui.kit.safe_text_area import SafeTextArea

if TYPE_CHECKING:
    from handinger_tui.api.models import WorkerSchedule
    from handinger_tui.core.operations import Operations

KINDS = SCHEDULE_KINDS  # in the order offered
KINDS_HINT = "once at a time · once after a delay · repeat every … · repeat on a cron line"


class KindSet(RadioSet):
    """A RadioSet whose highlight is on the pressed kind when it gets the focus.

    Textual's starts on the first button, so Enter on the pre-selected kind picked
    another one.
    """

    def on_focus(self, _: events.Focus) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index  # Textual keeps the highlight here only


def when_prompt(kind: str, zone: str, now: datetime) -> tuple[str, str, str]:
    """The "when" field's label, placeholder and hint for a kind (never a past date)."""
    if kind == "scheduled":
        tomorrow = fmt.aware(now).astimezone() + timedelta(days=1)
        return (
            f"When (local time, {zone})",
            f"{tomorrow:%Y-%m-%d} 09:00 (local time, {zone})",
            f"YYYY-MM-DD HH:MM, read in {zone}",
        )
    if kind == "delayed":
        return (
            "Run once after",
            "90s, 15m, 2h, 1d",
            "a delay from now: 90s, 15m, 1h30m, 1d; a lone number is seconds (max 1 year)",
        )
    if kind == "interval":
        return (
            "Run every",
            "every: 15m, 1h",
            "an interval: 15m, 1h30m, 1d; a lone number is seconds (max 1 year)",
        )
    return (
        "Cron expression (UTC)",
        "cron: 0 8 * * 1-5",
        "minute hour day-of-month month day-of-week, in UTC; the runs below are local",
    )


class ScheduleFormScreen(FormScreen[ScheduleDraft, "WorkerSchedule"]):
    """Create a schedule for ``worker_id``; dismisses with the created schedule."""

    TITLE_TEXT = "New schedule"

    def __init__(
        self,
        ops: Operations,
        worker_id: str,
        *,
        draft: ScheduleDraft | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(title="New schedule")
        self.ops = ops
        self.worker_id = worker_id
        self.clock = clock or (lambda: datetime.now(UTC))
        self.initial_kind = draft.kind if draft is not None and draft.kind in KINDS else "delayed"
        self.initial_when = draft.when if draft is not None else ""
        self.initial_budget = draft.budget if draft is not None else DEFAULT_BUDGET
        self.initial_input = draft.input if draft is not None else ""

    @property
    def kind(self) -> str:
        pressed = self.query_one("#kind", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.initial_kind
        return pressed.id.removeprefix("kind-")

    def fields(self) -> ComposeResult:
        self.zone = local_timezone_name(self.clock())
        label, placeholder, hint = when_prompt(self.initial_kind, self.zone, self.clock())
        kinds = KindSet(
            *(RadioButton(k, value=k == self.initial_kind, id=f"kind-{k}") for k in KINDS),
            id="kind",
        )
        yield FieldBox("kind", "Kind", kinds, hint=KINDS_HINT)
        yield FieldBox(
            "when",
            label,
            SafeInput(self.initial_when, placeholder=placeholder, id="when"),
            hint=hint,
        )
        yield Static(Text(""), id="when-preview", classes="when-preview")
        budget = self.initial_budget if self.initial_budget in BUDGETS else DEFAULT_BUDGET
        yield FieldBox(
            "budget",
            "Budget",
            Select([(b, b) for b in BUDGETS], value=budget, allow_blank=False, id="budget"),
        )
        yield FieldBox(
            "input",
            "Input",
            SafeTextArea(self.initial_input, id="input"),
            hint="the instruction each run gets",  # "required" is said when it is missing
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.update_preview()

    # -- the kind and the preview --------------------------------------------------------

    @on(RadioSet.Changed, "#kind")
    def _kind_changed(self) -> None:
        label, placeholder, hint = when_prompt(self.kind, self.zone, self.clock())
        box = self.box("when")
        box.set_label(label)
        box.set_hint(hint)
        box.set_error(None)
        self.query_one("#when", Input).placeholder = placeholder
        self.update_preview()

    def field_changed(self, name: str) -> None:
        if name == "when":
            self.box("when").set_error(None)
            self.update_preview()

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Each message once: a "when" error the preview already shows is said at the field
        only (typing brings the preview back)."""
        super().show_errors(errors)
        preview = self.query_one("#when-preview", Static)
        if "when" in errors and preview.has_class("-error"):
            preview.display = False

    def update_preview(self) -> None:
        """What the typed "when" means, or why it cannot be read (cron: on every key)."""
        preview = self.query_one("#when-preview", Static)
        text, error = self.describe_when(self.query_one("#when", Input).value)
        preview.update(text)
        preview.set_class(error, "-error")
        preview.display = bool(text.plain)

    def describe_when(self, typed: str) -> tuple[Text, bool]:
        now = self.clock()
        kind = self.kind
        if not typed.strip():
            return Text(""), False
        if kind == "cron":
            try:
                about, runs = cron_preview(typed, now=now)
            except FieldErrors as exc:
                return Text(f"✘ {exc.errors.get('when', exc)}"), True
            text = Text(f"{about} (UTC)", style="bold")
            for run in runs:
                utc, local = fmt.aware(run).astimezone(UTC), fmt.aware(run).astimezone()
                text.append(
                    f"\n  {utc:%a %H:%M} UTC · {local:%a %Y-%m-%d %H:%M} local"
                    f" · {fmt.relative(run, now)}"
                )
            return text, False
        try:
            when = check_schedule(ScheduleDraft(kind=kind, when=typed, input="-"), now=now)
        except FieldErrors as exc:
            message = exc.errors.get("when")
            return (Text(f"✘ {message}"), True) if message else (Text(""), False)
        meaning = self._meaning(when, now)
        note = duration_note(typed) if kind in ("delayed", "interval") else None
        return Text(f"{meaning} ({note})" if note else meaning), False

    def _meaning(self, when: dict[str, Any], now: datetime) -> str:
        kind = when.get("type")
        if kind == "scheduled":
            at = fmt.parse_time(when.get("date"))
            shown = fmt.aware(at).astimezone() if at is not None else None
            stamp = f"{shown:%a %Y-%m-%d %H:%M}" if shown is not None else "?"
            return f"once, {stamp} ({self.zone}) · {fmt.relative(at, now)}"
        if kind == "delayed":
            seconds = int(when.get("delayInSeconds", 0))
            return f"once, {fmt.span(seconds)} after it is created"
        if kind == "interval":
            return fmt.every(int(when.get("intervalSeconds", 0)))
        return ""

    # -- save ----------------------------------------------------------------------------

    def current_draft(self) -> ScheduleDraft:
        budget = self.query_one("#budget", Select).value
        return ScheduleDraft(
            kind=self.kind,
            when=self.query_one("#when", Input).value,
            budget=budget if isinstance(budget, str) else DEFAULT_BUDGET,
            input=self.query_one("#input", TextArea).text,
        )

    def snapshot(self) -> dict[str, str]:
        values = super().snapshot()
        if self.query("#budget"):
            values["budget"] = str(self.query_one("#budget", Select).value)
        return values

    def collect(self) -> ScheduleDraft:
        draft = self.current_draft()
        check_schedule(draft, now=self.clock())
        return draft

    async def submit(self, payload: ScheduleDraft) -> WorkerSchedule:
        return await self.ops.create_schedule(self.worker_id, payload)
