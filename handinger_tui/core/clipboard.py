"""Copy a value to the operator's clipboard, and say honestly which route worked.

Routes, in order:

* over SSH (``SSH_TTY``, ``SSH_CONNECTION`` or ``SSH_CLIENT`` set): OSC 52, then pyperclip
  (pyperclip there would reach the *remote* machine's clipboard, if any);
* locally: pyperclip, then OSC 52.

**pyperclip** runs in a daemon thread with a timeout (a broken ``DISPLAY`` can hang xclip;
a daemon thread never blocks app exit the way the default executor would). The helper
processes pyperclip starts (xclip, xsel, wl-copy, pbcopy, ...) are made quiet: their stderr
goes to a temporary file instead of the terminal (so "Error: Can't open display" never
paints over the UI; a file, not a pipe, because xclip's background child keeps the pipe
open), stdout to ``/dev/null``, they get a new session (no controlling terminal), a
non-zero exit status counts as failure (pyperclip itself ignores it), and on timeout they
are killed. Any exception from ``pyperclip.copy`` is a failure.

**OSC 52** writes ``ESC ] 52 ; c ; <base64> BEL`` through ``osc52_writer`` (the UI passes
a function writing raw bytes to the terminal). Inside tmux the sequence is wrapped for
passthrough (``ESC P tmux; ... ESC \\`` with inner ESCs doubled); inside GNU screen it is
cut into DCS chunks. Values above ``osc52_max_bytes`` (UTF-8) are refused. The terminal
never confirms an OSC 52 write, and the message says so.

If nothing worked, ``CopyResult.show_value`` holds the value so the UI can show it for
manual selection (behind an explicit reveal when ``secret``). Messages never contain a
secret. :func:`copy_text` never raises.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Final, Literal

from handinger_tui.core.safe_text import one_line

__all__ = [
    "OSC52_MAX_BYTES",
    "CopyResult",
    "Route",
    "copy_text",
    "is_ssh",
    "osc52_sequence",
]

Route = Literal["pyperclip", "osc52", "none"]
OSC52_MAX_BYTES: Final = 74_994  # 100_000-byte sequence limit (hterm/osc52.sh) as raw bytes
SCREEN_CHUNK: Final = 252  # GNU screen string limit (256) minus the DCS start/end
OSC52_NOTE: Final = "terminal escape; works when your terminal allows clipboard writes"


@dataclass(frozen=True)
class CopyResult:
    """What happened: success, the route that worked, a message fit for a notification."""

    ok: bool
    route: Route
    message: str
    show_value: str | None = field(default=None, repr=False)
    secret: bool = False

    def __repr__(self) -> str:
        shown = "None" if self.show_value is None else ("'********'" if self.secret else "...")
        return (
            f"CopyResult(ok={self.ok}, route={self.route!r}, message={self.message!r}, "
            f"show_value={shown}, secret={self.secret})"
        )


def is_ssh(env: Mapping[str, str]) -> bool:
    """True when the session looks remote (any of the usual SSH variables is set)."""
    return any(env.get(name) for name in ("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"))


def osc52_sequence(value: str, env: Mapping[str, str]) -> str:
    """The OSC 52 clipboard write for ``value``, wrapped for tmux or GNU screen if needed."""
    payload = base64.b64encode(value.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if env.get("TMUX"):
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if env.get("TERM", "").startswith("screen") and env.get("STY"):
        chunks = [sequence[i : i + SCREEN_CHUNK] for i in range(0, len(sequence), SCREEN_CHUNK)]
        return "".join(f"\x1bP{chunk}\x1b\\" for chunk in chunks)
    return sequence


def _wrapping(env: Mapping[str, str]) -> str:
    if env.get("TMUX"):
        return " through tmux passthrough (needs tmux allow-passthrough or set-clipboard)"
    if env.get("TERM", "").startswith("screen") and env.get("STY"):
        return " through GNU screen"
    return ""


# ---------------------------------------------------------------- quiet pyperclip helpers

_calls = threading.local()


class _HelperFailed(Exception):
    """A clipboard helper process exited with a non-zero status."""


class _QuietPopen(subprocess.Popen[bytes]):
    """Popen for pyperclip's helpers: no terminal output, no tty, exit status checked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._stderr_file: IO[bytes] | None = None
        if kwargs.get("stderr") is None:
            self._stderr_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed in _captured
            kwargs["stderr"] = self._stderr_file
        if kwargs.get("stdout") is None:
            kwargs["stdout"] = subprocess.DEVNULL
        kwargs.setdefault("start_new_session", True)
        try:
            super().__init__(*args, **kwargs)
        except BaseException:
            if self._stderr_file is not None:
                self._stderr_file.close()
            raise
        procs: list[subprocess.Popen[bytes]] | None = getattr(_calls, "procs", None)
        if procs is not None:
            procs.append(self)

    def communicate(
        self, input: bytes | None = None, timeout: float | None = None
    ) -> tuple[Any, Any]:
        out, err = super().communicate(input, timeout)
        captured = self._captured()
        if self.returncode:
            raise _HelperFailed(captured or f"exit status {self.returncode}")
        return out, err

    def _captured(self) -> str:
        handle = self._stderr_file
        if handle is None:
            return ""
        try:
            handle.seek(0)
            return one_line(handle.read(2000).decode("utf-8", "replace"), 200)
        except OSError:
            return ""
        finally:
            handle.close()


class _QuietSubprocess:
    """Stands in for the ``subprocess`` module inside pyperclip."""

    Popen = _QuietPopen

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    @staticmethod
    def check_call(args: Any, **kwargs: Any) -> int:
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        kwargs.setdefault("start_new_session", True)
        return subprocess.check_call(args, **kwargs)


def _pyperclip_copy(value: str, procs: list[subprocess.Popen[bytes]]) -> None:
    import pyperclip

    if not isinstance(getattr(pyperclip, "subprocess", None), _QuietSubprocess):
        pyperclip.subprocess = _QuietSubprocess()
    _calls.procs = procs
    try:
        pyperclip.copy(value)
    finally:
        _calls.procs = None


def _kill(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is not None:
            continue
        with contextlib.suppress(OSError):
            if os.name == "posix":
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()


async def _try_pyperclip(value: str, limit: float) -> str | None:
    """Copy with pyperclip; ``None`` on success, else a short reason."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[str | None] = loop.create_future()
    procs: list[subprocess.Popen[bytes]] = []

    def settle(reason: str | None) -> None:
        if not done.done():
            done.set_result(reason)

    def run() -> None:
        reason: str | None
        try:
            _pyperclip_copy(value, procs)
            reason = None
        except BaseException as exc:  # anything pyperclip does wrong is a failed route
            reason = one_line(f"{type(exc).__name__}: {exc}", 200) or type(exc).__name__
        with contextlib.suppress(RuntimeError):  # the loop may be gone
            loop.call_soon_threadsafe(settle, reason)

    threading.Thread(target=run, name="handinger-clipboard", daemon=True).start()
    try:
        return await asyncio.wait_for(done, limit)
    except TimeoutError:
        _kill(procs)
        return f"timed out after {limit:g}s (is DISPLAY or WAYLAND_DISPLAY broken?)"


def _try_osc52(
    value: str,
    writer: Callable[[str], None] | None,
    env: Mapping[str, str],
    max_bytes: int,
) -> str | None:
    """Write the OSC 52 sequence; ``None`` on success, else a short reason."""
    if writer is None:
        return "no terminal to write to"
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return f"value is {size:,} bytes, above the {max_bytes:,}-byte limit"
    try:
        writer(osc52_sequence(value, env))
    except Exception as exc:
        return one_line(f"{type(exc).__name__}: {exc}", 200) or type(exc).__name__
    return None


def _redact(reason: str, value: str) -> str:
    if len(value) >= 4 and value in reason:
        return reason.replace(value, "********")
    return reason


async def copy_text(
    value: str,
    *,
    secret: bool = False,
    label: str = "value",
    osc52_writer: Callable[[str], None] | None = None,
    env: Mapping[str, str] | None = None,
    pyperclip_timeout: float = 1.5,
    osc52_max_bytes: int = OSC52_MAX_BYTES,
) -> CopyResult:
    """Copy ``value`` by the best route for this session; never raises.

    ``label`` names the value in messages ("email", "worker id", "webhook token"). A
    non-secret value is previewed in the success message; a secret never appears in any
    message.
    """
    try:
        environ: Mapping[str, str] = os.environ if env is None else env
        name = one_line(label, 40) or "value"
        text = value if isinstance(value, str) else str(value)
        what = name if secret else f"{name} ({one_line(text, 60)})"
        order: tuple[Route, ...] = (
            ("osc52", "pyperclip") if is_ssh(environ) else ("pyperclip", "osc52")
        )
        reasons: list[str] = []
        for route in order:
            if route == "pyperclip":
                reason = await _try_pyperclip(text, pyperclip_timeout)
                if reason is None:
                    return CopyResult(
                        True, "pyperclip", f"Copied {what} to the system clipboard.", None, secret
                    )
                reasons.append(f"system clipboard: {_redact(reason, text)}")
            else:
                reason = _try_osc52(text, osc52_writer, environ, osc52_max_bytes)
                if reason is None:
                    message = (
                        f"Copied {what} to the clipboard via OSC 52{_wrapping(environ)} "
                        f"({OSC52_NOTE})."
                    )
                    return CopyResult(True, "osc52", message, None, secret)
                reasons.append(f"OSC 52: {_redact(reason, text)}")
        shown = (
            f"Reveal the {name} to select it by hand."
            if secret
            else f"The {name} is shown so you can select it by hand."
        )
        message = f"Could not copy the {name} to a clipboard ({'; '.join(reasons)}). {shown}"
        return CopyResult(False, "none", message, text, secret)
    except BaseException as exc:  # never raise into the UI, but let cancellation through
        if isinstance(exc, asyncio.CancelledError | KeyboardInterrupt | SystemExit):
            raise
        shown_value = value if isinstance(value, str) else None
        message = (
            f"Could not copy the {one_line(label, 40)}: internal error ({type(exc).__name__})."
        )
        return CopyResult(False, "none", message, shown_value, secret)
