"""Copy really reaches tmux: the app runs inside a real tmux server and `tmux show-buffer` is read.

Each test starts its own tmux server (private socket, ``-f /dev/null``), runs the explorer in
it against the emulator, presses the copy key and reads the paste buffer. Skipped only when
tmux is not installed.
"""

from __future__ import annotations

import re
import sys

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from tests.support.tmux import TmuxServer, clean_env, tmux_server

SIZE = (120, 40)


def _worker(emulator: EmulatorServer, title: str) -> tuple[str, str]:
    """A new worker's id and email address."""
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(base_url=emulator.base_url, headers=headers) as http:
        worker = http.post("/api/workers", json={"title": title}).json()
        email = http.get(f"/api/workers/{worker['id']}/email").json()["email"]
    return worker["id"], email


def _flat(screen: str) -> str:
    """The screen as one line of words: a toast wraps its message over several rows, and
    over the pane's border (box-drawing and block characters are dropped)."""
    words = re.sub(r"[\s\u2500-\u259f]+", " ", screen)
    # A pane's border label ("updated just now", partly covered by the toast) can sit
    # between two words of the toast.
    # The toast may cut that label anywhere ("update", "upd").
    return re.sub(
        r" ?upd(?:a(?:t(?:e(?:d)?)?)?)?\b(?: (?:just|now|<1|min|ago|\d+[hd]?))*", "", words
    )


def _run_app(tmux: TmuxServer, emulator: EmulatorServer, worker_id: str) -> None:
    """Start the explorer in the server (the key comes from the environment, not argv)."""
    env = clean_env(HANDINGER_API_KEY=emulator.api_key, LANG="C.UTF-8")
    command = [
        sys.executable,
        "-m",
        "handinger_tui",
        "--base-url",
        emulator.base_url,
        "--worker",
        worker_id,
    ]
    tmux.start(command, env, SIZE)
    # Listed by its title (derived from the id's cache: "≈ title"); the id itself may wrap.
    tmux.wait(lambda: "never run" in tmux.screen(), "the worker listed")
    tmux.wait(lambda: "connected" in tmux.screen(), "the app connected")


@pytest.mark.parametrize("set_clipboard", ["external", "on"])
def test_copy_email_inside_tmux_reaches_the_paste_buffer(
    emulator: EmulatorServer, set_clipboard: str
) -> None:
    """Default options (external, no passthrough) and `set-clipboard on` both get the value."""
    title = f"Tmux copy {set_clipboard}"
    worker_id, email = _worker(emulator, title)
    with tmux_server() as tmux:
        _run_app(tmux, emulator, worker_id)
        assert tmux.tmux("show-options", "-gv", "allow-passthrough").strip() == "off"
        if set_clipboard != "external":
            tmux.tmux("set-option", "-s", "set-clipboard", set_clipboard)
        assert tmux.tmux("show-options", "-sv", "set-clipboard").strip() == set_clipboard
        tmux.tmux("send-keys", "y")
        tmux.wait(lambda: tmux.buffer() == email, "the email in tmux's paste buffer")
        toasts: list[str] = []

        def told() -> bool:  # the toast names tmux's buffer and how far the value went
            toasts.append(_flat(tmux.screen()))
            return "paste buffer" in toasts[-1] and f"set-clipboard {set_clipboard}" in toasts[-1]

        tmux.wait(told, "the toast naming tmux and set-clipboard")
        assert "Copy the email address by hand" not in toasts[-1]  # confirmed: no dialog


def test_set_clipboard_off_says_the_value_stops_in_tmux(emulator: EmulatorServer) -> None:
    title = "Tmux copy off"
    worker_id, email = _worker(emulator, title)
    with tmux_server() as tmux:
        _run_app(tmux, emulator, worker_id)
        tmux.tmux("set-option", "-s", "set-clipboard", "off")
        tmux.tmux("send-keys", "y")
        tmux.wait(lambda: tmux.buffer() == email, "the email in tmux's paste buffer")
        tmux.wait(lambda: "set-clipboard is off" in _flat(tmux.screen()), "the toast")
