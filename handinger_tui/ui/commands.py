"""The command palette (ctrl+p): every registered action, and a jump to each tracked worker."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from handinger_tui.core.safe_text import one_line
from handinger_tui.ui.actions import ACTIONS

if TYPE_CHECKING:
    from handinger_tui.ui.screens.main import MainScreen


def highlight(matcher: Matcher, label: str) -> Content:
    """Like `matcher.highlight`, but the label is plain text: a title's markup stays inert."""
    content = Content(label)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class ExplorerCommands(Provider):
    """Actions by description and id; `Go to <worker>` for every tracked worker."""

    def _main(self) -> MainScreen | None:
        main = getattr(self.app, "main_screen", None)
        return main

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for action in ACTIONS:
            label = f"{action.description}: {action.help}" if action.help else action.description
            score = max(matcher.match(label), matcher.match(action.id))
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, label),
                    partial(main.run_action, action.method),
                    help=action.id,
                )
        session = main.session
        if session is None:
            return
        for worker_id in session.registry.ids():
            tracked = session.registry.get(worker_id)
            name = one_line(tracked.display_name if tracked is not None else worker_id, 80)
            label = f"Go to {name}"
            score = max(matcher.match(label), matcher.match(worker_id))
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, label),
                    partial(main.select_worker, worker_id),
                    help=one_line(worker_id),
                )
