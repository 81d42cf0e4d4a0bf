"""Several worker ids or dashboard URLs typed or pasted at once into the track prompt.

The text is split on whitespace (an id never holds any) and each item goes through
:func:`core.workers_file.parse_workers`, the ``--workers-file`` rules: an item that is
not a worker reference, a URL on a host that is not a Handinger dashboard, or one given
twice is reported by its position and the rest are tracked. Items already tracked are
reported too and not tracked again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Final

from handinger_tui.core.safe_text import one_line
from handinger_tui.core.workers_file import parse_workers

__all__ = ["Pasted", "parse_pasted"]

_LINE: Final = re.compile(r"\bline (\d+)\b")  # parse_workers numbers lines; here: items


@dataclass(frozen=True)
class Pasted:
    """What to track, what was tracked already, and one problem per item left out."""

    ids: tuple[str, ...]  # new ids, in the order given
    tracked: tuple[str, ...]  # ids given that are tracked already
    problems: tuple[str, ...]  # "item 2: 'x y' is neither a worker id nor a dashboard URL"

    @property
    def items(self) -> int:
        return len(self.ids) + len(self.tracked) + len(self.problems)

    def summary(self) -> str:
        """One line: what was left out and why (empty when nothing was)."""
        left_out = [
            *self.problems,
            *(f"{one_line(w, 60)} is already tracked" for w in self.tracked),
        ]
        if not left_out:
            return ""
        count = "1 item" if len(left_out) == 1 else f"{len(left_out)} items"
        return one_line(f"{count} left out: {'; '.join(left_out)}", 400)


def parse_pasted(
    text: str, *, tracked: Collection[str], dashboard_host: Callable[[str], bool]
) -> Pasted:
    """The new ids in ``text`` (split on whitespace), with a report of the rest."""
    items = "\n".join(text.split())
    parsed = parse_workers(items, "pasted", dashboard_host=dashboard_host)
    problems = tuple(_LINE.sub(r"item \1", problem) for problem in parsed.problems)
    new = tuple(worker_id for worker_id in parsed.ids if worker_id not in tracked)
    already = tuple(worker_id for worker_id in parsed.ids if worker_id in tracked)
    return Pasted(new, already, problems)
