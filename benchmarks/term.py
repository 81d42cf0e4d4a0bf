"""A terminal the benchmarks own: a pseudo-terminal, a reader thread, and pyte for the screen.

The program under test runs on the slave side of a pty with ``TERM=xterm-256color`` and a
set window size, exactly as an operator's terminal would run it. A thread reads the master
side as fast as the program writes and stamps each chunk with ``time.monotonic()`` when it
was read, so a timestamp is when the bytes reached the terminal. The main thread feeds the
chunks to a pyte screen and checks conditions on what is shown; a condition's time is the
stamp of the chunk after which it first held.

Like tmux and most modern terminals, this terminal answers Textual's query for synchronized
output (mode 2026), so each frame arrives between ``ESC[?2026h`` and ``ESC[?2026l``;
conditions are checked when a frame is complete, never on half a frame.
"""

from __future__ import annotations

import fcntl
import os
import queue
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pyte

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # "supported, currently reset": what tmux and kitty answer
FRAME_END = b"\x1b[?2026l"
CLK_TCK = os.sysconf("SC_CLK_TCK")

sys.setswitchinterval(0.0002)  # the reader thread gets the GIL back quickly while we parse


class Timeout(Exception):
    """A condition did not hold in time (the screen is in the message)."""


@dataclass
class Chunk:
    at: float
    data: bytes


@dataclass
class Terminal:
    """One program on a pty of ``cols`` x ``rows``; use as a context manager."""

    argv: Sequence[str]
    cols: int = 160
    rows: int = 48
    env: Mapping[str, str] = field(default_factory=dict)
    started: float = 0.0
    bytes_read: int = 0

    def __post_init__(self) -> None:
        self.screen = pyte.Screen(self.cols, self.rows)
        self._stream = pyte.ByteStream(self.screen)
        self._chunks: queue.SimpleQueue[Chunk | None] = queue.SimpleQueue()
        self._pending = b""  # bytes of a frame not yet complete
        self.last_frame_at = 0.0  # when the newest complete frame arrived
        self.closed = False

    def __enter__(self) -> Terminal:
        master, slave = os.openpty()
        winsize = struct.pack("HHHH", self.rows, self.cols, 0, 0)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, winsize)
        env = {**os.environ, **self.env, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        for name in ("TMUX", "TERM_PROGRAM", "TEXTUAL", "NO_COLOR"):
            env.pop(name, None)
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            list(self.argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,  # the pty becomes its controlling terminal
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._reader.join(5)
        os.close(self._master)

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 1 << 20)
            except OSError:  # EIO: the program is gone and the slave closed
                data = b""
            if not data:
                self._chunks.put(None)
                return
            self._chunks.put(Chunk(time.monotonic(), data))
            if SYNC_QUERY in data:
                os.write(self._master, SYNC_REPLY)

    def send(self, keys: bytes) -> float:
        """Write keys as a terminal would on a key press; returns when they were written."""
        at = time.monotonic()
        os.write(self._master, keys)
        return at

    def step(self, timeout: float) -> bool:
        """Take one chunk (waiting up to ``timeout``); True if it completed a frame."""
        if self.closed:
            return False
        try:
            chunk = self._chunks.get(timeout=timeout)
        except queue.Empty:
            return False
        if chunk is None:  # the program is gone: show what it wrote last (a traceback?)
            self.closed = True
            self._stream.feed(self._pending)
            self._pending = b""
            return False
        self.bytes_read += len(chunk.data)
        self._pending += chunk.data
        end = self._pending.rfind(FRAME_END)
        if end >= 0:  # feed whole frames only; the rest waits for its end
            cut = end + len(FRAME_END)
            self._stream.feed(self._pending[:cut])
            self._pending = self._pending[cut:]
        elif b"\x1b[?2026h" not in self._pending:  # output outside any frame
            self._stream.feed(self._pending)
            self._pending = b""
        else:
            return False
        self.last_frame_at = chunk.at
        return True

    def wait_for(self, holds: Callable[[pyte.Screen], bool], timeout: float, what: str) -> float:
        """The time of the frame after which ``holds(screen)`` first held."""
        deadline = time.monotonic() + timeout
        if holds(self.screen):
            return self.last_frame_at
        while (left := deadline - time.monotonic()) > 0 and not self.closed:
            if self.step(min(left, 0.05)) and holds(self.screen):
                return self.last_frame_at
        shown = "\n".join(line.rstrip() for line in self.screen.display)
        gone = "; the program has exited" if self.closed else ""
        raise Timeout(f"{what}: not seen within {timeout:g} s{gone}; the screen:\n{shown}")

    def drain(self, seconds: float, *, parse: bool = True) -> int:
        """Take output for ``seconds`` (the program keeps running); returns the bytes read.

        ``parse=False`` only counts the bytes, so this process does not compete for the CPU
        being measured; the screen is then out of date for good (use it last).
        """
        before = self.bytes_read
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if self.closed or (left <= 0 and self._chunks.empty()):
                break
            if parse:
                self.step(max(left, 0.0))
                continue
            try:
                chunk = self._chunks.get(timeout=max(left, 0.0))
            except queue.Empty:
                continue
            if chunk is None:
                self.closed = True
            else:
                self.bytes_read += len(chunk.data)
        return self.bytes_read - before

    def own_cpu_seconds(self) -> float:
        """User + system CPU of the program's own process (its threads) so far."""
        fields = _stat(self.proc.pid)
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def cpu_seconds(self) -> float:
        """User + system CPU of the program and every process it started, so far.

        A helper process (the ``--demo`` emulator runs in one) counts as the program's own
        work: the live descendants' ``utime + stime`` plus what exited children left in
        their parent's ``cutime + cstime``.
        """
        return sum(_cpu_ticks(pid) for pid in process_tree(self.proc.pid)) / CLK_TCK


def _stat(pid: int) -> list[bytes]:
    """The fields of ``/proc/PID/stat`` after the command name (field 3 is index 0)."""
    with open(f"/proc/{pid}/stat", "rb") as f:
        return f.read().rsplit(b")", 1)[1].split()


def _cpu_ticks(pid: int) -> int:
    """utime + stime + cutime + cstime of one process (0 if it is gone)."""
    try:
        fields = _stat(pid)
    except OSError:
        return 0
    return sum(int(fields[i]) for i in (11, 12, 13, 14))


def process_tree(root: int) -> list[int]:
    """``root`` and its live descendants (from the parent ids in ``/proc``)."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                ppid = int(_stat(int(name))[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += parents.get(pid, [])
    return tree


def text(screen: pyte.Screen) -> list[str]:
    return [line.rstrip() for line in screen.display]


def bottom_row_painted(screen: pyte.Screen) -> bool:
    """A full first frame: Textual paints top to bottom, the Footer is the last row."""
    return bool(screen.display[-1].strip())


__all__ = ["Terminal", "Timeout", "bottom_row_painted", "text"]
