"""The selected worker: template fields, live state, output as Markdown, sources, files, JSON."""

from __future__ import annotations

import time
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from handinger_tui.core.safe_text import markdown_source, one_line
from handinger_tui.ui.widgets import quiet

NO_OUTPUT_TEXT = "No output yet."
MARKDOWN_MIN_INTERVAL = 1.0  # seconds between two renders of a growing output


def field_table(fields: list[tuple[str, str]]) -> Table:
    """Label and value columns; long values wrap under themselves. Values are plain Text."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in fields:
        table.add_row(Text(label), Text(value))
    return table


class WorkerDetail(VerticalScroll):
    """Renders what the views give it; never calls the client."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._output: str | None = None
        self._structured: object = object()
        self._instructions: str | None = None
        self._fields: list[tuple[str, str]] | None = None
        self._worker_id: str | None = None
        self._markdown_at = 0.0
        self._markdown_pending = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Select a worker."), id="detail-fields")
        yield Static(Text("Output", style="bold underline"), classes="detail-heading")
        yield Static(Text(NO_OUTPUT_TEXT, style="italic"), id="output-placeholder")
        yield Static(
            Text("Structured output", style="bold underline"),
            classes="detail-heading",
            id="structured-heading",
        )
        yield Static(Text(""), id="detail-sources")
        yield Static(Text(""), id="detail-files")
        yield Static(
            Text("Instructions", style="bold underline"),
            classes="detail-heading",
            id="instructions-heading",
        )
        yield Static(Text(""), id="detail-instructions")

    @property
    def settled(self) -> bool:
        """No deferred render is waiting (for screenshots and tests)."""
        return not self._markdown_pending

    def show(
        self,
        worker_id: str,
        fields: list[tuple[str, str]],
        worker: Any,
        sources: list[tuple[str, str]],
        files: list[tuple[str, str, str]],
        instructions: str,
    ) -> None:
        if fields != self._fields:  # a Table does not compare by value: compare the fields
            self._fields = fields
            self.query_one("#detail-fields", Static).update(field_table(fields))
        if worker_id != self._worker_id:
            self._worker_id = worker_id
            self._markdown_at = 0.0  # another worker: show its output at once
        output = getattr(worker, "output_text", None) if worker is not None else None
        if output != self._output:
            self._output = output
            self._render_output()
        self._show_structured(getattr(worker, "structured_output", None) if worker else None)
        src = self.query_one("#detail-sources", Static)
        src.display = bool(sources)
        if sources:
            text = Text()
            text.append("Sources", style="bold underline")
            text.append("\n")
            for title, url in sources:
                text.append("• ")
                text.append(title)
                text.append("  ")
                text.append(url, style="underline")
                text.append("\n")
            quiet.show(src, text)
        fil = self.query_one("#detail-files", Static)
        fil.display = bool(files)
        if files:
            text = Text()
            text.append("Files", style="bold underline")
            text.append("\n")
            for name, media, size in files:
                text.append(f"• {name}  ({media}, {size})\n")
            quiet.show(fil, text)
        if instructions != self._instructions:
            self._instructions = instructions
            self.query_one("#detail-instructions", Static).update(
                Text(
                    markdown_source(instructions)
                    or "— (not known here: set when created or edited in this app)"
                )
            )

    def clear(self, message: str) -> None:
        self._fields = None
        quiet.show(self.query_one("#detail-fields", Static), Text(message))
        self._output = None
        self._render_output()
        self._show_structured(None)
        self.query_one("#detail-sources", Static).display = False
        self.query_one("#detail-files", Static).display = False

    def _render_output(self) -> None:
        """Re-render the Markdown at most once a second: a growing output re-lays out a lot."""
        now = time.monotonic()
        wait = self._markdown_at + MARKDOWN_MIN_INTERVAL - now
        if wait > 0:
            if not self._markdown_pending:
                self._markdown_pending = True
                self.set_timer(wait, self._flush_output)
            return
        self._markdown_at = now
        placeholder = self.query_one("#output-placeholder", Static)
        placeholder.display = not self._output
        markdowns = self.query("#detail-output")
        if not self._output:
            markdowns.set(display=False)
            return
        source = markdown_source(self._output)
        if not markdowns:
            # Mounted on first use: the Markdown widget is costly to import and style, and
            # the first frame must not wait for it.
            from textual.widgets import Markdown

            self.mount(Markdown(source, id="detail-output", open_links=False), after=placeholder)
            return
        markdown = markdowns.first()
        markdown.display = True
        if markdown.source != source:  # type: ignore[attr-defined]
            markdown.update(source)  # type: ignore[attr-defined]

    def _flush_output(self) -> None:
        self._markdown_pending = False
        self._render_output()

    def _show_structured(self, data: object) -> None:
        if data == self._structured:
            return
        self._structured = data
        heading = self.query_one("#structured-heading", Static)
        heading.display = data is not None
        trees = self.query("#detail-structured")
        trees.set(display=data is not None)
        if data is None:
            return
        if trees:
            tree = trees.first()
        else:
            from textual.widgets import Tree  # mounted on first use, like the Markdown

            tree = Tree(Text("structured_output"), id="detail-structured")
            self.mount(tree, after=heading)
        tree.clear()  # type: ignore[attr-defined]
        add_json(tree.root, data)  # type: ignore[attr-defined]
        tree.root.expand_all()  # type: ignore[attr-defined]


def add_json(node: Any, data: object, depth: int = 0) -> None:
    """Add a JSON value under a tree node; every label is plain Text."""
    if depth > 30:
        node.add_leaf(Text("…"))
        return
    if isinstance(data, dict):
        for key, value in data.items():
            label = Text(one_line(key, 80), style="bold")
            if isinstance(value, dict | list):
                label.append(
                    f" {'{…}' if isinstance(value, dict) else f'[{len(value)}]'}", style="dim"
                )
                add_json(node.add(label), value, depth + 1)
            else:
                label.append(" = ")
                label.append(_scalar(value))
                node.add_leaf(label)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list):
                add_json(node.add(Text(f"[{index}]", style="bold")), value, depth + 1)
            else:
                node.add_leaf(Text(f"[{index}] ").append(_scalar(value)))
    else:
        node.add_leaf(Text(_scalar(data)))


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + one_line(value, 500) + '"'
    return one_line(value, 100)
