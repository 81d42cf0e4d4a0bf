"""The first frame: the explorer's frame, drawn before the explorer's modules load.

The explorer (`main.py`) and all it imports cost ~50 ms of CPU to load and ~30 ms to
compose; this screen has the same panes, tabs, list header, status line and footer, laid
out by the same rules (`layout.py`, `styles/main.tcss`), from Textual's own widgets. The
app replaces it with the explorer right after it is painted; the keys typed meanwhile
wait for the explorer (`HandingerApp.on_event`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static, Tab, Tabs

from handinger_tui.ui import actions
from handinger_tui.ui.kit.footer import Footer
from handinger_tui.ui.screens.layout import PANE_TITLES, PANES, set_layout, tab_label
from handinger_tui.ui.workers.columns import WORKER_COLUMNS


class LaunchFooter(Footer):
    """The footer with its keys in the first frame: Textual's waits for a focus change to
    publish the bindings (the explorer's list takes the focus; nothing here does)."""

    _bindings_ready = reactive(True, repaint=False)


def _on_the_list(action: actions.Action) -> bool:
    """Whether the explorer's footer shows `action` while the list has the focus."""
    return not action.panes or "workers" in action.panes


class ShellScreen(Screen[None]):
    """The explorer's frame with no data: what the operator sees for its first ~0.1 s."""

    DEFAULT_CLASSES = "explorer"
    # The keys the explorer's footer shows at launch (the list has the focus); none runs
    # here: input waits for the explorer.
    BINDINGS: ClassVar[list[BindingType]] = [
        binding
        for binding in actions.bindings()
        if binding.show and _on_the_list(actions.BY_ID[binding.id or ""])
    ]
    AUTO_FOCUS: ClassVar[str | None] = None
    DEFAULT_CSS = """
    ShellScreen #shell-header {
        text-style: bold;
        background: $panel;
        background-tint: $foreground 5%;
        color: $foreground;
    }
    ShellScreen .shell-body {
        height: 1fr;
        background: $surface;
        background-tint: $foreground 5%;
    }
    """

    def __init__(self, *, read_only: bool = False) -> None:
        super().__init__()
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        set_layout(self, self.app.size.width, self.app.size.height)
        header = "".join(f" {title} " for _, title in WORKER_COLUMNS)
        with Container(id="panes"):
            with Vertical(id="workers", classes="pane -active") as workers:
                workers.border_title = PANE_TITLES["workers"]
                yield Static(Text(header), id="shell-header")
                yield Static(classes="shell-body")
            tabs = Tabs(*(Tab(tab_label(i, p), id=f"tab-{p}") for i, p in enumerate(PANES, 1)))
            yield tabs
            for name in PANES[1:]:
                side = " -side" if name == "detail" else ""
                with Vertical(id=name, classes=f"pane{side}") as pane:
                    pane.border_title = PANE_TITLES[name]
        yield Static(Text("◌ starting…"), id="status-line")
        yield LaunchFooter()

    def on_mount(self) -> None:
        if self.has_class("-split"):  # the tabs head the column beside the list
            tabs = self.query_one(Tabs)
            tabs.hide("tab-workers")
            tabs.active = "tab-detail"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Under `--read-only` the footer shows no write, as the explorer's does."""
        found = actions.BY_ID.get(str(parameters[0])) if parameters else None
        return not (found is not None and found.writes and self.read_only)

    def on_resize(self) -> None:
        set_layout(self, self.size.width, self.size.height)
