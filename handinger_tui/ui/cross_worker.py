"""A full screen across every tracked worker (Problems, Agenda): how complete and fresh the
sweep's picture is, a table of rows, Enter to jump to the worker's pane, Esc to go back.
The worker list's moving keys (j/k, g/G, home/end) move its cursor, remapped as there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from handinger_tui.core import news, triage
from handinger_tui.core.views import Row
from handinger_tui.ui.actions import BY_ID
from handinger_tui.ui.kit import quiet
from handinger_tui.ui.kit.closes_once import OnceScreen
from handinger_tui.ui.kit.keyed_table import KeyedTable

if TYPE_CHECKING:
    from handinger_tui.core.session import Session


class Explorer(Protocol):
    """What a cross-worker view asks of the explorer screen (MainScreen)."""

    def select_worker(self, worker_id: str) -> None: ...

    def select_schedule(self, schedule_id: str) -> None: ...

    def action_pane(self, pane: str) -> None: ...


# Bound by the worker list's ids, so a user's keymap (`[keys] "view.down" = ...`) applies here.
MOVES = ("view.down", "view.up", "view.home", "view.end", "view.first", "view.last")


def moving_bindings() -> list[Binding]:
    """The worker list's moving keys, running this screen's `move`/`jump` on its table."""
    return [
        Binding(a.key, a.method, a.description, show=False, id=a.id, priority=a.priority)
        for a in (BY_ID[action_id] for action_id in MOVES)
    ]


@dataclass(frozen=True, slots=True)
class Target:
    """Where Enter on a row goes: a worker, a pane, and a row there (a schedule id)."""

    worker_id: str
    pane: str
    row: str = ""


class CrossWorkerScreen(OnceScreen[None]):
    """Rows from `build`; refreshed once a second from what the coordinator knows."""

    DEFAULT_CSS = """
    CrossWorkerScreen { layout: vertical; }
    CrossWorkerScreen .cw-title { height: 1; padding: 0 1; text-style: bold; }
    CrossWorkerScreen .cw-coverage { height: 1; padding: 0 1; color: $text-muted; }
    CrossWorkerScreen KeyedTable { height: 1fr; }
    CrossWorkerScreen .cw-empty { height: auto; padding: 1 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back"),
        *moving_bindings(),
    ]
    TITLE_TEXT = ""
    EMPTY = "Nothing among {checked} checked {noun}."  # said when there are no rows
    COLUMNS: ClassVar[list[tuple[str, str]]] = []

    def __init__(self, main: Explorer, session: Session) -> None:
        super().__init__()
        self.main = main
        self.session = session
        self.targets: dict[str, Target] = {}
        # The coverage line re-reads only the workers with news (a quarter of the CPU at 5,000).
        self._coverage = triage.KeptCoverage(session.state, news.reader(session.coordinator))

    def compose(self) -> ComposeResult:
        yield Static(Text(self.TITLE_TEXT), classes="cw-title")
        yield Static(Text(""), classes="cw-coverage", id="coverage")
        yield KeyedTable(self.COLUMNS, id="cw-table")
        yield Static(Text(""), classes="cw-empty", id="cw-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.update_view()
        table = self.query_one(KeyedTable)
        table.focus()
        if table.cursor_key not in self.targets and table.row_count > 1:
            table.move_cursor(row=1)  # past a group heading, onto the first item
        self.set_interval(1.0, self.update_view)

    def build(self, tracked: list[str], now: datetime) -> list[Row]:
        """The rows, and their targets in `self.targets`."""
        raise NotImplementedError

    def update_view(self) -> None:
        session = self.session
        now = session.coordinator.clock.now()
        tracked = session.registry.ids()
        coverage = self._coverage(session.registry, now)
        paused = (
            "  (sweep paused: the service is failing)" if session.coordinator.sweep_paused else ""
        )
        quiet.show(self.query_one("#coverage", Static), Text(coverage.describe(now) + paused))
        rows = self.build(tracked, now)
        noun = "worker" if coverage.checked == 1 else "workers"
        empty = self.EMPTY.format(checked=coverage.checked, noun=noun)
        self.query_one(KeyedTable).sync(rows)
        note = self.query_one("#cw-empty", Static)
        quiet.show(note, Text("" if rows else empty))
        note.display = not rows

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        target = self.targets.get(str(event.row_key.value))
        if target is None:
            return  # a group heading
        event.stop()
        self.dismiss()
        main = self.main
        main.select_worker(target.worker_id)
        main.action_pane(target.pane)
        if target.row:
            main.select_schedule(target.row)

    def action_move(self, step: int) -> None:
        """j/k: the cursor a row down/up, as the arrow keys."""
        table = self.query_one(KeyedTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_jump(self, where: int) -> None:
        """g/home: the first row; G/end: the last (the table's own home/end scroll sideways)."""
        table = self.query_one(KeyedTable)
        if table.row_count:
            table.move_cursor(row=0 if where == 0 else table.row_count - 1)

    def action_close(self) -> None:
        self.dismiss()
