"""``handinger-tui --log FILE`` in a real terminal: the whole session is logged, the key never.

Runs ``python -m handinger_tui`` in a private tmux server against the emulator, the key in
the environment only. Skipped only when tmux is not installed.
"""

from __future__ import annotations

import shlex
import stat
import sys
from pathlib import Path

import httpx

from handinger_tui import __version__
from handinger_tui.emulator import EmulatorServer
from tests.support.tmux import clean_env, tmux_server

PYTHON = shlex.quote(sys.executable)


def test_the_command_line_logs_the_session_without_the_key(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(base_url=emulator.base_url, headers=headers) as http:
        worker_id = str(http.post("/api/workers", json={"title": "Logged run"}).json()["id"])
    log = tmp_path / "session.log"
    status = tmp_path / "status"
    command = (
        f"{PYTHON} -m handinger_tui --base-url {emulator.base_url} --worker {worker_id} "
        f"--log {shlex.quote(str(log))}; echo $? > {shlex.quote(str(status))}"
    )
    env = clean_env(LANG="C.UTF-8", HANDINGER_API_KEY=emulator.api_key)
    with tmux_server() as tmux:
        tmux.start(["sh", "-c", command], env, (120, 40))
        tmux.wait(lambda: "connected" in tmux.screen(), "the app connected")
        tmux.wait(lambda: f"GET /api/workers/{worker_id} -> 200" in log.read_text(), "a request")
        tmux.tmux("send-keys", "q")
        tmux.wait(lambda: status.exists() and status.read_text().strip() != "", "the exit")
    assert status.read_text().strip() == "0"
    text = log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert f"handinger-tui {__version__}: base URL {emulator.base_url}" in text
    assert "API key from HANDINGER_API_KEY" in text
    assert "connection: connected" in text
    assert emulator.api_key not in text and "Bearer" not in text
