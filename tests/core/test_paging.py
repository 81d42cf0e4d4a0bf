"""The webhook pane's target page apart from the loaded one (core/paging.py), no Textual."""

from __future__ import annotations

from handinger_tui.api.models import WebhookExecutionList
from handinger_tui.core.paging import ExecutionPaging, parse_page
from handinger_tui.core.state import ExplorerState, Key, Kind

W = "w1"
PAGES = 2000


def answer(state: ExplorerState, page: int, *, pages: int = PAGES, empty: bool = False) -> None:
    """Page `page` answered (two deliveries, or none past the end)."""
    logs = (
        [] if empty else [{"id": f"whe_{page}_{i}", "requestStatus": "success"} for i in range(2)]
    )
    body = {"logs": logs, "page": page, "pageCount": pages, "totalCount": pages * 50}
    res = state.resource(Key(Kind.EXECUTIONS, W, page))
    res.value = WebhookExecutionList.model_validate(body)
    res.in_flight = False


def launch(state: ExplorerState) -> int:
    """The coordinator starts the request for the page asked for; returns that page."""
    page = state.page_of(W)
    state.resource(Key(Kind.EXECUTIONS, W, page)).in_flight = True
    return page


def loaded_on(page: int = 1) -> tuple[ExplorerState, ExecutionPaging]:
    state = ExplorerState(selected=W)
    state.execution_page[W] = page
    answer(state, 1)
    answer(state, page)
    paging = ExecutionPaging(state)
    paging.settle(W)
    return state, paging


def test_quick_presses_add_up_and_one_page_is_asked_for_at_a_time() -> None:
    state, paging = loaded_on(1)
    assert paging.move(W, 1) == ""
    assert paging.settle(W) == (True, "")
    assert launch(state) == 2
    for _ in range(4):  # while page 2 loads
        assert paging.move(W, 1) == ""
        assert paging.settle(W) == (False, "")  # only the target moves
    assert state.page_of(W) == 2 and paging.target(W) == 6
    view = paging.view(W)
    assert (view.page, view.target) == (1, 6) and view.value is not None  # rows kept
    assert view.pager() == "page 1 of 2,000 · 100,000 deliveries → going to 6…"
    answer(state, 2)
    assert paging.settle(W) == (True, "")
    assert launch(state) == 6
    answer(state, 6)
    paging.settle(W)
    assert paging.view(W).page == 6 and paging.view(W).pager().startswith("page 6 of 2,000")


def test_moves_from_the_target_not_from_the_loaded_page() -> None:
    state, paging = loaded_on(2)
    paging.move(W, 1)
    paging.settle(W)
    launch(state)  # page 3 in flight: its count is not known from it yet
    paging.move(W, 1)
    assert paging.target(W) == 4
    answer(state, 3)
    paging.settle(W)
    assert state.page_of(W) == 4


def test_back_from_the_target() -> None:
    state, paging = loaded_on(5)
    paging.move(W, -1)
    paging.settle(W)
    launch(state)
    paging.move(W, -1)
    paging.move(W, -1)
    assert paging.target(W) == 2
    assert paging.move(W, -5) == "" and paging.target(W) == 1
    assert paging.move(W, -1) == "Already on the first page."


def test_first_last_and_go_to_ask_for_one_page() -> None:
    state, paging = loaded_on(1)
    assert paging.last(W) == ""
    assert paging.settle(W) == (True, "") and state.page_of(W) == PAGES
    assert paging.last(W) == "Already on the last page."
    assert paging.first(W) == "" and paging.target(W) == 1
    assert paging.go_to(W, 1234) == "" and paging.target(W) == 1234
    paging.settle(W)
    assert state.page_of(W) == 1234


def test_go_to_past_the_known_end_goes_to_the_last_page_and_says_so() -> None:
    _state, paging = loaded_on(1)
    note = paging.go_to(W, 2500)
    assert note == "Page 2,500 is past the end: going to the last page, 2,000."
    assert paging.target(W) == PAGES


def test_a_page_answering_past_the_end_leads_to_the_last_page() -> None:
    """The count grew smaller than the target (or was unknown): the empty answer says so."""
    state = ExplorerState(selected=W)
    paging = ExecutionPaging(state)
    assert paging.pages(W) is None
    assert paging.last(W).startswith("The number of pages is not known yet")
    assert paging.go_to(W, 9) == ""  # count unknown: allowed forward
    paging.settle(W)
    assert launch(state) == 9
    answer(state, 9, pages=3, empty=True)
    asked, note = paging.settle(W)
    assert (asked, note) == (True, "Page 9 is past the end: going to the last page, 3.")
    assert state.page_of(W) == 3
    assert paging.view(W).value is None  # the empty page past the end is never shown


def test_a_forgotten_worker_starts_again_on_page_one() -> None:
    state, paging = loaded_on(1)
    paging.go_to(W, 40)
    paging.settle(W)
    state.forget(W)
    assert paging.target(W) == 1 and paging.pages(W) is None


def test_parse_page() -> None:
    assert parse_page("2000", None) == 2000
    assert parse_page(" 2,000 ", 3000) == 2000
    assert parse_page("12a", 2000) == "Type a page number from 1 to 2,000 (digits only)."
    assert parse_page("", None) == "Type a page number (digits only)."
    assert parse_page("٣", None) == "Type a page number (digits only)."  # not ASCII digits
    assert parse_page("0", 5) == "Pages start at 1: type a page number from 1 to 5."
