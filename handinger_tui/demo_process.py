"""`--demo`: the emulator in a child process, started before the app loads Textual.

The child (``handinger_tui.emulator.demo_child``) imports and seeds the emulator on the
second core while this process paints its first frame; the app reads where it listens
when it connects. The child lives exactly as long as this process: it serves until its
standard input ends, and only this process holds the other end (quitting, a crash,
Ctrl+C and a kill all close it). Stdlib only: this loads before Textual.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

CHILD = "handinger_tui.emulator.demo_child"
# As the app does: no httpx command-line tool (click, rich.syntax, pygments: ~80 ms), and no
# collections while the emulator loads (it enables the collector once it listens).
BOOT = (
    "import gc, sys; gc.disable(); sys.modules.setdefault('httpx._main', None); "
    "from {child} import main; sys.exit(main())"
)
STOP_TIMEOUT = 5.0


@dataclass(frozen=True)
class DemoTarget:
    """Where the demo's emulator listens, and what it holds."""

    base_url: str
    api_key: str = field(repr=False)
    worker_ids: tuple[str, ...]
    stop: Callable[[], None]
    templates: tuple[dict[str, Any], ...] = ()  # what the emulator knows of each worker


class DemoError(Exception):
    """The demo emulator did not start; the message says why, in words."""


class DemoProcess:
    """The demo emulator's child process: ``start()`` first, ``target()`` when connecting."""

    def __init__(self, proc: subprocess.Popen[bytes], log: IO[bytes]) -> None:
        self._proc = proc
        self._log = log  # the child's stderr: read back only if it fails
        self._stopping = threading.Lock()

    @classmethod
    def start(cls) -> DemoProcess:
        """Start the child now; it reports when it listens (read by ``target``)."""
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        # The child needs no key of the operator's: it makes its own.
        env = {k: v for k, v in os.environ.items() if not k.startswith("HANDINGER_")}
        proc = subprocess.Popen(
            [sys.executable, "-c", BOOT.format(child=CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env,
            start_new_session=True,  # the terminal's signals reach the app, which stops it
        )
        return cls(proc, log)

    @property
    def pid(self) -> int:
        return self._proc.pid

    def target(self) -> DemoTarget:
        """Wait until the emulator listens (call it off the UI loop); DemoError if it can't."""
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        try:
            said = json.loads(line) if line else None
        except ValueError:
            said = None
        if not isinstance(said, dict):
            raise DemoError(f"the demo emulator stopped before it listened{self._why()}")
        if "error" in said:
            raise DemoError(f"the demo emulator could not start: {said['error']}")
        try:
            templates = tuple(dict(t) for t in said["templates"])
            ids = tuple(str(t["id"]) for t in templates)
            return DemoTarget(
                str(said["base_url"]), str(said["api_key"]), ids, self.stop, templates
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DemoError(f"the demo emulator said something unexpected ({exc!r})") from None

    def _why(self) -> str:
        """The exit code and the last line the child wrote on stderr, if it ended."""
        try:
            code = self._proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            return ""
        if self._log.closed:  # stopped meanwhile
            return f" (exit code {code})"
        self._log.seek(0)
        lines = self._log.read().decode(errors="replace").strip().splitlines()
        return f" (exit code {code}{': ' + lines[-1] if lines else ''})"

    def stop(self) -> None:
        """End its standard input (it stops), wait for it, kill it if it does not."""
        with self._stopping:
            if self._proc.stdin is not None and not self._proc.stdin.closed:
                with contextlib.suppress(OSError):  # a pipe already broken
                    self._proc.stdin.close()
            try:
                self._proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._log.close()
