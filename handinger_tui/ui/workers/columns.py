"""The worker list's columns: (key, header). Light: the first frame draws the header too."""

from __future__ import annotations

from typing import Final

WORKER_COLUMNS: Final = [
    ("status", "Status"),
    ("title", "Worker"),
    ("changed", "Changed"),
    ("next", "Next run"),
    ("hook", "Deliveries"),  # the last ten results, oldest first, and the last one's age
]
