"""The command palette (ctrl+p): every registered action with its key (no write under
`--read-only`), and a jump to each tracked worker. Labels are plain text; help lines
(Textual reads them as markup) are escaped.
"""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from handinger_tui.core import views
from handinger_tui.core.safe_text import one_line
from handinger_tui.ui.actions import ACTIONS, COMMAND_MODE, keys_shown
from handinger_tui.ui.screens.main import MainScreen


def highlight(matcher: Matcher, label: str) -> Content:
    """Like `matcher.highlight`, but the label is plain text: a title's markup stays inert."""
    content = Content(label)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


def entry(label: Content, keys: str) -> Content:
    """A palette entry: the label, then its keys as a keycap."""
    return Content.assemble(label, "  ", (f" {keys} ", "reverse"))


def plain_help(text: str) -> str:
    """Help text that Textual's markup parser shows as it is."""
    return escape(one_line(text, 200))


class ExplorerCommands(Provider):
    """Actions by description and id; `Go to <worker>` for every tracked worker.

    Under `--read-only` a write is not listed at all (as in the footer): offering it only
    to refuse it would be noise.
    """

    def _main(self) -> MainScreen | None:
        main = self.app.screen_stack[0] if self.app.screen_stack else None
        return main if isinstance(main, MainScreen) else None

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for action in (*ACTIONS, COMMAND_MODE):
            if action.writes and main.read_only:
                continue
            label = f"{action.description}: {action.help}" if action.help else action.description
            score = max(matcher.match(label), matcher.match(action.id))
            if score > 0:
                yield Hit(
                    score,
                    entry(highlight(matcher, label), keys_shown(self.app, action)),
                    partial(main.run_action, action.method),
                    text=label,
                    help=plain_help(action.id),
                )
        session = main.session
        if session is None:
            return
        for worker_id in session.registry.ids():
            name, _ = views.worker_name(session.state, session.registry, worker_id, 80)
            label = f"Go to {name}"  # as the list names it: a derived name for one tracked by id
            score = max(matcher.match(label), matcher.match(worker_id))
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, label),
                    partial(main.select_worker, worker_id),
                    text=label,
                    help=plain_help(worker_id),
                )
