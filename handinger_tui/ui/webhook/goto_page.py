"""The go-to-page prompt of the webhook pane: one page number, digits only.

A number that is not one, or a page past the last one known, says why under the field and
keeps what was typed. The count is read when OK is pressed (deliveries may have come since
the prompt opened); with no count known yet, any page is taken (the pane goes to the last
page and says so when it turns out past the end).
"""

from __future__ import annotations

from collections.abc import Callable

from handinger_tui.core.paging import parse_page
from handinger_tui.ui.kit.dialogs import PromptScreen

__all__ = ["GoToPageScreen"]


class GoToPageScreen(PromptScreen):
    """Ask for a page of webhook deliveries; `pages()` gives the last count known, if any."""

    def __init__(self, pages: Callable[[], int | None]) -> None:
        count = pages()
        span = "" if count is None else f" (1 to {count:,})"
        super().__init__(
            "Go to page",
            f"Page of webhook deliveries{span}",
            placeholder="e.g. 2000",
            validate=lambda value: _refusal(value, pages()),
        )


def _refusal(value: str, pages: int | None) -> str | None:
    parsed = parse_page(value, pages)
    return parsed if isinstance(parsed, str) else None
