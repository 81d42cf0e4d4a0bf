"""Processes by pid, read from /proc: the parent, whether one has exited, ending it."""

from __future__ import annotations

import os
import signal
from pathlib import Path


def ppid_and_state(pid: int) -> tuple[int, str] | None:
    """The parent pid and state letter of `pid`, or None once it is reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[0]


def gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for its reaper counts as exited)."""
    state = ppid_and_state(pid)
    return state is None or state[1] in ("Z", "X")


def kill_if_alive(pid: int) -> None:
    if not gone(pid):
        os.kill(pid, signal.SIGKILL)
