"""The command line in a real terminal: a piped key, start-up warnings, the exit status.

Each test runs ``python -m handinger_tui`` in its own tmux server (private socket,
``-f /dev/null``) against the emulator, reads the screen with ``capture-pane`` and the
exit status from a file the shell writes. Skipped only when tmux is not installed.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import httpx

from handinger_tui.emulator import EmulatorServer
from tests.support.tmux import TmuxServer, clean_env, tmux_server

SIZE = (140, 40)
PYTHON = shlex.quote(sys.executable)


def _worker(emulator: EmulatorServer) -> str:
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(base_url=emulator.base_url, headers=headers) as http:
        return str(http.post("/api/workers", json={"title": "Terminal test"}).json()["id"])


def _flat(screen: str) -> str:
    """The screen as one line of words (a toast wraps its message over several rows)."""
    return re.sub(r"[\s▌▐│┃▊▎]+", " ", screen)


def _run(tmux: TmuxServer, shell: str, status: Path, **env: str) -> None:
    """Run `shell` in the server; its exit status lands in `status`."""
    script = f"{shell}; echo $? > {shlex.quote(str(status))}"
    tmux.start(["sh", "-c", script], clean_env(LANG="C.UTF-8", **env), SIZE)


def _exit_status(tmux: TmuxServer, status: Path) -> int:
    tmux.wait(lambda: status.exists() and status.read_text().strip() != "", "the exit status")
    return int(status.read_text())


def test_a_key_piped_on_standard_input_leaves_the_keyboard_to_the_app(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    worker_id = _worker(emulator)
    status = tmp_path / "status"
    app = f"{PYTHON} -m handinger_tui --api-key-file - --base-url {emulator.base_url}"
    with tmux_server() as tmux:
        # The key travels in the environment of the shell and a pipe: never in any argv.
        _run(
            tmux,
            f'printf "%s\\n" "$HDG_TEST_KEY" | {app} --worker {worker_id}',
            status,
            HDG_TEST_KEY=emulator.api_key,
        )
        tmux.wait(lambda: worker_id[-8:] in tmux.screen(), "the worker listed")
        tmux.wait(lambda: "connected" in tmux.screen(), "the app connected")
        assert emulator.api_key not in tmux.screen()
        tmux.tmux("send-keys", "q")  # the app reads the terminal, not the drained pipe
        assert _exit_status(tmux, status) == 0


def test_start_up_warnings_are_shown_inside_the_app(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[api]\ncolour = "blue"\n')
    status = tmp_path / "status"
    with tmux_server() as tmux:
        _run(
            tmux,
            f"{PYTHON} -m handinger_tui --api-key {emulator.api_key} "
            f"--base-url {emulator.base_url} --config {shlex.quote(str(config))}",
            status,
        )
        # Not the lines printed on stderr before the UI: the status line and the toasts.
        tmux.wait(lambda: "⚠ Unknown setting api.colour" in tmux.screen(), "the status line")
        tmux.wait(lambda: "Start-up" in tmux.screen(), "the notifications")
        shown = _flat(tmux.screen())
        assert "handinger-tui:" not in shown  # stderr is behind the full-screen UI
        assert "Start-up Unknown setting api.colour" in shown
        assert "Start-up --api-key shows the key to every local user" in shown
        tmux.tmux("send-keys", "q")
        assert _exit_status(tmux, status) == 0


def test_a_crash_exits_with_a_non_zero_status(emulator: EmulatorServer, tmp_path: Path) -> None:
    status = tmp_path / "status"
    crash = (
        "import sys; from handinger_tui.ui.app import HandingerApp; "
        "HandingerApp.on_mount = lambda self: 1 / 0; "
        "from handinger_tui.cli import main; "
        f"sys.exit(main(['--base-url', {emulator.base_url!r}]))"
    )
    with tmux_server() as tmux:
        _run(tmux, f"{PYTHON} -c {shlex.quote(crash)}", status, HANDINGER_API_KEY=emulator.api_key)
        assert _exit_status(tmux, status) == 1
