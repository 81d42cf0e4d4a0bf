"""`?`: every action, its key (after the user's keymap) and what it does."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from handinger_tui.ui.actions import ACTIONS, keys_shown


class HelpScreen(ModalScreen[None]):
    CSS_PATH = Path(__file__).parent.parent / "styles" / "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close"),
    ]

    def __init__(self, app: App[object], *, read_only: bool = False) -> None:
        super().__init__()
        self._keys = self._effective_keys(app)
        self._read_only = read_only

    @staticmethod
    def _effective_keys(app: App[object]) -> dict[str, str]:
        """Each action's keys after the user's keymap, as the footer shows them."""
        return {action.id: keys_shown(app, action) for action in ACTIONS}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            if self._read_only:
                yield Static(Text("Started with --read-only: actions marked ✎ are disabled."))
            yield Static(key_table(self._keys))
            yield Static(
                Text(
                    "✎ changes something on the service.  Remap keys by action id in the config "
                    'file: [keys] "worker.create" = "ctrl+n".  ctrl+p opens the command '
                    "palette.  Esc closes.",
                    style="dim",
                ),
                id="help-footer",
            )


def _marked(mark: str, description: str) -> Table:
    """The ✎ mark in a column of its own, so a wrapped description keeps its indent."""
    cell = Table.grid()
    cell.add_column(width=2, no_wrap=True)
    cell.add_column(ratio=1)
    cell.add_row(Text(mark), Text(description))
    return cell


def key_table(keys: dict[str, str]) -> Table:
    """Every action by group: its keys, ✎ if it writes, what it does, its id."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=10)
    table.add_column(ratio=1)
    table.add_column(style="dim", no_wrap=True)
    group = None
    for action in ACTIONS:
        if action.group != group:
            group = action.group
            table.add_row("", "", "")
            table.add_row(Text(group, style="bold underline"), "", "")
        table.add_row(
            Text(keys[action.id]),
            _marked("✎" if action.writes else "", action.help or action.description),
            Text(action.id),
        )
    return table
