"""The webhook pane's paging keys on the explorer: `]`/`[`, first/last page, go to page N.

Mixed into MainScreen (under ui/webhook/actions.py). Keys move the target page
(`core.paging`); the page asked for follows it one request at a time, and the rows of the
last page that answered stay on screen ("page 7 of 2,000 → going to 12…") until the
target's page answers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from handinger_tui.core import views
from handinger_tui.core.paging import ExecutionPaging, parse_page
from handinger_tui.ui.kit.explorer import ExplorerBase
from handinger_tui.ui.webhook.pane import WebhookPanel

if TYPE_CHECKING:
    from handinger_tui.api.models import WebhookExecutionList


class WebhookPaging(ExplorerBase):
    """Delivery pages of the selected worker: keys, and the rows the pane shows."""

    _paging: ExecutionPaging | None = None
    # The rows of the page last shown and the local day they were made for: the same page
    # (one parsed object per answer) gives the same rows all day (its times show no age).
    _rows_made: tuple[WebhookExecutionList | None, date, list[views.Row]] | None = None
    errors_only: bool = False  # the pane shows only failed deliveries (ui/webhook/actions.py)

    @property
    def paging(self) -> ExecutionPaging | None:
        """The paging of the session's state (a new state starts anew)."""
        session = self.session
        if session is None:
            return None
        if self._paging is None or self._paging.state is not session.state:
            self._paging = ExecutionPaging(session.state)
        return self._paging

    def _paged(self) -> tuple[ExecutionPaging, str] | None:
        paging, wid = self.paging, self._selected()
        return None if paging is None or wid is None else (paging, wid)

    def action_page(self, delta: int) -> None:
        if (found := self._paged()) is not None:
            self._moved(found[1], found[0].move(found[1], delta))

    def action_first_page(self) -> None:
        if (found := self._paged()) is not None:
            self._moved(found[1], found[0].first(found[1]))

    def action_last_page(self) -> None:
        if (found := self._paged()) is not None:
            self._moved(found[1], found[0].last(found[1]))

    def action_goto_page(self) -> None:
        if (found := self._paged()) is None:
            return
        paging, wid = found
        from handinger_tui.ui.webhook.goto_page import GoToPageScreen  # asked, not first frame

        def done(value: str | None) -> None:
            page = parse_page(value or "", None)
            session = self.session
            if isinstance(page, int) and session is not None and session.state.selected == wid:
                self._moved(wid, paging.go_to(wid, page))

        self.app.push_screen(GoToPageScreen(lambda: paging.pages(wid)), done)

    def _moved(self, wid: str, note: str) -> None:
        """A key moved the target (or could not: `note` says why)."""
        if note:
            self.notify(note, timeout=4, markup=False)
        self._render_selected()
        self._render_freshness()

    def _execution_rows(self, page: WebhookExecutionList | None, now: datetime) -> list[views.Row]:
        """`views.execution_rows`, made again only for another page or another day."""
        day, made = now.astimezone().date(), self._rows_made
        if made is not None and made[0] is page and made[1] == day:
            return made[2]
        rows = views.execution_rows(page, now)
        self._rows_made = (page, day, rows)
        return rows

    def shown_executions(self, wid: str) -> WebhookExecutionList | None:
        paging = self.paging
        return None if paging is None else paging.shown(wid)

    def _show_executions(self, panel: WebhookPanel, wid: str, now: datetime) -> None:
        """The deliveries on screen; asks for the target's page once nothing is in flight."""
        paging, session = self.paging, self.session
        if paging is None or session is None:
            return
        asked, note = paging.settle(wid)
        if asked:
            session.coordinator.poke()
        if note:
            self.notify(note, timeout=6, markup=False)
        view = paging.view(wid)
        rows = self._execution_rows(view.value, now)
        logs = [] if view.value is None else view.value.logs
        passed = {e.id for e in logs if e.id and e.request_status == "success"}
        shown = [r for r in rows if r.key not in passed] if self.errors_only else rows
        hidden = len(rows) - len(shown)
        pages = max(view.pages or 1, view.target)
        panel.show_executions(shown, view.pager(), view.target, pages, hidden=hidden)
