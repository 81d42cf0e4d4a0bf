"""The explorer: worker list, detail and output, schedules, webhook deliveries.

At 140x34 and larger the four panes share the screen; from 100 columns the list sits
beside one of Detail, Schedules and Webhook (picked with the tabs over it or the keys
2-4); below that one pane shows at a time (`layout.py`). The layout follows resizes live.
It replaces its first frame (`shell.py`) right after that is painted.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Tab, Tabs

from handinger_tui.core import health, list_pace, views
from handinger_tui.core.rest_labels import pane_freshness as freshness  # coarse ages
from handinger_tui.core.safe_text import one_line
from handinger_tui.core.seen_answers import SeenAnswers
from handinger_tui.core.state import Key, Kind, Resource
from handinger_tui.core.triage import STUCK_AFTER
from handinger_tui.ui import actions
from handinger_tui.ui.detail.pane import DetailPane
from handinger_tui.ui.kit.footer import Footer  # recomposed once per change of keys
from handinger_tui.ui.kit.pane import Pane
from handinger_tui.ui.kit.status_line import StatusLine
from handinger_tui.ui.messages import DataChanged
from handinger_tui.ui.schedules.pane import SchedulesPane
from handinger_tui.ui.screens.app_actions import AppActions
from handinger_tui.ui.screens.dispatch import Dispatch
from handinger_tui.ui.screens.layout import PANES, SIDE_PANES, set_layout, tab_label
from handinger_tui.ui.screens.row_actions import RowActions
from handinger_tui.ui.webhook.pane import WebhookPane
from handinger_tui.ui.workers.pane import WorkersPane

if TYPE_CHECKING:
    from handinger_tui.core.session import Session


FILL_PACE = 0.05  # seconds between renders until the screen's first answers are in


class MainScreen(RowActions, AppActions, Dispatch):  # the actions, then the one dispatch
    DEFAULT_CLASSES = "explorer"  # laid out by styles/main.tcss, as its first frame is
    BINDINGS: ClassVar[list[BindingType]] = [
        *actions.bindings(),  # escape (back) is view.back there
    ]
    # Keys on the first frame go to the list, not its hidden filter box (the first focusable).
    AUTO_FOCUS: ClassVar[str | None] = "#worker-table"

    def __init__(self, *, read_only: bool = False) -> None:
        super().__init__()
        self.read_only = read_only
        self.session: Session | None = None
        self.sort_mode = "status"
        self.sort_descending = False
        self.errors_only = False  # the webhook pane shows only failed deliveries
        self.filter_text = ""
        self.token_revealed = False
        self.active_pane = "workers"
        self.side_pane = "detail"  # the pane beside the list in the split layout
        self._named = ""  # the worker the pane titles name
        self.stuck_after = STUCK_AFTER  # `[refresh] stuck_after`, set by the app
        self._dirty = False
        self._heard = SeenAnswers()  # an answer the same as the last one renders no pane
        self._missed_ticks = False  # a tick skipped under a full screen: catch up on return
        self._note = ""
        self._pace = list_pace.ListPace()  # a long list is rebuilt whole only every few seconds
        self._filling = True  # what is on screen waits for its first answers

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Classes first, so the children are styled once for the right layout.
        set_layout(self, self.app.size.width, self.app.size.height)
        # The list, the tabs, the status line and the footer first; Detail, Schedules and
        # Webhook keep their places as empty boxes until `_compose_held`, right after.
        self.call_after_refresh(self._compose_held)  # first in line after its first frame
        with Container(id="panes"):
            yield WorkersPane(id="workers", classes="pane -active")
            # After the list: in the split layout the tabs head the column beside it.
            yield Tabs(*(Tab(tab_label(i, p), id=f"tab-{p}") for i, p in enumerate(PANES, 1)))
            yield DetailPane(id="detail", classes="pane -side -held")
            yield SchedulesPane(id="schedules", classes="pane -held")
            yield WebhookPane(id="webhook", classes="pane -held")
        yield StatusLine(Text("◌ starting…"), id="status-line")
        yield Footer()

    class Whole(Message):
        """Every pane is composed: the app replays the input it held."""

    async def _compose_held(self) -> None:
        """Right after the explorer's first frame the held panes compose their contents
        (the session attaches once they are whole)."""
        try:
            for name in SIDE_PANES:
                pane = self._pane(name)
                pane.remove_class("-held")
                await pane.recompose()
            self._fit_panes()  # a resize before now found nothing to fit
        finally:
            self.post_message(self.Whole())  # bubbles to the app

    def on_mount(self) -> None:
        self._layout_tabs()
        self._apply_layout(self.size.width, self.size.height)
        self.ticker = self.set_interval(1.0, self._tick)  # ages, stale marks, the agenda

    def on_resize(self) -> None:
        self._apply_layout(self.size.width, self.size.height)
        self.call_after_refresh(self._fit_list)  # once the panes have their new sizes
        self.call_after_refresh(self._fit_panes)

    # -- the panes, by type -------------------------------------------------------------

    @property
    def workers_pane(self) -> WorkersPane:
        return self.query_one(WorkersPane)

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def schedules_pane(self) -> SchedulesPane:
        return self.query_one(SchedulesPane)

    @property
    def webhook_pane(self) -> WebhookPane:
        return self.query_one(WebhookPane)

    def _pane(self, name: str) -> Pane:
        """One of PANES (the screen's own children, placed in `compose`)."""
        return self.query_one(f"#{name}", Pane)

    def _fit_list(self) -> None:
        self.workers_pane.fit()

    def _fit_panes(self) -> None:
        """Inputs, cron in words, tasks and errors narrow so no pane scrolls sideways."""
        # A table is missing before the held panes compose (`_compose_held` fits them
        # then) and while the app closes mid-compose: nothing to fit either time.
        with contextlib.suppress(NoMatches):
            self.schedules_pane.fit()
            self.webhook_pane.fit()

    def _apply_layout(self, width: int, height: int) -> None:
        if set_layout(self, width, height):
            self._layout_tabs()
            if not self.wide:  # the pane that had the focus stays in view
                self.action_pane(self.active_pane)
        self._schedule_visible_check()

    def _schedule_visible_check(self) -> None:
        table = self.workers_pane.table
        self.call_after_refresh(table._check_visible)

    def _layout_tabs(self) -> None:
        tabs = self.query_one(Tabs)
        if self.split:  # the tabs head the column beside the list: no Workers tab
            tabs.active = f"tab-{self.side_pane}"
            tabs.hide("tab-workers")
        else:
            tabs.show("tab-workers")
        self._label_detail_tab()

    def _name_panes(self, name: str) -> None:
        """Pane titles (and the Detail tab) name the selected worker; `name` is clean text."""
        if name == self._named:
            return
        self._named = name
        for pane in SIDE_PANES:
            self._pane(pane).name_worker(name)
        self._label_detail_tab()

    def _label_detail_tab(self) -> None:
        """Narrow: the Detail tab names the worker (split: the pane title under it does)."""
        name = "" if self.split else one_line(self._named, 16)
        label = "2 Detail" + (f" · {name}" if name else "")
        tab = self.query_one("#tab-detail", Tab)
        if self.wide or tab.label.plain == label:  # a relabel lays out the whole screen
            return
        tab.label = Text(label)

    @property
    def wide(self) -> bool:
        return self.has_class("-wide")

    def pane_shown(self, pane: str) -> bool:
        """Whether the layout shows `pane` now (narrow: only the active one)."""
        if self.wide or pane == self.active_pane:
            return True
        return self.split and pane in ("workers", self.side_pane)

    @property
    def split(self) -> bool:
        return self.has_class("-split")

    # -- session -------------------------------------------------------------------------

    def attach(self, session: Session, note: str = "") -> None:
        """Start showing a session (called once the client is ready)."""
        self.session = session
        self._note = note + ("  read-only: changes disabled" if self.read_only else "")
        self.refresh_all()
        table = self.workers_pane.table
        session.state.visible = table.visible_keys()  # the first requests are for these rows
        if self.active_pane == "workers":  # a pane key typed at launch keeps its pane
            table.focus()
        if table.row_count:
            key = table.cursor_key
            if key is not None:
                self._select(key)

    def on_data_changed(self, message: DataChanged) -> None:
        """The coordinator has news; coalesce into one render after this refresh.

        Until what is on screen has its first answers, one render per FILL_PACE (each
        frame then costs more than an answer), and the answer that completes it at once."""
        self._heard.heard(message.key)
        session = self.session
        if self._filling and session is not None and session.coordinator.screen_answered():
            self._filling = False
            self._dirty = True
            self.call_later(self._render_if_dirty)
        elif not self._dirty:
            self._dirty = True
            if self._filling:
                self.set_timer(FILL_PACE, self._render_if_dirty)
            else:
                self.call_after_refresh(self._render_if_dirty)

    def _render_if_dirty(self) -> None:
        """The coalesced render, unless a whole render since has shown the news already;
        news that changes no pane (the same answer again) moves only the freshness."""
        session = self.session
        if not self._dirty or session is None:
            return
        state = session.state
        paged = Kind.EXECUTIONS  # the selected worker's pages: each answer moves paging on
        if self._heard.anything_new(
            state, lambda key: key.kind is paged and key.worker_id == state.selected
        ):
            self._refresh_paced()
        else:
            self._dirty = False
            self._render_freshness()

    def refresh_all(self) -> None:
        self._dirty = False
        session = self.session
        if session is None:
            return
        now = session.coordinator.clock.now()
        self._pace.follow(session.coordinator)  # rows are rebuilt where there is news
        rows = self._pace.rows(
            session.state,
            session.registry,
            now,
            shown=self.workers_pane.table.visible_keys(),
            filter_text=self.filter_text,
            sort="name" if self.sort_mode == "name" else "status",
        )
        rows = health.sort_rows(
            rows,
            session.state,
            now,
            mode=self.sort_mode,
            descending=self.sort_descending,
            stuck_after=self.stuck_after,
        )
        if rows:
            note = ""
        elif self.filter_text:
            note = f"No worker matches {self.filter_text!r} (Esc clears the filter)."
        else:
            note = "No workers tracked yet: start with --worker ID (or try --demo)."
        pane = self.workers_pane
        pane.show(
            rows,
            sort_column=health.SORT_COLUMNS.get(self.sort_mode),
            descending=self.sort_descending,
            note=note,
        )
        cursor = pane.table.cursor_key
        if cursor is not None and cursor != session.state.selected:
            self._select(cursor)  # rows re-sorted under a cursor that did not move
            return
        self._render_selected()
        self._render_freshness()

    def _render_selected(self) -> None:
        session = self.session
        if session is None:
            return
        state, now = session.state, session.coordinator.clock.now()
        wid = state.selected
        detail = self.detail_pane.detail
        schedules = self.schedules_pane
        panel = self.webhook_pane.panel
        if wid is None:
            detail.clear(
                "No worker selected. Track workers with --worker ID"
                if not session.registry.ids()
                else "Select a worker."
            )
            schedules.clear()
            panel.show_webhook(None, revealed=False, loaded=True, error=None)
            panel.show_failing("")
            panel.show_executions([], "", 1, 1)
            self._fit_panes()
            self._name_panes("")
            return
        worker = state.worker(wid)
        self._name_panes(views.worker_name(state, session.registry, wid, 40)[0])
        detail.show(
            wid,
            views.detail_fields(state, session.registry, wid, now),
            worker,
            views.sources(worker),
            views.files(worker),
            views.instructions(session.registry, wid),
        )
        sched_res = state.resources.get(Key(Kind.SCHEDULES, wid))
        sched_rows = views.schedule_rows(state.schedules(wid), now)
        loaded = sched_res is not None and sched_res.loaded
        if loaded:
            note = "" if sched_rows else "No schedules."
        elif sched_res is not None and sched_res.error:
            note = f"Could not load the schedules yet: {sched_res.error}"
        else:
            note = "Loading schedules…"
        schedules.show(sched_rows, note)
        hook_res = state.resources.get(Key(Kind.WEBHOOK, wid))
        panel.show_webhook(
            state.webhook(wid),
            revealed=self.token_revealed,
            loaded=hook_res is not None and hook_res.loaded,
            error=hook_res.error if hook_res is not None else None,
        )
        panel.show_failing(health.failing_note(state.executions(wid, 1), now))
        self._show_executions(panel, wid, now)  # ui/webhook/paging.py
        self._fit_panes()

    def _render_freshness(self) -> None:
        session = self.session
        if session is None:
            return
        state, clock = session.state, session.coordinator.clock
        now, mono = clock.now(), clock.monotonic()
        wid = state.selected

        def res(*keys: Key) -> list[Resource[object]]:
            return [state.resources[k] for k in keys if k in state.resources]

        rows = [r for r in res(*(Key(Kind.WORKER, w) for w in state.visible)) if not r.gone]
        panes = {"workers": freshness(rows, now, mono)}
        if wid is not None:
            panes["detail"] = freshness(res(Key(Kind.WORKER, wid)), now, mono)
            panes["schedules"] = freshness(res(Key(Kind.SCHEDULES, wid)), now, mono)
            panes["webhook"] = freshness(
                res(Key(Kind.WEBHOOK, wid), Key(Kind.EXECUTIONS, wid, state.page_of(wid))),
                now,
                mono,
            )
        for pane in PANES:
            lead = "errors only" if pane == "webhook" and self.errors_only else ""
            self._pane(pane).show_freshness(panes.get(pane, ""), lead=lead)
        self.query_one(StatusLine).show(
            session.base_url, state.connection, session.coordinator.in_flight, now, self._note
        )

    def _tick(self) -> None:
        """Once a second: ages and countdowns move (no request is sent from here)."""
        if self.session is not None:
            self._refresh_paced()

    def on_screen_resume(self) -> None:
        """Back from a full screen (Agenda, Problems, the output): the news it hid, at once
        (after a dialog or a form, which hide nothing, no extra render)."""
        if self._missed_ticks:
            self._refresh_paced()

    def _refresh_paced(self) -> None:
        """The whole list when due (see `core.list_pace`), else only the rows on screen;
        nothing under a full screen (Agenda, Problems): the return shows the news."""
        session, top = self.session, self.app.screen
        if session is None or (top is not self and not top.is_modal):
            self._missed_ticks = session is not None
            return
        self._missed_ticks = False
        table = self.workers_pane.table
        shown = table.visible_keys()
        now = session.coordinator.clock.now()
        moved = self._pace.moved(session.state, session.registry, now)
        tracked = len(session.registry)
        if self._pace.whole_due(tracked, moved=moved):
            self.refresh_all()
            return
        self._dirty = False
        table.patch(self._pace.rows_of(session.state, session.registry, shown, now))
        self._render_selected()
        self._render_freshness()

    # -- selection and visibility --------------------------------------------------------

    @on(WorkersPane.WorkerHighlighted)
    def _row_highlighted(self, event: WorkersPane.WorkerHighlighted) -> None:
        """The frame with the moved cursor goes out first; the panes follow in the next one.

        After a burst of keys only the worker the cursor rests on is rendered; while a key
        is held, the panes wait until the cursor rests (no render between two moves).
        """
        worker_id = event.worker_id
        table = self.workers_pane.table

        def follow() -> None:
            if table.cursor_key == worker_id:
                self._select(worker_id)

        table.after_move(follow)

    @on(WorkersPane.WorkerChosen)
    def _row_selected(self) -> None:
        if not self.wide:
            self.action_pane("detail")

    def select_worker(self, worker_id: str) -> None:
        """Put the cursor on a worker (after create, track or undo)."""
        self.refresh_all()
        self.workers_pane.table.select_key(worker_id)
        self._select(worker_id)

    def show_status(self, text: Text) -> None:
        """A word on the status line before a session is attached (starting, failed)."""
        self.query_one(StatusLine).update(text)

    def action_problems(self) -> None:
        from handinger_tui.ui.problems.screen import ProblemsScreen  # opened, not first frame

        if self.session is not None:
            problems = ProblemsScreen(self, self.session, stuck_after=self.stuck_after)
            self.app.push_screen(problems)

    def action_agenda(self) -> None:
        from handinger_tui.ui.agenda.screen import AgendaScreen  # opened, not first frame

        if self.session is not None:
            self.app.push_screen(AgendaScreen(self, self.session))

    def _select(self, worker_id: str) -> None:
        session = self.session
        if session is None or session.state.selected == worker_id:
            return
        session.state.selected = worker_id
        self.token_revealed = False
        self._render_selected()
        self._render_freshness()
        session.coordinator.poke()

    @on(WorkersPane.VisibleChanged)
    def _visible_changed(self, event: WorkersPane.VisibleChanged) -> None:
        if self.session is not None:
            self.session.state.visible = event.keys
            self.session.coordinator.poke()

    # -- actions -------------------------------------------------------------------------

    def action_pane(self, pane: str) -> None:
        self.active_pane = pane
        self.refresh_bindings()  # the footer shows the keys of this pane
        if pane in SIDE_PANES:
            self.side_pane = pane
        for name in PANES:
            self._pane(name).set_class(name == pane, "-active")
            self._pane(name).set_class(name == self.side_pane, "-side")
        tabs = self.query_one(Tabs)
        shown = self.side_pane if self.split else pane  # split: the tabs are the side's
        if tabs.active != f"tab-{shown}":
            tabs.active = f"tab-{shown}"
        widget = self._pane(pane).focus_target
        if widget.display and widget.focusable:
            widget.focus()
        self._schedule_visible_check()
        self.call_after_refresh(self._fit_panes)  # a pane just shown fits its width

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Clicking into a pane makes it the active one (tab continues from there)."""
        for pane in PANES:
            if self._pane(pane) in event.widget.ancestors_with_self:
                if pane != self.active_pane:  # Textual refreshes the footer after any focus
                    self.active_pane = pane
                    self.refresh_bindings()
                if self.wide:
                    for name in PANES:
                        self._pane(name).set_class(name == pane, "-active")

    def action_cycle_pane(self, step: int) -> None:
        index = PANES.index(self.active_pane) if self.active_pane in PANES else 0
        self.action_pane(PANES[(index + step) % len(PANES)])

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab.id != event.tabs.active:  # stale: another tab was activated since
            return
        pane = (event.tab.id or "tab-workers").removeprefix("tab-")
        if pane != (self.side_pane if self.split else self.active_pane):
            self.action_pane(pane)
