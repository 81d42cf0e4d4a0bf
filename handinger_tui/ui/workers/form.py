"""Create or edit a worker template: title, summary, instructions, prompt, visibility, schema.

ctrl+e opens ``$VISUAL``/``$EDITOR`` (fallback ``vi``) on the focused multi-line field and
reads the text back.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.widgets import Input, Select, TextArea

from handinger_tui.core.drafts import FIELD_MAX, VISIBILITIES, WorkerDraft, check_worker
from handinger_tui.ui.kit.form_base import FieldBox, FormScreen
from handinger_tui.ui.kit.safe_fields import SafeInput
from handinger_tui.ui.kit.safe_text_area import SafeTextArea

if TYPE_CHECKING:
    from handinger_tui.api.models import WorkerTemplate
    from handinger_tui.core.operations import Operations

SUFFIXES = {"instructions": ".md", "prompt": ".md", "output_schema": ".json"}
UNKNOWN_VISIBILITY = "(unknown: leave as it is)"
UNKNOWN_FIELD = "not known here: left as it is unless you type"
UNKNOWN_NOTE = (
    "this worker's fields are not known here (tracked by id): empty fields stay as they are"
    " on the service; only what you type is sent"
)


class WorkerFormScreen(FormScreen[WorkerDraft, "WorkerTemplate"]):
    """Create a worker (``worker_id`` None) or edit one; dismisses with the template.

    Editing sends only what changed; when nothing did, it says so and dismisses ``None``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+e", "external_editor", "$EDITOR", priority=True),
    ]
    KEYS_HINT = "ctrl+s save · esc cancel · ctrl+e edit the focused text in $EDITOR"

    def __init__(
        self,
        ops: Operations,
        *,
        worker_id: str | None = None,
        draft: WorkerDraft | None = None,
    ) -> None:
        creating = worker_id is None
        super().__init__(title="New worker" if creating else "Edit worker")
        self.ops = ops
        self.worker_id = worker_id
        self.creating = creating
        if draft is None:
            draft = WorkerDraft()
        self.draft = draft

    @property
    def unknown(self) -> bool:
        """An edit of a worker whose template was never seen here (a title is required)."""
        return not self.creating and not self.draft.title

    def placeholder(self, example: str) -> str:
        """The example when creating; when editing, never an example of another worker."""
        if self.creating:
            return example
        return UNKNOWN_FIELD if self.unknown else ""

    def fields(self) -> ComposeResult:
        d = self.draft
        if self.creating:
            title_hint = "a random name is picked when empty"
        else:
            title_hint = UNKNOWN_NOTE if self.unknown else ""
        yield FieldBox(
            "title",
            "Title",
            SafeInput(d.title, placeholder=self.placeholder("Brand voice analyzer"), id="title"),
            limit=FIELD_MAX["title"],
            hint=title_hint,
        )
        yield FieldBox(
            "summary",
            "Summary",
            SafeInput(d.summary, placeholder=self.placeholder("one line in lists"), id="summary"),
            limit=FIELD_MAX["summary"],
        )
        yield FieldBox(
            "instructions",
            "Instructions",
            SafeTextArea(d.instructions, id="instructions", classes="-tall"),
            limit=FIELD_MAX["instructions"],
            hint="the exact system prompt · ctrl+e opens $EDITOR",
        )
        if self.creating:
            yield FieldBox(
                "prompt",
                "Prompt",
                SafeTextArea(d.prompt, id="prompt"),
                limit=FIELD_MAX["prompt"],
                hint="used when instructions are empty: Handinger writes them from this",
            )
        options = [(v, v) for v in VISIBILITIES]
        if d.visibility not in VISIBILITIES:
            options.insert(0, (UNKNOWN_VISIBILITY, d.visibility))
        yield FieldBox(
            "visibility",
            "Visibility",
            Select(options, value=d.visibility, allow_blank=False, id="visibility"),
        )
        yield FieldBox(
            "output_schema",
            "Output schema (JSON)",
            SafeTextArea(d.output_schema, id="output_schema", language=None),
            hint="Draft-07 JSON Schema; leave empty for free-form",
        )

    def current_draft(self) -> WorkerDraft:
        """What the form holds now."""
        visibility = self.query_one("#visibility", Select).value
        prompts = self.query("#prompt")
        return WorkerDraft(
            title=self.query_one("#title", Input).value,
            summary=self.query_one("#summary", Input).value,
            instructions=self.query_one("#instructions", TextArea).text,
            prompt=self.query_one("#prompt", TextArea).text if prompts else "",
            visibility=visibility if isinstance(visibility, str) else "",
            output_schema=self.query_one("#output_schema", TextArea).text,
        )

    def snapshot(self) -> dict[str, str]:
        values = super().snapshot()
        if self.query("#visibility"):
            values["visibility"] = str(self.query_one("#visibility", Select).value)
        return values

    def collect(self) -> WorkerDraft:
        draft = self.current_draft()
        cached = None if self.worker_id is None else self.ops.session.registry.get(self.worker_id)
        check_worker(draft, creating=self.creating, cached=cached)  # blank = never known
        return draft

    async def submit(self, payload: WorkerDraft) -> WorkerTemplate | None:
        if self.worker_id is None:
            return await self.ops.create_worker(payload)
        return await self.ops.update_worker(self.worker_id, payload)

    def finished(self, result: WorkerTemplate | None) -> None:
        if result is None:
            self.notify("Nothing changed: no request was sent.", markup=False)
        self.dismiss(result)

    # -- $EDITOR -------------------------------------------------------------------------

    def action_external_editor(self) -> None:
        """Edit the focused multi-line field in $VISUAL/$EDITOR, then read it back."""
        area = self.focused
        if not isinstance(area, TextArea) or area.id is None:
            self.notify(
                "Move to a multi-line field (instructions, prompt, output schema) first.",
                markup=False,
            )
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="handinger-", suffix=SUFFIXES.get(area.id, ".txt"))
        path = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(area.text)
            try:
                with self.app.suspend():
                    subprocess.run([*shlex.split(editor), str(path)], check=False)
            except SuspendNotSupported:
                self.notify(
                    "Cannot open $EDITOR here: this terminal cannot hand the screen over. "
                    "Paste the text into the field instead.",
                    severity="warning",
                    markup=False,
                )
                return
            except (OSError, ValueError) as exc:
                self.notify(
                    f"Could not run the editor {editor!r}: {exc}. Set $EDITOR to one that works.",
                    severity="error",
                    markup=False,
                )
                return
            edited = path.read_text(encoding="utf-8", errors="replace")
        finally:
            with contextlib.suppress(OSError):
                path.unlink()
        if edited.endswith("\n") and not area.text.endswith("\n"):
            edited = edited[:-1]  # editors add a final newline
        if edited != area.text:
            area.replace(edited, (0, 0), area.document.end)  # undo-able
        self.set_focus(area)
