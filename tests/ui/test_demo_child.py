"""`handinger-tui --demo` in a real terminal: its emulator child ends with the app.

Quitting with `q`, Ctrl+C and a crash each leave no emulator process behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from handinger_tui.demo_process import CHILD
from tests.support.emulator import wait_until
from tests.support.processes import gone, kill_if_alive, ppid_and_state
from tests.support.tmux import TmuxServer, clean_env, tmux_server

# The app, made to crash when `:` is pressed (after the list is shown).
CRASHING = (
    "import sys; from handinger_tui import cli; from handinger_tui.ui.app import HandingerApp; "
    "HandingerApp.action_command_mode = lambda self: 1 / 0; sys.exit(cli.main(['--demo']))"
)


def demo_children(root: int) -> list[int]:
    """Live processes under ``root`` running the demo emulator."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if CHILD.encode() not in cmdline:
            continue
        up, state = pid, ppid_and_state(pid)
        if state is None or state[1] in ("Z", "X"):
            continue
        while up > 1 and up != root:
            parent = ppid_and_state(up)
            up = parent[0] if parent else 0
        if up == root:
            found.append(pid)
    return found


def started(tmux: TmuxServer, command: list[str]) -> int:
    """Start ``command`` in the pane; wait for the demo list; the emulator child's pid."""
    tmux.start(command, clean_env(), (100, 30))
    pane = int(tmux.tmux("display-message", "-p", "#{pane_pid}").strip())
    tmux.wait(lambda: "Deliveries" in tmux.screen() and "starting" not in tmux.screen(), "list")
    children = wait_until(lambda: demo_children(pane), 10, "the demo emulator child")
    assert len(children) == 1
    return children[0]


@pytest.mark.parametrize(("keys", "how"), [(["q"], "q"), (["C-c"], "ctrl+c")])
def test_quitting_stops_the_demo_emulator(keys: list[str], how: str) -> None:
    app = str(Path(sys.executable).parent / "handinger-tui")
    with tmux_server() as tmux:
        child = started(tmux, [app, "--demo"])
        try:
            tmux.tmux("send-keys", *keys)
            wait_until(lambda: gone(child), 15, f"the emulator to stop after {how}")
        finally:
            kill_if_alive(child)


def test_a_crash_stops_the_demo_emulator() -> None:
    with tmux_server() as tmux:
        child = started(tmux, [sys.executable, "-c", CRASHING])
        try:
            tmux.tmux("send-keys", ":")
            wait_until(lambda: gone(child), 15, "the emulator to stop after the crash")
        finally:
            kill_if_alive(child)
