"""`?`: every action, its key (after the user's keymap) and what it does; then the app's own
keys: `:` (command mode) and quit."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from handinger_tui.ui.actions import ACTIONS, APP_BOUND, BY_ID, Action, keys_shown
from handinger_tui.ui.kit.closes_once import OnceModal

# Quit is bound on the app (q, ctrl+q, ctrl+c) and cannot be remapped: its keys are read
# from the app's bindings, and it shows no id.
QUIT = Action("app.quit", "q", "Quit", "quit", "Quit handinger-tui", group="App")


class HelpScreen(OnceModal[None]):
    CSS_PATH = Path(__file__).parent.parent / "styles" / "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(self, app: App[object], *, read_only: bool = False) -> None:
        super().__init__()
        self._rows = (*ACTIONS, *app_rows(app))
        self._keys = self._effective_keys(app, self._rows)
        self._read_only = read_only

    @staticmethod
    def _effective_keys(app: App[object], rows: Sequence[Action]) -> dict[str, str]:
        """Each row's keys after the user's keymap, as the footer shows them."""
        keys = {action.id: keys_shown(app, action) for action in rows if action is not QUIT}
        return keys | {QUIT.id: app_keys(app, QUIT.method)}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            if self._read_only:
                yield Static(Text("Started with --read-only: actions marked ✎ are disabled."))
            yield Static(key_table(self._keys, self._rows))
            yield Static(
                Text(
                    "✎ changes something on the service.  Remap keys by action id in the config "
                    'file: [keys] "worker.create" = "ctrl+n".  ctrl+p opens the command '
                    "palette.  Esc closes.",
                    style="dim",
                ),
                id="help-footer",
            )


def app_rows(app: App[object]) -> tuple[Action, ...]:
    """The app's own keys: those it binds by a remappable id (`:`, command mode), then quit."""
    bound = [b for found in app._bindings.key_to_bindings.values() for b in found]
    by_id = tuple(
        Action(b.id, b.key, b.description, b.action, f"{b.description}: {b.tooltip}", group="App")
        for b in bound
        if b.id in APP_BOUND
    )
    return (*by_id, QUIT)


def app_keys(app: App[object], method: str) -> str:
    """The keys the app binds to `method`, the one its footer shows first."""
    bound = [b for found in app._bindings.key_to_bindings.values() for b in found]
    chosen = sorted((b for b in bound if b.action == method), key=lambda b: not b.show)
    return ", ".join(app.get_key_display(b) for b in chosen)


def _marked(mark: str, description: str) -> Table:
    """The ✎ mark in a column of its own, so a wrapped description keeps its indent."""
    cell = Table.grid()
    cell.add_column(width=2, no_wrap=True)
    cell.add_column(ratio=1)
    cell.add_row(Text(mark), Text(description))
    return cell


def key_table(keys: dict[str, str], rows: Sequence[Action] = ACTIONS) -> Table:
    """Every row by group: its keys, ✎ if it writes, what it does, its id (if remappable)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=10)
    table.add_column(ratio=1)
    table.add_column(style="dim", no_wrap=True)
    group = None
    for action in rows:
        if action.group != group:
            group = action.group
            table.add_row("", "", "")
            table.add_row(Text(group, style="bold underline"), "", "")
        table.add_row(
            Text(keys[action.id]),
            _marked("✎" if action.writes else "", action.help or action.description),
            Text(action.id if action.id in BY_ID or action.id in APP_BOUND else ""),
        )
    return table
