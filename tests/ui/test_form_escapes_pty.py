"""In a real terminal: no escape sequence from the server or a paste reaches it via a form.

The explorer runs as ``python -m handinger_tui`` on a pseudo-terminal against the emulator,
where a worker's webhook URL holds OSC 0 (terminal title), OSC 52 (clipboard), ``ESC[2J``
(clear screen), the 8-bit CSI U+009B and U+202E. Every byte the app writes is captured
while the webhook form (``w``) shows that URL, while hostile text is pasted into it
(bracketed paste) and into the run form's multi-line input (``R``). None of the payloads
may be there; their visible stand-ins (``␛]0;PWNED␇``) must be.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from handinger_tui.emulator import EmulatorServer
from tests.support.emulator import TEST_API_KEY

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 60.0  # generous: the machine may be busy; waits end as soon as the bytes arrive
URL = "https://hooks.example.com/h/X\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2JY\x9b31m\u202eZ"
PASTE_C1 = "PASTE\x9d0;P2\x07\x9d52;c;UEFTVEU=\x07\x9b2J\u202eEND"  # 8-bit OSC/CSI, BEL
PASTE_ESC = "MORE\x1b]0;P3\x07\x1b[2JFIN"  # 7-bit ESC inside the paste
PASTE_LINES = "first\x9d0;RUN\x07\r\nsecond\u202e\x9b2Jthird\tTAB-END"
# Byte strings that may only be in the output if a payload was written raw.
RAW = [
    b"\x1b]0;PWNED",
    b"\x1b]52;c;ZXZpbA==",
    b"\x1b[2JY",
    b"\x1b]0;P3",
    b"\x1b[2JFIN",
    b"PWNED\x07",
    b"P2\x07",
    "\x9b".encode(),  # C1 as UTF-8: Textual itself never writes these
    "\x9d".encode(),
    "\u202e".encode(),
]


class Terminal:
    """A child process on a pty; everything it writes is kept, and keys can be sent."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the child closed the pty
                data = b""
            with self.changed:
                self.output.extend(data)
                self.changed.notify_all()
            if not data:
                return

    def mark(self) -> int:
        with self.changed:
            return len(self.output)

    def wait_for(self, text: str, since: int = 0) -> int:
        """Wait until ``text`` (as UTF-8) is written after offset ``since``; its offset."""
        wanted = text.encode()

        def found() -> bool:
            return wanted in self.output[since:] or self.proc.poll() is not None

        with self.changed:
            if not self.changed.wait_for(found, timeout=LIMIT) or wanted not in self.output[since:]:
                tail = bytes(self.output[-1500:]).decode("utf-8", "replace")
                raise AssertionError(f"{text!r} never appeared (exit {self.proc.poll()}): {tail!r}")
            return self.output.index(wanted, since)

    def send(self, data: str) -> None:
        os.write(self.master, data.encode())

    def paste(self, text: str) -> None:
        self.send(f"\x1b[200~{text}\x1b[201~")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        os.close(self.master)
        self.reader.join(10)


@pytest.fixture
def hostile_worker(emulator: EmulatorServer) -> str:
    auth = {"Authorization": f"Bearer {emulator.api_key}"}
    with httpx.Client(base_url=emulator.base_url, headers=auth) as http:
        wid: str = (
            http.post("/api/workers", json={"title": "Hostile"}).raise_for_status().json()["id"]
        )
        http.put(f"/api/workers/{wid}/webhook", json={"url": URL}).raise_for_status()
    return wid


@pytest.fixture
def terminal(emulator: EmulatorServer, hostile_worker: str) -> Iterator[Terminal]:
    env = dict(os.environ, TERM="xterm-256color", HANDINGER_API_KEY=TEST_API_KEY)
    env["PYTHONPATH"] = str(ROOT)
    argv = [sys.executable, "-m", "handinger_tui", "--base-url", emulator.base_url]
    term = Terminal([*argv, "--worker", hostile_worker], env, size=(140, 40))
    yield term
    term.close()


def test_forms_never_write_escapes_from_the_server_or_a_paste(terminal: Terminal) -> None:
    # The webhook pane (display sanitizer) shows the URL once the worker is loaded.
    terminal.wait_for("␛]0;PWNED")

    start = terminal.mark()
    terminal.send("w")
    terminal.wait_for("Replace the webhook URL", start)
    terminal.wait_for("deliveries are POSTed here", start)  # the field's hint, below it
    assert_no_leak(terminal)
    terminal.wait_for("␛]0;PWNED␇␛]52;c;ZXZpbA==␇", start)  # the prefilled field
    terminal.wait_for("holds control", start)  # and it says so at the field

    pasted = terminal.mark()
    terminal.paste(PASTE_C1)
    terminal.wait_for("END", pasted)
    assert_no_leak(terminal)
    terminal.wait_for("␛]52;c;UEFTVEU=␇", pasted)
    pasted = terminal.mark()
    terminal.paste(PASTE_ESC)
    terminal.wait_for("FIN", pasted)

    closing = terminal.mark()
    terminal.send("\x1b")  # esc: the form holds typed text, so it asks first
    asked = terminal.wait_for("Discard this form?", closing)
    terminal.send("y")
    terminal.wait_for("␛]0;PWNED", asked)  # the explorer is painted again

    running = terminal.mark()
    terminal.send("R")  # run now
    terminal.wait_for("what the worker should do", running)
    terminal.paste(PASTE_LINES)
    terminal.wait_for("TAB-END", running)

    assert_no_leak(terminal)
    assert "␛]0;RUN␇".encode() in terminal.output  # the pasted 8-bit OSC, visible


def assert_no_leak(terminal: Terminal) -> None:
    output = bytes(terminal.output)
    leaked = [raw for raw in RAW if raw in output]
    assert not leaked, f"raw payload bytes reached the terminal: {leaked}"
