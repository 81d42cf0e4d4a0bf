"""Webhook delivery pages: where the operator is going (the target) apart from what loaded.

`]`/`[` move the target from the target, so quick presses add up, clamped by the last page
count known. One page of a worker is asked for at a time: a press while a page loads only
moves the target, and when that load ends the target's page is asked for. The rows on
screen stay those of the last page that answered until the target's page answers. A page
past the end (the count shrank, or was not known) leads to the last page, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from handinger_tui.core.state import ExplorerState, Key, Kind

if TYPE_CHECKING:  # annotations only: no pydantic before the first frame
    from handinger_tui.api.models import WebhookExecutionList

FIRST = "Already on the first page."
LAST = "Already on the last page."
COUNT_UNKNOWN = "The number of pages is not known yet: no page of deliveries has loaded."


def past_the_end(page: int, pages: int) -> str:
    return f"Page {page:,} is past the end: going to the last page, {pages:,}."


def parse_page(text: str, pages: int | None) -> int | str:
    """A page number typed by the operator ('2000', '2,000'), or why it is not one.

    With the page count known (`pages`), a page past the last one is refused too.
    """
    digits = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    span = "" if pages is None else f" from 1 to {pages:,}"
    if not digits.isascii() or not digits.isdigit():
        return f"Type a page number{span} (digits only)."
    page = int(digits)
    if page < 1:
        return f"Pages start at 1: type a page number{span}."
    if pages is not None and page > pages:
        last = "there is 1 page" if pages == 1 else f"the last page is {pages:,}"
        return f"Page {page:,} is past the end: {last}."
    return page


@dataclass(frozen=True, slots=True)
class PageView:
    """What the webhook pane shows: the rows of `page`, heading for `target`."""

    value: WebhookExecutionList | None  # the page on screen; None until one answered
    page: int  # the page those rows are
    target: int  # the page the operator asked for
    pages: int | None  # the last page count known

    def pager(self) -> str:
        """'page 7 of 2,000 · 100,000 deliveries → going to 12…'; '' before any page."""
        value = self.value
        if value is None:
            return f"going to page {self.target:,}…" if self.target != 1 else ""
        count = max(self.pages or 1, self.page)
        line = f"page {self.page:,} of {count:,}"
        if value.total_count is not None:
            noun = "delivery" if value.total_count == 1 else "deliveries"
            line += f" · {value.total_count:,} {noun}"
        if self.target != self.page:
            line += f" → going to {self.target:,}…"
        return line


class ExecutionPaging:
    """The target, shown page and known page count of each worker's delivery pages.

    The page asked for is `state.execution_page` (what the coordinator polls); this object
    moves it to the target whenever no request for it is in flight (`settle`).
    """

    def __init__(self, state: ExplorerState) -> None:
        self.state = state
        self._target: dict[str, int] = {}
        self._shown: dict[str, int] = {}
        self._pages: dict[str, int] = {}

    # -- reading -------------------------------------------------------------------------

    def _sync(self, wid: str) -> None:
        """A worker forgotten by the state (untracked, deleted) is forgotten here too."""
        if wid not in self.state.execution_page:
            for records in (self._target, self._shown, self._pages):
                records.pop(wid, None)

    def target(self, wid: str) -> int:
        self._sync(wid)
        return self._target.get(wid, self.state.page_of(wid))

    def pages(self, wid: str) -> int | None:
        """The last page count known (from the page asked for, else page 1), if any."""
        self._sync(wid)
        known = self._pages.get(wid)
        if known is not None:
            return known
        first = self.state.executions(wid, 1)
        return None if first is None else max(int(first.page_count or 0), 1)

    def view(self, wid: str) -> PageView:
        """The rows to show: the last page that answered, never a blank while moving."""
        self._sync(wid)
        page = self._shown.get(wid, self.state.page_of(wid))
        return PageView(self.state.executions(wid, page), page, self.target(wid), self.pages(wid))

    def shown(self, wid: str) -> WebhookExecutionList | None:
        """The page whose rows are on screen (for the details of the row under the cursor)."""
        return self.view(wid).value

    # -- moving --------------------------------------------------------------------------

    def move(self, wid: str, delta: int) -> str:
        """`]`/`[`: from the target, clamped by the count known; a note when it cannot."""
        target, pages = self.target(wid), self.pages(wid)
        new = max(target + delta, 1)
        if pages is not None:
            new = min(new, pages)
        if new == target:
            return FIRST if delta < 0 else LAST
        self._aim(wid, new)
        return ""

    def first(self, wid: str) -> str:
        if self.target(wid) == 1:
            return FIRST
        self._aim(wid, 1)
        return ""

    def last(self, wid: str) -> str:
        pages = self.pages(wid)
        if pages is None:
            return COUNT_UNKNOWN
        if self.target(wid) == pages:
            return LAST
        self._aim(wid, pages)
        return ""

    def go_to(self, wid: str, page: int) -> str:
        """Page `page`; past the last known page: the last one, and a note saying so."""
        pages = self.pages(wid)
        note = ""
        if pages is not None and page > pages:
            note, page = past_the_end(page, pages), pages
        self._aim(wid, max(page, 1))
        return note

    def _aim(self, wid: str, page: int) -> None:
        self.state.execution_page.setdefault(wid, 1)  # marks the worker as paged (`_sync`)
        self._target[wid] = page

    # -- answers -------------------------------------------------------------------------

    def settle(self, wid: str) -> tuple[bool, str]:
        """After a press or an answer: learn from the page asked for, then ask for the
        target if nothing is in flight. Returns (the page asked for changed, a note)."""
        self._sync(wid)
        asked = self.state.page_of(wid)
        res = self.state.resources.get(Key(Kind.EXECUTIONS, wid, asked))
        value = self.state.executions(wid, asked)
        target = self._target.get(wid, asked)
        note = ""
        if value is not None:
            pages = max(int(value.page_count or 0), 1)
            self._pages[wid] = pages
            if asked <= pages or value.logs:
                self._shown[wid] = asked
            if target > pages:
                note, target = past_the_end(target, pages), pages
                self._target[wid] = target
        if target != asked and (res is None or not res.in_flight):
            self.state.execution_page[wid] = target
            return True, note
        return False, note
