"""In a real terminal (tmux): a pasted escape sequence never acts as keys.

tmux pastes the buffer as a bracketed paste (``paste-buffer -p``). The text holds ESC, DEL
(the delete key) and ``y``: before the paste guard, Textual's parser sent DEL and ``y`` on
as key presses, which opened the delete dialog on the worker under the cursor and
confirmed it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx

from handinger_tui.emulator import EmulatorServer
from tests.support.tmux import clean_env, tmux_server

SIZE = (100, 30)


def test_a_pasted_escape_deletes_nothing(emulator: EmulatorServer, tmp_path: Path) -> None:
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(base_url=emulator.base_url, headers=headers) as http:
        worker_id = http.post("/api/workers", json={"title": "Keep me"}).json()["id"]
    pasted = tmp_path / "paste.txt"
    pasted.write_bytes(b"hello\x1b\x7fy")
    with tmux_server() as tmux:
        env = clean_env(HANDINGER_API_KEY=emulator.api_key, LANG="C.UTF-8")
        argv = [sys.executable, "-m", "handinger_tui", "--base-url", emulator.base_url]
        tmux.start([*argv, "--worker", worker_id], env, SIZE)
        tmux.wait(lambda: "Keep me" in tmux.screen(), "the worker listed")
        tmux.wait(lambda: "connected" in tmux.screen(), "the app connected")
        emulator.reset_stats()
        tmux.tmux("load-buffer", "-b", "hostile", str(pasted))
        tmux.tmux("paste-buffer", "-p", "-b", "hostile")
        tmux.tmux("send-keys", "/")  # after the paste: once the filter shows, it was handled
        tmux.wait(lambda: "filter workers" in tmux.screen(), "the filter box")
        screen = tmux.screen()
        assert "Delete worker" not in screen and "Deleted" not in screen
        assert not [r for r in emulator.stats()["routes"] if r.startswith("DELETE")]
        assert worker_id in emulator.worker_ids()
