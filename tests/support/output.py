"""Worker outputs for the output-view and pager tests: a big report, a recording $PAGER."""

from __future__ import annotations

from typing import Any

import httpx

from handinger_tui.emulator import EmulatorServer

# Escape sequences (title, clipboard, clear screen, C1 CSI) and a bidi override: none may
# reach the terminal.
HOSTILE_TAIL = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b31m \u202eend\n"

# A pager that records what it was given: the file's mode, its bytes and its path.
RECORDER = """
import json, os, stat, sys
path = sys.argv[-1]
with open(path, "rb") as handle:
    data = handle.read().decode("utf-8")
record = {"mode": stat.S_IMODE(os.stat(path).st_mode), "text": data, "path": path}
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump(record, out)
"""


def report(marker: str, size: int) -> str:
    """Markdown of about `size` bytes whose every line names `marker`."""
    paragraph = f"Finding for {marker}: the figures moved a little this week, see the table.\n\n"
    body = paragraph * (size // len(paragraph) + 1)
    return (f"# Report {marker}\n\n" + body)[:size]


def worker_with_output(server: EmulatorServer, title: str, output: str) -> dict[str, Any]:
    """A worker whose last run completed with exactly `output` (set in the emulator's store)."""
    auth = {"Authorization": f"Bearer {server.api_key}"}
    with httpx.Client(base_url=server.base_url, headers=auth, timeout=30) as http:
        worker: dict[str, Any] = http.post("/api/workers", json={"title": title}).json()
        task = http.post("/api/tasks", json={"workerId": worker["id"], "input": "Report"})
        assert task.status_code == 200, task.text
    task_id = server.store.workers[worker["id"]].last_task_id or ""
    turn_id = server.store.tasks[task_id].turn_ids[-1]
    server.store.turns[turn_id].answer = output
    server.advance_clock(120)  # the run completes
    return worker
