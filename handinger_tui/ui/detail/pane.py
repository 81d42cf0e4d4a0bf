"""The selected worker: template fields, live state, output as Markdown, sources, files, JSON.

The output is rendered as a bounded head (``core/output_view``) keyed by (worker id, output
digest): an unchanged output is not rendered again. Nothing is rendered while the pane is
hidden; a selection change waits :data:`SELECT_DEBOUNCE` before rendering, and a render for
a worker the cursor has left is cancelled. The whole output opens in a pager (``ui/pager``).
"""

from __future__ import annotations

import asyncio
from time import monotonic
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.timer import Timer
from textual.widgets import Static

from handinger_tui.core.output_view import PIECE_LINES, OutputHead, digest, head, pieces, settled
from handinger_tui.core.safe_text import markdown_source, one_line
from handinger_tui.core.state import ACTIVE_STATUSES
from handinger_tui.ui.detail.fields import FieldLines
from handinger_tui.ui.detail.json_tree import add_json
from handinger_tui.ui.kit import quiet
from handinger_tui.ui.kit.line_static import LineStatic
from handinger_tui.ui.kit.pane import Pane
from handinger_tui.ui.pager import action_key

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from textual.widgets import Markdown

    from handinger_tui.api.models import Worker

NO_OUTPUT_TEXT = "No output yet."
PENDING_TEXT = "Rendering the output…"
MARKDOWN_MIN_INTERVAL = 1.0  # seconds between two renders of a growing output
SELECT_DEBOUNCE = 0.15  # seconds the cursor rests on a worker before its output renders
# Moving through the list (moves less than SCROLL_PACE apart), the output waits until the
# cursor has rested SCROLL_REST: a render per row passed over would delay the next key.
SCROLL_PACE = 0.6
SCROLL_REST = 0.5
MIN_TIMER = 0.01  # a Textual timer cannot have a zero delay
FULL_OUTPUT_ACTION = "view.full_output"
RENDER_GROUP = "detail-output"


# What `WorkerDetail.show` is given: worker id, fields, worker, sources, files, instructions.
Shown = tuple[
    str,
    list[tuple[str, str]],
    "Worker | None",
    list[tuple[str, str]],
    list[tuple[str, str, str]],
    str,
]


def _output_of(worker: Worker | None) -> str:
    return (worker.output_text or "") if worker is not None else ""


def output_parser() -> MarkdownIt:
    """GitHub-like Markdown with HTML kept as text: Textual draws no HTML block, and its
    `append` then replaces the block before one (the text before an HTML comment was lost)."""
    from markdown_it import MarkdownIt  # with the Markdown widget: not before the first frame

    return MarkdownIt("gfm-like").disable(["html_block", "html_inline"])


def put(box: Static, content: Text | FieldLines) -> None:
    """Show `content` in `box`: a repaint when it takes the lines the box has, else a layout.

    Every layout reflows the whole screen; the detail boxes are all `height: auto`, so a new
    content needs one only when its height at the box's width differs.
    """
    box.update(content, layout=False)
    box.clear_cached_dimensions()  # the height of what it showed may still be cached
    width, height = box.size
    if not (box.display and width):
        box.refresh(layout=True)
    elif isinstance(content, FieldLines) and content.one_line_each(width):
        if len(content.fields) != height:
            box.refresh(layout=True)
    elif box.get_content_height(box.size, box.size, width) != height:
        box.refresh(layout=True)


class WorkerDetail(VerticalScroll):
    """Renders what the views give it; never calls the client."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._output: str | None = None  # the latest output known, whole
        self._head: OutputHead | None = None  # of `_output`, made when first rendered
        self._growing = False  # its run is under way: the last block shows as text
        self._held = False  # it grew below what the pane shows: rendered once scrolled to
        self._tail = ""  # the block being written, shown once the Markdown above is drawn
        self._rendered: tuple[str, str] | None = None  # (worker id, digest) in the Markdown
        self._holds: str | None = None  # the Markdown's whole source once a render is done
        self._structured: object = object()  # what the tree shows
        self._structured_wanted: object = None
        self._instructions: str | None = None
        self._fields: list[tuple[str, str]] | None = None
        self._worker_id: str | None = None
        self._on_screen = False
        self._timer: Timer | None = None
        self._rendering = False
        self._generation = 0  # of the newest render: an older one stops at its next piece
        # One render touches the Markdown at a time. A render is never cancelled: a
        # CancelledError raised inside Markdown.update/append can reach the app's message
        # loop, which then ends the app without a word.
        self._render_lock = asyncio.Lock()
        self._render_at = 0.0
        self._moved_at = -SCROLL_PACE  # monotonic time of the last selection change
        self._wanted: Shown | None = None  # what to show once on screen again
        self.renders = 0  # Markdown renders started (tests and the benchmark count them)

    def compose(self) -> ComposeResult:
        yield LineStatic(Text("Select a worker."), id="detail-fields")  # an age: one line
        yield Static(Text("Output", style="bold underline"), classes="detail-heading")
        yield Static(Text(""), id="output-size")
        yield Static(Text(NO_OUTPUT_TEXT, style="italic"), id="output-placeholder")
        # A running worker's block still being written, as text (the Markdown goes above).
        yield Static(Text(""), id="output-tail")
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

    def on_mount(self) -> None:
        self.query_one("#output-size", Static).display = False
        self.query_one("#output-tail", Static).display = False

    @property
    def settled(self) -> bool:
        """No deferred or running render (for screenshots and tests)."""
        return self._timer is None and not self._rendering

    # -- visibility ----------------------------------------------------------------------

    def on_show(self, event: events.Show) -> None:
        """The pane is on screen again: render what changed while it was hidden."""
        self._on_screen = True
        if self._wanted is not None:
            wanted, self._wanted = self._wanted, None
            self._apply(wanted)
        self._show_structured(self._structured_wanted)
        self._schedule_output(delay=0.0)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._release_held()

    def on_resize(self, event: events.Resize) -> None:
        self._release_held()

    def on_hide(self, event: events.Hide) -> None:
        """Off screen: drop a waiting render and stop one under way."""
        self._on_screen = False
        self._cancel_render()

    # -- data ----------------------------------------------------------------------------

    def show(
        self,
        worker_id: str,
        fields: list[tuple[str, str]],
        worker: Worker | None,
        sources: list[tuple[str, str]],
        files: list[tuple[str, str, str]],
        instructions: str,
    ) -> None:
        """Show a worker; off screen, only remember it (drawn on the next Show).

        A hidden box still asks for a layout of the whole screen when its content changes
        size, so in one-pane layouts each cursor move in the list re-laid out the screen.
        """
        wanted = (worker_id, fields, worker, sources, files, instructions)
        if not self.is_attached:  # the app is closing: mounting the output tree would fail
            return
        if not self._on_screen:
            self._wanted = wanted
            self._set_output(_output_of(worker))
            return
        self._wanted = None
        self._apply(wanted)

    def _apply(self, shown: Shown) -> None:
        worker_id, fields, worker, sources, files, instructions = shown
        if fields != self._fields:  # FieldLines do not compare by value: compare the fields
            self._fields = fields
            put(self.query_one("#detail-fields", Static), FieldLines(fields))
        output = _output_of(worker)
        growing = worker is not None and (worker.running or worker.status in ACTIVE_STATUSES)
        if worker_id != self._worker_id:
            self._worker_id, self._growing = worker_id, growing
            self._set_output(output)
            self._selection_changed()
        elif output != self._output or growing != self._growing:
            grew = output.startswith(self._output or "")  # else it starts anew: the top moved
            self._growing = growing
            self._set_output(output)
            self._schedule_output(grew=grew)
        if self._held:  # what moved above (the fields) may bring the end into view
            self.call_after_refresh(self._release_held)
        self._show_structured(worker.structured_output if worker is not None else None)
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
            if src.content != text:
                put(src, text)
        fil = self.query_one("#detail-files", Static)
        fil.display = bool(files)
        if files:
            text = Text()
            text.append("Files", style="bold underline")
            text.append("\n")
            for name, media, size in files:
                text.append(f"• {name}  ({media}, {size})\n")
            if fil.content != text:
                put(fil, text)
        if instructions != self._instructions:
            self._instructions = instructions
            put(
                self.query_one("#detail-instructions", Static),
                Text(
                    markdown_source(instructions)
                    or "— (not known here: set when created or edited in this app)"
                ),
            )

    def clear(self, message: str) -> None:
        self._wanted = None
        self._fields = None
        quiet.show(self.query_one("#detail-fields", Static), Text(message))
        if self._worker_id is not None or self._output != "":
            self._worker_id = None
            self._set_output("")
            self._selection_changed()
        self._show_structured(None)
        self.query_one("#detail-sources", Static).display = False
        self.query_one("#detail-files", Static).display = False

    # -- output --------------------------------------------------------------------------

    def _set_output(self, output: str) -> None:
        self._output = output
        self._head = None

    def _selection_changed(self) -> None:
        """Another worker: hide the last one's output and wait for the cursor to rest."""
        self._cancel_render()
        for markdown in self.query("#detail-output"):
            markdown.display = False
        self.query_one("#output-size", Static).display = False
        self.query_one("#output-tail", Static).display = False
        placeholder = self.query_one("#output-placeholder", Static)
        placeholder.display = True
        quiet.show(placeholder, Text(PENDING_TEXT if self._output else NO_OUTPUT_TEXT, "italic"))
        now = monotonic()
        scrolling = now - self._moved_at < SCROLL_PACE
        self._moved_at = now
        self._schedule_output(delay=SCROLL_REST if scrolling else SELECT_DEBOUNCE)

    def _schedule_output(self, delay: float | None = None, *, grew: bool = False) -> None:
        """Render after `delay`, or (a changed output) at most once a MARKDOWN_MIN_INTERVAL;
        an output that only `grew` where the pane does not show waits to be scrolled to."""
        if not self._on_screen:
            return  # rendered on the next Show
        if delay is not None:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(max(delay, MIN_TIMER), self._start_render)
        elif self._timer is None:
            if grew and not self._cut() and self._growth_hidden():  # no parse, no layout
                self._held = True
                return
            wait = self._render_at + MARKDOWN_MIN_INTERVAL - monotonic()
            self._timer = self.set_timer(max(wait, MIN_TIMER), self._start_render)

    def _bounded(self) -> OutputHead | None:
        """The head of the output, made on first use (none while there is no output)."""
        if self._head is None and self._output:
            self._head = head(self._output)
        return self._head

    def _cut(self) -> bool:
        """The head is cut: its size line (at the top, in view) changes as the output grows."""
        bounded = self._bounded()
        return bounded is not None and bounded.truncated

    def _growth_hidden(self) -> bool:
        """The end of the output, where it grows, lies below the lines the pane shows."""
        tail_box = self.query_one("#output-tail", Static)
        markdowns = self.query("#detail-output")
        if tail_box.display:
            end = tail_box.virtual_region.y
        elif markdowns and markdowns.first().display:
            end = markdowns.first().virtual_region.bottom
        else:
            return False
        return end > self.scroll_y + self.scrollable_content_region.height

    def _show_tail(self) -> None:
        tail_box = self.query_one("#output-tail", Static)
        if self._tail:
            put(tail_box, Text(self._tail.rstrip("\n"), style="dim"))
        tail_box.display = bool(self._tail)

    def _release_held(self) -> None:
        if self._held and self._on_screen and not self._growth_hidden():
            self._held = False
            self._schedule_output()

    def _cancel_render(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._rendering:
            self._generation += 1  # the render under way stops at its next piece
            self._rendering = False
            self._rendered = self._holds = None  # half drawn: draw again when wanted

    def _start_render(self) -> None:
        self._timer, self._held = None, False
        if not self._on_screen:
            return
        placeholder = self.query_one("#output-placeholder", Static)
        size_line = self.query_one("#output-size", Static)
        tail_box = self.query_one("#output-tail", Static)
        markdowns = self.query("#detail-output")
        worker_id = self._worker_id or ""
        bounded = self._bounded()
        if bounded is None or not bounded.source:
            self._cancel_render()
            markdowns.set(display=False)
            size_line.display = tail_box.display = False
            placeholder.display = True
            quiet.show(placeholder, Text(NO_OUTPUT_TEXT, style="italic"))
            return
        note = bounded.note(action_key(self.app, FULL_OUTPUT_ACTION))
        quiet.show(size_line, Text(note, style="bold"))
        size_line.display = bool(note)
        # A cut head no longer grows (only its size line does): all of it is Markdown.
        growing = self._growing and not bounded.truncated
        source, tail = settled(bounded.source) if growing else (bounded.source, "")
        previous, holds = self._rendered, self._holds
        if (  # never take back what the Markdown shows (a re-run marks a worker running)
            tail
            and holds is not None
            and previous is not None
            and previous[0] == worker_id
            and len(holds) > len(source)
            and bounded.source.startswith(holds)
        ):
            source, tail = holds, bounded.source[len(holds) :]
        self._tail = tail
        wanted = (worker_id, digest(source))
        if not source:  # no block complete yet: the text alone
            self._cancel_render()
            markdowns.set(display=False)
            placeholder.display = False
            self._show_tail()
            return
        if self._rendered == wanted and markdowns:
            markdowns.set(display=True)
            placeholder.display = False
            self._show_tail()
            return
        self._cancel_render()
        previous, holds = self._rendered, self._holds
        if (
            markdowns
            and previous is not None
            and previous[0] == worker_id
            and holds is not None
            and source.startswith(holds)
        ):
            todo, replace = pieces(source[len(holds) :]), False  # it grew: add the rest
        else:  # the first piece fills the pane at once: one mount, one layout
            first = max(PIECE_LINES, self.size.height)
            rest = source.splitlines(keepends=True)
            head_piece = "".join(rest[:first])
            todo = [head_piece, *pieces(source[len(head_piece) :])]
            replace = True
        self._rendered, self._holds = wanted, None
        self._render_at = monotonic()
        self._rendering = True
        self._generation += 1
        self.renders += 1
        self.run_worker(
            self._render_pieces(todo, replace, source, self._generation),
            group=RENDER_GROUP,
            exit_on_error=False,
        )

    async def _render_pieces(
        self, todo: list[str], replace: bool, source: str, generation: int
    ) -> None:
        """Fill the Markdown a piece at a time: keys are answered between two pieces.

        Only `append` adds text (after `update("")` when replacing): Textual's `append`
        re-parses from the last block it parsed, which `update` does not record.
        """
        async with self._render_lock:
            if generation == self._generation:
                await self._fill(todo, replace, source, generation)

    async def _fill(self, todo: list[str], replace: bool, source: str, generation: int) -> None:
        placeholder = self.query_one("#output-placeholder", Static)
        markdowns = self.query("#detail-output")
        try:
            if markdowns:
                markdown: Markdown = markdowns.first()  # type: ignore[assignment]
            else:
                # Mounted on first use: the Markdown widget is costly to import and style,
                # and the first frame must not wait for it.
                from textual.widgets import Markdown

                markdown = Markdown(
                    id="detail-output", open_links=False, parser_factory=output_parser
                )
                await self.mount(markdown, after=placeholder)
            if replace:
                await markdown.update("")
            for index, piece in enumerate(todo):
                if generation != self._generation:
                    return  # the operator moved on: a newer render (or none) takes over
                await markdown.append(piece)
                if index == 0:
                    markdown.display = True
                    placeholder.display = False
            markdown.display = True
            placeholder.display = False
            if generation == self._generation:
                self._holds = source
                self._show_tail()  # after the blocks it held are drawn above it
        except Exception as exc:  # shown, not raised: the rest of the pane still works
            if generation == self._generation:
                self._rendered = self._holds = None
                placeholder.display = True
                quiet.show(placeholder, Text(f"Could not render the output: {one_line(exc, 200)}"))
        finally:
            if generation == self._generation:
                self._rendering = False

    # -- structured output ---------------------------------------------------------------

    def _show_structured(self, data: object) -> None:
        self._structured_wanted = data
        if data == self._structured or not self._on_screen:
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


class DetailPane(Pane):
    """The Detail pane around :class:`WorkerDetail` (DOM id `#worker-detail`)."""

    TITLE = "Detail"

    def compose(self) -> ComposeResult:
        if self.has_class("-held"):  # composed after the first frame (MainScreen)
            return
        yield WorkerDetail(id="worker-detail")

    @property
    def detail(self) -> WorkerDetail:
        return self.query_one(WorkerDetail)

    @property
    def focus_target(self) -> WorkerDetail:
        return self.detail
