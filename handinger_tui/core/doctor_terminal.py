"""The doctor's terminal checks: size, colours, tmux and its clipboard option, SSH, and the
clipboard route copy will take. Each reads facts passed in, so tests need no terminal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from handinger_tui.core.clipboard import TMUX_WRITE_VERSION, route_order, tmux_socket, tmux_version
from handinger_tui.core.doctor import Check
from handinger_tui.core.safe_text import one_line

__all__ = [
    "TerminalFacts",
    "TmuxFacts",
    "check_clipboard",
    "check_colours",
    "check_size",
    "check_ssh",
    "check_tmux",
    "read_tmux",
]

MIN_SIZE: Final = (80, 24)
SIDE_BY_SIDE: Final = 100


def _clean(text: object, limit: int = 200) -> str:
    return one_line(text, limit)


@dataclass(frozen=True)
class TerminalFacts:
    """What the doctor knows of the terminal: whether stdout is one, and its size."""

    is_tty: bool
    columns: int
    lines: int

    @classmethod
    def current(cls) -> TerminalFacts:
        """The first of stdout, stderr and stdin that is a terminal (doctor | less works)."""
        for stream in (sys.stdout, sys.stderr, sys.stdin):
            try:
                if stream is not None and stream.isatty():
                    size = os.get_terminal_size(stream.fileno())
                    return cls(True, size.columns, size.lines)
            except (OSError, ValueError):
                continue
        return cls(False, 0, 0)


def check_size(term: TerminalFacts) -> Check:
    if not term.is_tty:
        return Check("terminal", "warn", "not run in a terminal (no size to check)", "")
    size = f"{term.columns}x{term.lines}"
    if term.columns < MIN_SIZE[0] or term.lines < MIN_SIZE[1]:
        return Check(
            "terminal", "warn", f"{size} is below 80x24: panes are cut", "enlarge the window"
        )
    layout = "list and detail side by side" if term.columns >= SIDE_BY_SIDE else "one pane"
    return Check("terminal", "pass", f"{size} ({layout})")


def check_colours(env: Mapping[str, str]) -> Check:
    """The colours Textual will use, read from the environment as Rich reads it."""
    term = _clean(env.get("TERM", ""), 40)
    forced = _clean(env.get("TEXTUAL_COLOR_SYSTEM", ""), 20)
    if env.get("NO_COLOR"):
        return Check("colours", "warn", "NO_COLOR is set: no colours", "unset NO_COLOR")
    if forced and forced != "auto":
        return Check("colours", "pass", f"{forced} (TEXTUAL_COLOR_SYSTEM)")
    if not term or term == "dumb":
        return Check("colours", "warn", f"TERM is {term or 'unset'}", "set TERM=xterm-256color")
    if env.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return Check("colours", "pass", f"truecolor (TERM={term}, COLORTERM set)")
    if term.lower().rpartition("-")[2] in ("256color", "kitty"):
        return Check(
            "colours",
            "pass",
            f"256 colours (TERM={term}); export COLORTERM=truecolor if the terminal has it",
        )
    return Check("colours", "warn", f"16 colours (TERM={term})", "set TERM=xterm-256color")


@dataclass(frozen=True)
class TmuxFacts:
    """What the tmux server said: ``tmux -V`` and ``set-clipboard`` (``None``: unreachable)."""

    banner: str | None
    set_clipboard: str | None
    error: str = ""


Runner = Callable[[list[str]], str]


def _run(argv: list[str]) -> str:
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=3, check=True, start_new_session=True
    )
    return done.stdout


def read_tmux(env: Mapping[str, str], run: Runner = _run) -> TmuxFacts | None:
    """Ask the tmux server in ``$TMUX``; ``None`` outside tmux."""
    socket = tmux_socket(env)
    if not env.get("TMUX") or socket is None:
        return None
    exe = shutil.which("tmux", path=env.get("PATH") or None)
    if exe is None:
        return TmuxFacts(None, None, "the tmux command is not on PATH")
    try:
        banner = run([exe, "-V"]).strip()
        setting = run([exe, "-S", socket, "show-options", "-sv", "set-clipboard"]).strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return TmuxFacts(None, None, _clean(exc, 120))
    return TmuxFacts(_clean(banner, 40), _clean(setting, 20))


def check_tmux(facts: TmuxFacts | None) -> Check:
    if facts is None:
        return Check("tmux", "pass", "not inside tmux")
    if facts.banner is None:
        return Check(
            "tmux", "warn", f"inside tmux, but it did not answer: {facts.error}", "check $TMUX"
        )
    version = tmux_version(facts.banner)
    if version is not None and version < TMUX_WRITE_VERSION:
        return Check(
            "tmux",
            "warn",
            f"{facts.banner}: copies stay in tmux's paste buffer (older than 3.2)",
            "upgrade tmux to 3.2 or later",
        )
    if facts.set_clipboard == "off":
        return Check(
            "tmux",
            "warn",
            f"{facts.banner}, set-clipboard off: copies stop in tmux's paste buffer",
            "tmux set -s set-clipboard on (in ~/.tmux.conf: set -s set-clipboard on)",
        )
    return Check(
        "tmux", "pass", f"{facts.banner}, set-clipboard {facts.set_clipboard or 'unknown'}"
    )


def check_ssh(env: Mapping[str, str]) -> Check:
    names = [name for name in ("SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT") if env.get(name)]
    if not names:
        return Check("ssh", "pass", "local session (no SSH variables)")
    return Check(
        "ssh",
        "pass",
        f"over SSH ({names[0]} set): copies reach your own machine by OSC 52 only if its "
        "terminal allows clipboard writes",
    )


_HELPERS: Final = ("wl-copy", "xclip", "xsel")


def _system_clipboard(env: Mapping[str, str], which: Callable[[str], str | None]) -> str | None:
    """The helper pyperclip would use here, or ``None``."""
    if sys.platform == "darwin":
        return "pbcopy" if which("pbcopy") else None
    if sys.platform == "win32":
        return "the Windows clipboard"
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return None
    return next((name for name in _HELPERS if which(name)), None)


def check_clipboard(
    env: Mapping[str, str],
    which: Callable[[str], str | None] = shutil.which,
    tmux: TmuxFacts | None = None,
) -> Check:
    """The route copy will take first, as :func:`core.clipboard.route_order` says.

    ``tmux`` is what :func:`read_tmux` found; an unreachable tmux is skipped, as copy does.
    """
    order = [r for r in route_order(env) if r != "tmux" or tmux is None or tmux.banner]
    helper = _system_clipboard(env, which)
    if order[0] == "tmux":
        version = tmux_version(tmux.banner or "") if tmux is not None else None
        if tmux is not None and (
            tmux.set_clipboard == "off" or (version is not None and version < TMUX_WRITE_VERSION)
        ):
            return Check(
                "clipboard",
                "warn",
                "tmux's paste buffer only (confirmed; tmux does not pass it on, see tmux)",
                "prefix ] pastes it inside tmux",
            )
        return Check("clipboard", "pass", "tmux's paste buffer (confirmed), passed on by tmux")
    if order[0] == "osc52":
        return Check(
            "clipboard", "pass", "OSC 52 to your terminal (over SSH; terminals never confirm it)"
        )
    if helper is not None:
        return Check("clipboard", "pass", f"system clipboard via {helper} (confirmed)")
    return Check(
        "clipboard",
        "warn",
        "no system clipboard here (no display, or no xclip, xsel or wl-copy): copies go by "
        "OSC 52, unconfirmed, and values are shown for selecting by hand",
        "install xclip or wl-clipboard, or use a terminal with OSC 52",
    )
