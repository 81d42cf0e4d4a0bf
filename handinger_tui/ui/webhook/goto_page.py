"""The go-to-page prompt of the webhook pane: one page number, digits only.

A number that is not one says why under the field and keeps what was typed; a page past
the last one known is accepted (the pane goes to the last page and says so).
"""

from __future__ import annotations

from handinger_tui.core.paging import parse_page
from handinger_tui.ui.kit.dialogs import PromptScreen

__all__ = ["GoToPageScreen"]


class GoToPageScreen(PromptScreen):
    """Ask for a page of webhook deliveries; `pages` is the last count known, if any."""

    def __init__(self, pages: int | None) -> None:
        span = "" if pages is None else f" (1 to {pages:,})"
        super().__init__(
            "Go to page",
            f"Page of webhook deliveries{span}",
            placeholder="e.g. 2000",
            validate=lambda value: _refusal(value, pages),
        )


def _refusal(value: str, pages: int | None) -> str | None:
    parsed = parse_page(value, pages)
    return parsed if isinstance(parsed, str) else None
