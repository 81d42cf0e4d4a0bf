"""A real, private tmux server for tests: its own socket, no user config, always killed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

NO_TMUX = "tmux is not installed: the tmux copy route needs a real tmux server"
# What a session inside the private server must not inherit from the test's own terminal.
OUTER = ("TMUX", "TMUX_PANE", "STY", "SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT")


def require_tmux() -> str:
    """The tmux executable; skips the test (with the reason) only if tmux is absent."""
    exe = shutil.which("tmux")
    if exe is None:
        pytest.skip(NO_TMUX)
    return exe


class TmuxServer:
    """One tmux server on a private socket, started with ``-f /dev/null`` (default options)."""

    def __init__(self, exe: str, socket: Path) -> None:
        self.exe = exe
        self.socket = socket

    def tmux(
        self, *args: str, data: str | None = None, env: Mapping[str, str] | None = None
    ) -> str:
        """Run a tmux command on this server; its stdout (raises on failure)."""
        ran = subprocess.run(
            [self.exe, "-S", str(self.socket), "-f", os.devnull, *args],
            input=data,
            capture_output=True,
            text=True,
            timeout=10,
            env=None if env is None else dict(env),
            check=False,
        )
        if ran.returncode:
            raise RuntimeError(f"tmux {' '.join(args)}: {ran.stderr.strip()}")
        return ran.stdout

    def start(self, command: Sequence[str], env: Mapping[str, str], size: tuple[int, int]) -> None:
        """Start the server with one session running ``command`` in ``env``."""
        width, height = size
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), *command, env=env)

    @property
    def tmux_env(self) -> str:
        """A ``$TMUX`` value naming this server (as a pane inside it would see it)."""
        return f"{self.socket},{os.getpid()},0"

    def buffer(self) -> str | None:
        """The newest paste buffer, or ``None`` when there is none."""
        try:
            return self.tmux("show-buffer")
        except RuntimeError:
            return None

    def screen(self) -> str:
        """The visible text of the active pane."""
        return self.tmux("capture-pane", "-p")

    def wait(self, predicate: Callable[[], bool], what: str, limit: float = 30.0) -> None:
        """Poll until ``predicate()`` holds; fail with ``what`` and the screen after ``limit``."""
        deadline = time.monotonic() + limit
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; screen:\n{self.screen()}")
            time.sleep(0.05)


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any outer tmux, screen or SSH session, plus extra."""
    env = {k: v for k, v in os.environ.items() if k not in OUTER}
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):  # no system clipboard: tmux must carry it
        env.pop(name, None)
    env.update(extra)
    return env


@contextmanager
def tmux_server() -> Iterator[TmuxServer]:
    """A private tmux server (socket in a short temp dir); ``kill-server`` on the way out."""
    exe = require_tmux()
    folder = Path(tempfile.mkdtemp(prefix="hdg-tmux-"))  # short: socket paths are limited
    server = TmuxServer(exe, folder / "s")
    try:
        yield server
    finally:
        if server.socket.exists():
            subprocess.run(
                [exe, "-S", str(server.socket), "kill-server"],
                capture_output=True,
                timeout=10,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
