"""A bounded head of a worker's output: what the detail pane renders, and what is left.

Markdown layout cost grows faster than the text, so the pane never gets more than
:data:`HEAD_LINES` lines or :data:`HEAD_BYTES` bytes. The head is cut at a line boundary;
a fenced code block left open by the cut is closed so the rest does not render as code.
The rest is reachable in a pager (see ``ui/pager.py``). The head is rendered in pieces of
:data:`PIECE_LINES` lines so keys are answered between two pieces.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final

from handinger_tui.core.formatting import size
from handinger_tui.core.safe_text import markdown_source

__all__ = [
    "HEAD_BYTES",
    "HEAD_LINES",
    "PIECE_LINES",
    "OutputHead",
    "digest",
    "head",
    "pieces",
    "settled",
]

HEAD_BYTES: Final = 16 * 1024
HEAD_LINES: Final = 150  # a few screens; the pane shows 15-45 lines
PIECE_LINES: Final = 10  # each append re-lays out the blocks so far: keep turns short

# CommonMark fences: up to 3 spaces, then 3+ backticks (info without backticks) or tildes.
_OPEN_FENCE: Final = re.compile(r" {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_CLOSE_FENCE: Final = re.compile(r" {0,3}(`{3,}|~{3,})[ \t]*$")


@dataclass(frozen=True, slots=True)
class OutputHead:
    """The part of an output the pane renders, and the sizes the size line reports."""

    source: str  # cleaned Markdown, at most HEAD_LINES lines (plus a closing fence)
    shown_bytes: int  # UTF-8 size of the part of the output in `source`
    total_bytes: int
    shown_lines: int
    digest: str  # of the whole output: same digest, same rendering

    @property
    def truncated(self) -> bool:
        return self.shown_bytes < self.total_bytes

    def pieces(self, lines: int = PIECE_LINES) -> list[str]:
        """`source` in pieces of `lines` lines (joined, they give `source` back)."""
        return pieces(self.source, lines)

    def note(self, key: str) -> str:
        """The size line under a cut head; empty when the whole output is shown."""
        if not self.truncated:
            return ""
        return (
            f"First {self.shown_lines} lines ({size(self.shown_bytes)}) of "
            f"{size(self.total_bytes)} shown — press {key} to read all"
        )


def pieces(text: str, lines: int = PIECE_LINES) -> list[str]:
    """`text` in pieces of `lines` lines (joined, they give `text` back; none when empty)."""
    all_lines = text.splitlines(keepends=True)
    step = max(lines, 1)
    return ["".join(all_lines[i : i + step]) for i in range(0, len(all_lines), step)]


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def digest(text: str) -> str:
    """A short, stable fingerprint of an output."""
    return hashlib.blake2b(_utf8(text), digest_size=16).hexdigest()


def _cut(text: str, max_bytes: int, max_lines: int) -> str:
    """The longest prefix within both bounds, ending at a line end when it cuts."""
    prefix = text[:max_bytes]  # a character is at least a byte: the byte cut lies inside
    raw = _utf8(prefix)
    if len(raw) > max_bytes:
        prefix = raw[:max_bytes].decode("utf-8", "ignore")
    end = -1
    for _ in range(max(max_lines, 1)):
        end = prefix.find("\n", end + 1)
        if end < 0:
            break
    if end >= 0:
        prefix = prefix[: end + 1]
    if len(prefix) == len(text):
        return text
    line_end = prefix.rfind("\n")
    if line_end >= 0:
        return prefix[: line_end + 1]
    space = prefix.rfind(" ")  # one line longer than the head: cut between words
    return prefix[: space + 1] if space > 0 else prefix


def _open_fence(lines: list[str]) -> str | None:
    """The fence of a code block still open after `lines`, if any."""
    fence: str | None = None
    for line in lines:
        if fence is None:
            match = _OPEN_FENCE.match(line)
            if match:
                fence = match.group(1)
        else:
            match = _CLOSE_FENCE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
    return fence


def head(text: str, *, max_bytes: int = HEAD_BYTES, max_lines: int = HEAD_LINES) -> OutputHead:
    """The bounded, cleaned head of `text` and its sizes."""
    part = _cut(text, max_bytes, max_lines)
    source = markdown_source(part)
    truncated = len(part) < len(text)
    if truncated:
        lines = source.splitlines()
        fence = _open_fence(lines)
        if fence is not None:
            source = source + ("" if source.endswith("\n") else "\n") + fence + "\n"
    shown_bytes = len(_utf8(part))
    total_bytes = len(_utf8(text)) if truncated else shown_bytes
    return OutputHead(
        source=source,
        shown_bytes=shown_bytes,
        total_bytes=total_bytes,
        shown_lines=part.count("\n") + (0 if part.endswith("\n") or not part else 1),
        digest=digest(text),
    )


def settled(source: str) -> tuple[str, str]:
    """A growing output split after its last complete block: ``(blocks, tail)``.

    A block is complete once a blank line follows it, or its closing fence for a code block;
    a line still being written (no line end yet) never completes one. The blocks are
    rendered as Markdown, appended to once per completed block; the tail is shown as text
    until its block completes (re-parsing a growing table on every poll rebuilt it whole).
    """
    fence: str | None = None
    cut = pos = 0
    *complete, _ = source.split("\n")  # the last line is still being written
    for line in complete:
        pos += len(line) + 1
        if fence is None:
            match = _OPEN_FENCE.match(line)
            if match:
                fence = match.group(1)
            elif not line.strip():
                cut = pos
        else:
            match = _CLOSE_FENCE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
                cut = pos
    return source[:cut], source[cut:]
