"""A page typed past the last one known is refused, like a non-number (the prompt keeps it)."""

from __future__ import annotations

from handinger_tui.core.paging import parse_page


def test_a_page_past_the_last_known_is_refused_and_the_last_is_taken() -> None:
    assert parse_page("5", 1) == "Page 5 is past the end: there is 1 page."
    assert parse_page("2,500", 2000) == "Page 2,500 is past the end: the last page is 2,000."
    assert parse_page("2000", 2000) == 2000
    assert parse_page("5", None) == 5  # no count known yet: the pane clamps and says so
