"""The whole of a worker's output: `$PAGER`, then `less`, then a read-only view in the app.

The text is cleaned first (``core/safe_text``: no ESC, C0, DEL, C1 or bidi control is left),
so even a pager in raw mode shows nothing from the server as a terminal sequence; the
fallback is plain ``less``, never ``less -R``. It goes through a private temporary file
(mode 0600) that is deleted once the pager exits.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.segment import Segment
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from handinger_tui.core.safe_text import clean
from handinger_tui.ui.actions import BY_ID


def pager_commands(environ: Mapping[str, str]) -> list[list[str]]:
    """What to try, in order: `$PAGER` (when set and parseable), then `less` (when found)."""
    commands: list[list[str]] = []
    value = environ.get("PAGER", "").strip()
    if value:
        try:
            words = shlex.split(value)
        except ValueError:
            words = []
        if words:
            commands.append(words)
    less = shutil.which("less")
    if less is not None and (not commands or commands[0] != [less]):
        commands.append([less])
    return commands


def write_private(text: str) -> Path:
    """`text` in a new temporary file only its owner can read (0600)."""
    fd, name = tempfile.mkstemp(prefix="handinger-output-", suffix=".md")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def run_pager(command: list[str], text: str) -> int:
    """Show cleaned `text` with `command` (the file is its last argument); its exit status.

    Raises OSError when the command cannot be started. The file is deleted in every case.
    """
    path = write_private(clean(text))
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    finally:
        path.unlink(missing_ok=True)


class TextView(ScrollView, can_focus=True):
    """Plain lines, scrollable both ways; only the lines on screen are ever rendered."""

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines = clean(text).split("\n")
        width = max((len(line) for line in self.lines), default=0)
        self.virtual_size = Size(width, len(self.lines))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = y + scroll_y
        if index >= len(self.lines):
            return Strip.blank(self.size.width, self.rich_style)
        strip = Strip([Segment(self.lines[index], self.rich_style)])
        return strip.crop_extend(scroll_x, scroll_x + self.size.width, self.rich_style)


def action_key(app: App[object], action_id: str) -> str:
    """The key that runs an action (after the user's keymap), as the footer shows it."""
    action = BY_ID.get(action_id)
    if action is None:
        return "?"
    key = app._keymap.get(action_id, action.key).split(",")[0].strip()
    return app.get_key_display(Binding(key, action.method))
