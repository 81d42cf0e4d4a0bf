"""Copy a value to the operator's clipboard, and say truthfully where it went.

Routes, in order:

* inside tmux (``$TMUX`` set): tmux itself. ``tmux -S <socket from $TMUX> load-buffer -w -``
  puts the value in tmux's paste buffer (confirmed by its exit status) and, unless the
  server's ``set-clipboard`` is ``off``, tmux passes it on to the outer terminal's
  clipboard (which no terminal confirms). tmux older than 3.2 has no ``-w``: the value
  goes to the paste buffer only, and the message says so. If tmux cannot be reached, the
  routes below are tried, with *plain* OSC 52 (tmux drops the passthrough-wrapped form
  unless ``allow-passthrough`` is on; it takes the plain one when ``set-clipboard`` is on);
* over SSH (``SSH_TTY``, ``SSH_CONNECTION`` or ``SSH_CLIENT`` set): OSC 52, then pyperclip
  (pyperclip there would reach the *remote* machine's clipboard, if any);
* locally: pyperclip, then OSC 52. Inside GNU screen, OSC 52 is cut into DCS chunks.

Every helper process (tmux; xclip, xsel, wl-copy, pbcopy... under pyperclip) runs in a
daemon thread with a timeout, in a new session, with its output captured (never painted
over the UI), and is killed on timeout. A non-zero exit status is a failure.

**OSC 52** writes ``ESC ] 52 ; c ; <base64> BEL`` through ``osc52_writer`` (the UI passes a
function writing raw bytes to the terminal). Values above ``osc52_max_bytes`` (UTF-8) are
refused. The terminal never confirms an OSC 52 write, and the message says so.

``CopyResult.confirmed`` is true when a route confirmed it holds the value (tmux's paste
buffer, pyperclip's helper). Otherwise a non-secret value is put in ``show_value`` so the UI
shows it whole for selection by hand. A secret never appears in a message or in
``show_value``. :func:`copy_text` never raises.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Final, Literal, TypeVar

from handinger_tui.core.safe_text import one_line

__all__ = [
    "OSC52_MAX_BYTES",
    "TMUX_WRITE_VERSION",
    "CopyResult",
    "Route",
    "copy_text",
    "is_ssh",
    "osc52_sequence",
    "route_order",
    "tmux_socket",
    "tmux_version",
]

Route = Literal["tmux", "pyperclip", "osc52", "none"]
OSC52_MAX_BYTES: Final = 74_994  # 100_000-byte sequence limit (hterm/osc52.sh) as raw bytes
SCREEN_CHUNK: Final = 252  # GNU screen string limit (256) minus the DCS start/end
TMUX_WRITE_VERSION: Final = (3, 2)  # first tmux with `load-buffer -w`
OSC52_UNCONFIRMED: Final = "not confirmed: terminals never report it"

_T = TypeVar("_T")


@dataclass(frozen=True)
class CopyResult:
    """What happened: the route used, whether it is confirmed, a message for a notification.

    ``show_value`` is set when no route could confirm the copy and the value is not secret:
    the UI shows it whole so it can be selected by hand.
    """

    ok: bool
    route: Route
    message: str
    show_value: str | None = field(default=None, repr=False)
    secret: bool = False
    confirmed: bool = False
    reach: str = ""  # tmux: how far the value went, in a few words (the toast's tail)

    def __repr__(self) -> str:
        shown = "None" if self.show_value is None else ("'********'" if self.secret else "...")
        return (
            f"CopyResult(ok={self.ok}, route={self.route!r}, message={self.message!r}, "
            f"show_value={shown}, secret={self.secret}, confirmed={self.confirmed})"
        )


def is_ssh(env: Mapping[str, str]) -> bool:
    """True when the session looks remote (any of the usual SSH variables is set)."""
    return any(env.get(name) for name in ("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"))


def tmux_socket(env: Mapping[str, str]) -> str | None:
    """The server socket from ``$TMUX`` (``<socket>,<pid>,<session>``), or ``None``."""
    raw = env.get("TMUX", "")
    socket = raw.rsplit(",", 2)[0] if raw.count(",") >= 2 else raw
    return socket or None


def tmux_version(banner: str) -> tuple[int, int] | None:
    """``(3, 3)`` from ``tmux 3.3a``, ``tmux next-3.4`` or ``tmux 3.2-rc2``; else ``None``."""
    match = re.search(r"(\d+)\.(\d+)", banner)
    return (int(match[1]), int(match[2])) if match else None


def route_order(env: Mapping[str, str]) -> tuple[Route, ...]:
    """The routes :func:`copy_text` tries, in order, for a session with this environment."""
    rest: tuple[Route, ...] = ("osc52", "pyperclip") if is_ssh(env) else ("pyperclip", "osc52")
    return ("tmux", *rest) if env.get("TMUX") else rest


def _in_screen(env: Mapping[str, str]) -> bool:
    return not env.get("TMUX") and bool(env.get("STY")) and env.get("TERM", "").startswith("screen")


def osc52_sequence(value: str, env: Mapping[str, str]) -> str:
    """The OSC 52 clipboard write for ``value``; cut into DCS chunks inside GNU screen.

    Inside tmux it is left plain: tmux takes it when ``set-clipboard`` is ``on`` and drops
    the passthrough-wrapped form unless ``allow-passthrough`` is on (off by default).
    """
    payload = base64.b64encode(value.encode("utf-8", "surrogatepass")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if _in_screen(env):
        chunks = [sequence[i : i + SCREEN_CHUNK] for i in range(0, len(sequence), SCREEN_CHUNK)]
        return "".join(f"\x1bP{chunk}\x1b\\" for chunk in chunks)
    return sequence


NO_MECHANISM: Final = "could not find a copy/paste mechanism"  # pyperclip, no helper found


def _reason(exc: BaseException) -> str:
    """A short reason: pyperclip's long "no mechanism" text becomes one clause."""
    if NO_MECHANISM in str(exc).lower():
        return f"{NO_MECHANISM} (no display, or no xclip, xsel or wl-copy)"
    return one_line(f"{type(exc).__name__}: {exc}", 160) or type(exc).__name__


async def _in_thread(work: Callable[[], _T], limit: float) -> _T:
    """Run blocking ``work`` in a daemon thread (never blocks app exit); at most ``limit`` s.

    Raises ``TimeoutError`` after ``limit`` and re-raises what ``work`` raised.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[_T] = loop.create_future()

    def run() -> None:
        finish: Callable[[], None]
        try:
            result = work()
        except BaseException as exc:  # handed to the awaiting side, as an Exception
            error = exc if isinstance(exc, Exception) else RuntimeError(_reason(exc))
            finish = functools.partial(done.set_exception, error)
        else:
            finish = functools.partial(done.set_result, result)

        def settle() -> None:
            if not done.done():  # not timed out or cancelled meanwhile
                finish()

        with contextlib.suppress(RuntimeError):  # the loop may be gone
            loop.call_soon_threadsafe(settle)

    threading.Thread(target=run, name="handinger-clipboard", daemon=True).start()
    return await asyncio.wait_for(done, limit)


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
    import pyperclip  # here, not at the top: loaded only when a copy falls back to it

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
    procs: list[subprocess.Popen[bytes]] = []
    try:
        await _in_thread(lambda: _pyperclip_copy(value, procs), limit)
    except TimeoutError:
        _kill(procs)
        return f"timed out after {limit:g}s (is DISPLAY or WAYLAND_DISPLAY broken?)"
    except BaseException as exc:  # anything pyperclip does wrong is a failed route
        if isinstance(exc, asyncio.CancelledError):
            _kill(procs)
            raise
        return _reason(exc)
    return None


# ---------------------------------------------------------------------------------- tmux


class _RouteFailed(Exception):
    """A route could not be used; the message says why (never holds the value)."""


@dataclass(frozen=True)
class _TmuxCopy:
    """The value is in tmux's paste buffer; how far tmux was asked to pass it on."""

    banner: str
    forwarded: bool  # `load-buffer -w` was used
    set_clipboard: str  # "on", "external", "off" or "" when unknown


_versions: dict[str, str] = {}


def _run(argv: list[str], data: bytes | None, limit: float) -> str:
    """Run a helper quietly; its stdout, or :class:`_RouteFailed` with why."""
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise _RouteFailed(_reason(exc)) from None
    try:
        out, err = proc.communicate(data, timeout=limit)
    except subprocess.TimeoutExpired:
        _kill([proc])
        proc.communicate()
        raise _RouteFailed(f"timed out after {limit:g}s") from None
    if proc.returncode:
        said = one_line(err.decode("utf-8", "replace"), 200)
        raise _RouteFailed(said or f"exit status {proc.returncode}")
    return out.decode("utf-8", "replace")


async def _tmux(argv: list[str], data: bytes | None, limit: float) -> str:
    try:
        return await _in_thread(lambda: _run(argv, data, limit), limit + 1.0)
    except TimeoutError:
        raise _RouteFailed(f"timed out after {limit:g}s") from None


async def _try_tmux(value: str, env: Mapping[str, str], limit: float) -> _TmuxCopy:
    """Load ``value`` into the paste buffer of the tmux server in ``$TMUX``."""
    socket = tmux_socket(env)
    exe = shutil.which("tmux", path=env.get("PATH") or None)
    if socket is None or exe is None:
        raise _RouteFailed("the tmux command is not on PATH" if socket else "no $TMUX")
    if exe not in _versions:
        _versions[exe] = one_line(await _tmux([exe, "-V"], None, limit), 40)
    banner = _versions[exe]
    version = tmux_version(banner)
    forward = version is None or version >= TMUX_WRITE_VERSION  # None: "tmux master"
    base = [exe, "-S", socket]
    data = value.encode("utf-8", "surrogatepass")
    await _tmux([*base, "load-buffer", *(["-w"] if forward else []), "-"], data, limit)
    try:
        setting = await _tmux([*base, "show-options", "-sv", "set-clipboard"], None, limit)
    except _RouteFailed:
        setting = ""
    return _TmuxCopy(banner or "tmux", forward, one_line(setting, 20))


def _tmux_message(what: str, copy: _TmuxCopy) -> tuple[str, str, bool]:
    """The message for a value in tmux's buffer, how far it went in a few words, and
    whether it reached further."""
    head = f"Copied {what} into tmux's paste buffer (confirmed; prefix ] pastes it)"
    if not copy.forwarded:
        return (
            f"{head}. {copy.banner} is older than 3.2, so tmux did not pass it on to "
            "your terminal's clipboard.",
            f"{copy.banner} (older than 3.2) keeps it there",
            False,
        )
    if copy.set_clipboard == "off":
        reach = "tmux set-clipboard is off, so it stops there"
        return f"{head}; {reach}.", reach, False
    setting = f"set-clipboard {copy.set_clipboard}" if copy.set_clipboard else "tmux"
    return (
        f"{head}; tmux passed it on to your terminal's clipboard ({setting}; {OSC52_UNCONFIRMED}).",
        f"{setting} passes it on (unconfirmed)",
        True,
    )


# ---------------------------------------------------------------------------------- OSC 52


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
        return _reason(exc)
    return None


def _redact(reason: str, value: str) -> str:
    if len(value) >= 4 and value in reason:
        return reason.replace(value, "********")
    return reason


def _osc52_message(what: str, env: Mapping[str, str], secret: bool, reasons: list[str]) -> str:
    through = " through GNU screen" if _in_screen(env) else ""
    tried = f" Not used: {'; '.join(reasons)}." if reasons else ""
    shown = "" if secret else " It is shown so you can select it by hand."
    return (
        f"Sent {what} to your terminal's clipboard via OSC 52{through} "
        f"({OSC52_UNCONFIRMED}).{tried}{shown}"
    )


async def copy_text(
    value: str,
    *,
    secret: bool = False,
    label: str = "value",
    osc52_writer: Callable[[str], None] | None = None,
    env: Mapping[str, str] | None = None,
    pyperclip_timeout: float = 1.5,
    tmux_timeout: float = 2.0,
    osc52_max_bytes: int = OSC52_MAX_BYTES,
) -> CopyResult:
    """Copy ``value`` by the best route for this session; never raises.

    ``label`` names the value in messages ("email", "worker id", "webhook token"). A
    non-secret value is previewed in the message; a secret never appears in any message.
    """
    try:
        environ: Mapping[str, str] = os.environ if env is None else env
        name = one_line(label, 40) or "value"
        text = value if isinstance(value, str) else str(value)
        what = name if secret else f"{name} ({one_line(text, 60)})"
        shown = None if secret else text
        reasons: list[str] = []
        if environ.get("TMUX"):
            try:
                copied = await _try_tmux(text, environ, tmux_timeout)
            except _RouteFailed as exc:
                reasons.append(f"tmux: {_redact(str(exc), text)}")
            else:
                message, reach, reached = _tmux_message(what, copied)
                local = not reached and not is_ssh(environ)
                if local and await _try_pyperclip(text, pyperclip_timeout) is None:
                    message += " It is also on the system clipboard."
                    reach += "; also on the system clipboard"
                return CopyResult(True, "tmux", message, None, secret, True, reach)
        for route in route_order(environ):
            if route == "tmux":
                continue  # tried above
            if route == "pyperclip":
                reason = await _try_pyperclip(text, pyperclip_timeout)
                if reason is None:
                    tried = f" Not used: {'; '.join(reasons)}." if reasons else ""
                    message = f"Copied {what} to the system clipboard (confirmed).{tried}"
                    return CopyResult(True, "pyperclip", message, None, secret, True)
                reasons.append(f"system clipboard: {_redact(reason, text)}")
            else:
                reason = _try_osc52(text, osc52_writer, environ, osc52_max_bytes)
                if reason is None:
                    message = _osc52_message(what, environ, secret, reasons)
                    return CopyResult(True, "osc52", message, shown, secret, False)
                reasons.append(f"OSC 52: {_redact(reason, text)}")
        tail = " It is shown so you can select it by hand." if shown is not None else ""
        message = f"Could not copy the {name} to a clipboard ({'; '.join(reasons)}).{tail}"
        return CopyResult(False, "none", message, shown, secret, False)
    except BaseException as exc:  # never raise into the UI, but let cancellation through
        if isinstance(exc, asyncio.CancelledError | KeyboardInterrupt | SystemExit):
            raise
        shown_value = value if isinstance(value, str) and not secret else None
        tail = " It is shown so you can select it by hand." if shown_value is not None else ""
        message = (
            f"Could not copy the {one_line(label, 40)}: internal error "
            f"({type(exc).__name__}).{tail}"
        )
        return CopyResult(False, "none", message, shown_value, secret, False)
