"""The whole output full screen: what is known of its run, search, copy, raw JSON, $PAGER.

Outputs within the bounded head (``core/output_view``) render as Markdown; a larger one is
shown as cleaned plain text in a view that draws only the lines on screen, and the mode
line says which. Everything shown went through ``core/safe_text``; nothing is markup.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Markdown, Static
from textual.widgets.markdown import MarkdownBlock

from handinger_tui.core.formatting import size
from handinger_tui.core.output_view import HEAD_BYTES, HEAD_LINES, head
from handinger_tui.core.run_facts import (
    MAX_MATCHES,
    UNKNOWN,
    Match,
    RunFacts,
    find_matches,
    run_facts,
    task_candidates,
    worker_json,
)
from handinger_tui.core.safe_text import clean, markdown_source, one_line
from handinger_tui.ui.kit.closes_once import OnceScreen
from handinger_tui.ui.kit.copy_value import CopyValueScreen
from handinger_tui.ui.kit.safe_fields import SafeInput
from handinger_tui.ui.pager import TextView, pager_commands, run_pager

if TYPE_CHECKING:
    from handinger_tui.api.models import TaskWithTurns
    from handinger_tui.core.session import Session

Copy = Callable[[str, str, bool], Awaitable[str]]
"""The explorer's copy route: (value, label, secret) -> the message naming the route."""
Lookup = Callable[[str], Awaitable["TaskWithTurns"]]

HIT = Style(reverse=True, bold=True)
OTHER_HIT = Style(underline=True, bold=True)
HIT_CLASS = "-search-hit"
NO_OUTPUT = "No output. J shows the worker's state as JSON (its error, if any)."


class SearchableText(TextView):
    """Plain lines (cleaned) with the search matches marked; the current one reversed."""

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self._by_line: dict[int, list[int]] = {}
        self._width = 0
        self._current: Match | None = None

    def mark(self, matches: list[Match], width: int, current: Match | None) -> None:
        """Mark `matches` (each `width` columns wide); scroll `current` into view."""
        self._by_line = {}
        for match in matches:
            self._by_line.setdefault(match.line, []).append(match.column)
        self._width = width
        self._current = current
        if current is not None:
            top = max(current.line - self.size.height // 3, 0)
            left = max(current.column + width - self.size.width + 1, 0) if self.size.width else 0
            self.scroll_to(left, top, animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """Only the visible slice of the line is styled and cropped (a JSON line can be 5 MB)."""
        scroll_x, scroll_y = self.scroll_offset
        index, width, base = y + scroll_y, self.size.width, self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        window = self.lines[index][scroll_x : scroll_x + width]
        segments: list[Segment] = []
        at = 0
        for column in self._by_line.get(index, ()):
            start = max(column - scroll_x, at)
            end = min(column - scroll_x + self._width, len(window))
            if end <= start:
                continue
            style = HIT if self._current == Match(index, column) else OTHER_HIT
            segments.append(Segment(window[at:start], base))
            segments.append(Segment(window[start:end], base + style))
            at = end
        segments.append(Segment(window[at:], base))
        return Strip(segments).crop_extend(0, width, base)


def facts_table(title: str, facts: RunFacts) -> Table:
    """The header: the worker, then what is known of the run behind the output."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    table.add_row(Text("Worker"), Text(title))
    for label, value in facts.rows():
        table.add_row(Text(label), Text(value))
    return table


class OutputViewScreen(OnceScreen[None]):
    """One worker's output as it was when opened, with its run, search and copy."""

    DEFAULT_CSS = """
    OutputViewScreen #ov-facts { height: auto; max-height: 9; padding: 0 1; background: $panel; }
    OutputViewScreen #ov-mode { height: 1; padding: 0 1; background: $boost; }
    OutputViewScreen #ov-markdown { height: 1fr; }
    OutputViewScreen #ov-plain, OutputViewScreen #ov-json { height: 1fr; }
    OutputViewScreen #ov-search { dock: bottom; display: none; }
    OutputViewScreen .-search-hit { background: $accent 40%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("slash", "search", "Search"),
        Binding("n", "next_match(1)", "Next"),
        Binding("N", "next_match(-1)", "Previous"),
        Binding("c,y", "copy_all", "Copy all"),
        Binding("J", "toggle_json", "Raw JSON"),
        Binding("p", "pager", "$PAGER"),
    ]

    def __init__(
        self,
        worker_id: str,
        title: str,
        session: Session,
        copy: Copy,
        lookup: Lookup | None = None,
    ) -> None:
        super().__init__()
        self.worker_id = worker_id
        self._title = one_line(title, 120) or worker_id
        self._session = session
        self._copy = copy
        self._lookup = lookup
        worker = session.state.worker(worker_id)
        self.output = worker.output_text if worker is not None else ""
        self._worker = worker
        self._json: str | None = None
        bounded = head(self.output)
        self.markdown = not bounded.truncated  # within the head: render it as Markdown
        self._source = bounded.source if self.markdown else clean(self.output)
        self._looked_up: TaskWithTurns | None = None
        self._lookup_note = ""
        self.json_shown = False
        self.needle = ""
        self.matches: list[Match] = []
        self.current = -1
        self._hit_block: Widget | None = None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="ov-facts")
        yield Static(id="ov-mode")
        if self.markdown:
            with VerticalScroll(id="ov-markdown"):
                if self.output:
                    yield Markdown(self._source, open_links=False)
                else:
                    yield Static(Text(NO_OUTPUT, style="italic"), id="ov-empty")
        else:
            yield SearchableText(self._source, id="ov-plain")
        yield SafeInput(placeholder="Search (enter: find, esc: cancel)", id="ov-search")

    def on_mount(self) -> None:
        candidates = task_candidates(self._session.state, self.worker_id)
        facts = run_facts(self._session.state, self.worker_id)
        known = facts.task_id != UNKNOWN or facts.earlier  # (an earlier run's task: no need)
        if candidates and not known and self._lookup is not None:
            self._lookup_note = f"looking up task {one_line(candidates[0], 60)}…"
            self.run_worker(self._look_up(candidates[0]), group="output-view", exit_on_error=False)
        self.show_facts()
        self.show_mode()
        self._body().focus()
        self.set_interval(2.0, self.show_facts)  # the sweep may learn more while open

    async def _look_up(self, task_id: str) -> None:
        assert self._lookup is not None
        try:
            self._looked_up = await self._lookup(task_id)
            self._lookup_note = ""
        except Exception as exc:
            self._lookup_note = (
                f"looking up task {one_line(task_id, 60)} failed: {one_line(exc, 120)}"
            )
        self.show_facts()

    @property
    def json_text(self) -> str:
        """The worker's state when the view opened, as pretty JSON (made on first use)."""
        if self._json is None:
            self._json = worker_json(self._worker) if self._worker is not None else "{}"
        return self._json

    def _body(self) -> Widget:
        if self.json_shown:
            return self.query_one("#ov-json")
        return self.query_one("#ov-markdown" if self.markdown else "#ov-plain")

    def show_facts(self) -> None:
        facts = run_facts(self._session.state, self.worker_id, self._looked_up)
        table = facts_table(self._title, facts)
        if self._lookup_note:
            table.add_row(Text(""), Text(self._lookup_note, style="italic"))
        self.query_one("#ov-facts", Static).update(table)

    def show_mode(self) -> None:
        total = size(len(self.output.encode("utf-8", "replace")))
        if self.json_shown:
            mode = "Raw JSON of the worker state"
        elif not self.output:
            mode = "No output"
        elif self.markdown:
            mode = f"Markdown · whole output ({total})"
        else:
            mode = (
                f"Plain text · {total} is over the Markdown limit "
                f"({size(HEAD_BYTES)} or {HEAD_LINES} lines): shown as cleaned text"
            )
        line = Text(mode)
        if self.needle:
            line.append(" · ")
            line.append(self.search_status())
        line.append(" · / search  n/N next/prev  c copy  J json  p $PAGER  esc close", "dim")
        self.query_one("#ov-mode", Static).update(line)

    def search_status(self) -> str:
        shown = one_line(self.needle, 40)
        if not self.matches:
            return f"no match for “{shown}”"
        more = "+" if len(self.matches) >= MAX_MATCHES else ""
        return f"“{shown}” {self.current + 1} of {len(self.matches)}{more}"

    # -- search --------------------------------------------------------------------------

    def action_search(self) -> None:
        field = self.query_one("#ov-search", Input)
        field.display = True
        field.value = self.needle
        field.focus()

    @on(Input.Submitted, "#ov-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.search(event.value)
        event.input.display = False
        self._body().focus()

    def search(self, needle: str) -> None:
        """Find `needle` in what is shown and go to its first match."""
        self.needle = needle
        self.matches = find_matches(self._lines(), needle)
        self.current = 0 if self.matches else -1
        self._show_match()

    def action_next_match(self, step: int) -> None:
        if not self.matches:
            if self.needle:
                self.notify(self.search_status(), timeout=3, markup=False)
            return
        self.current = (self.current + step) % len(self.matches)
        self._show_match()

    def _lines(self) -> list[str]:
        if self.json_shown:
            return self.query_one("#ov-json", SearchableText).lines
        if self.markdown:
            return self._source.split("\n")
        return self.query_one("#ov-plain", SearchableText).lines

    def _show_match(self) -> None:
        match = self.matches[self.current] if self.matches else None
        body = self._body()
        if isinstance(body, SearchableText):
            body.mark(self.matches, len(self.needle), match)
        else:
            self._mark_block(match)
        self.show_mode()

    def _mark_block(self, match: Match | None) -> None:
        """Markdown: mark the innermost block holding the match's source line, scroll to it."""
        if self._hit_block is not None:
            self._hit_block.remove_class(HIT_CLASS)
            self._hit_block = None
        if match is None:
            return
        holding = [
            block
            for block in self.query(MarkdownBlock)
            if block.source_range[0] <= match.line < block.source_range[1]
        ]
        if not holding:
            return
        block = min(holding, key=lambda b: b.source_range[1] - b.source_range[0])
        block.add_class(HIT_CLASS)
        self._hit_block = block
        self.query_one("#ov-markdown", VerticalScroll).scroll_to_widget(block, animate=False)

    # -- other actions -------------------------------------------------------------------

    def action_close(self) -> None:
        field = self.query_one("#ov-search", Input)
        if field.display:
            field.display = False
            self._body().focus()
            return
        self.dismiss(None)

    async def action_toggle_json(self) -> None:
        self.json_shown = not self.json_shown
        if self.json_shown and not self.query("#ov-json"):
            await self.mount(SearchableText(self.json_text, id="ov-json"), before="#ov-search")
        for json_view in self.query("#ov-json"):
            json_view.display = self.json_shown
        output = self.query_one("#ov-markdown" if self.markdown else "#ov-plain")
        output.display = not self.json_shown
        self._body().focus()
        self.show_mode()
        if self.needle:  # once laid out, so the match can be scrolled to
            self.call_after_refresh(self.search, self.needle)

    async def action_copy_all(self) -> None:
        value, label = (
            (self.json_text, "worker JSON")
            if self.json_shown
            else (markdown_source(self.output), "output")
        )
        if not value:
            self.notify(f"No {label} to copy.", severity="warning", markup=False)
            return
        message = await self._copy(value, label, False)
        if not isinstance(self.app.screen, CopyValueScreen):  # else the dialog says it
            self.notify(message, timeout=8, markup=False)

    def action_pager(self) -> None:
        """The text in $PAGER (else `less`), cleaned, through a private file (``ui/pager``)."""
        text, what = (self.json_text, "Worker JSON") if self.json_shown else (self.output, "Output")
        if not text:
            self.notify("No output to page.", timeout=3, markup=False)
            return
        failures: list[str] = []
        for command in pager_commands(os.environ):
            try:
                with self.app.suspend():
                    run_pager(command, text)
            except SuspendNotSupported:
                failures.append("no terminal to hand over")
                break
            except OSError as exc:
                failures.append(f"{one_line(shlex.join(command), 60)}: {one_line(exc, 120)}")
                continue
            self.notify(f"{what} shown in {one_line(shlex.join(command), 80)}.", markup=False)
            return
        why = "; ".join(failures) or "no $PAGER and no less found"
        self.notify(f"No pager could run ({why}); the text stays here.", markup=False)


def open_output_view(host: Widget, session: Session | None, copy: Copy) -> None:
    """Open the selected worker's output full screen (or say why not)."""
    wid = session.state.selected if session is not None else None
    if session is None or wid is None:
        host.notify("Select a worker first.", severity="warning", markup=False)
        return
    worker = session.state.worker(wid)
    if worker is None:
        host.notify("This worker's state is not loaded yet.", timeout=3, markup=False)
        return
    tracked = session.registry.get(wid)
    title = tracked.display_name if tracked is not None else wid
    host.app.push_screen(OutputViewScreen(wid, title, session, copy, session.client.tasks.retrieve))
