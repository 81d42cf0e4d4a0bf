"""The tracked-workers file on disk: read whole, written atomically, a bad one kept aside.

Every write goes to a temp file in the same directory, is flushed and fsynced, then
``os.replace``-d over the old file, so a crash leaves either the old or the new list. A file
that cannot be read is moved aside to ``*.corrupt-<timestamp>``; one written by a newer
version, or holding entries this one cannot read, is copied aside before it is saved over.
The records are written one a line with the C JSON encoder (``indent`` would take the pure
Python one: 0.1 s for 5,000 records).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["Stored", "encode", "move_aside", "read", "write"]


@dataclass
class Stored:
    """What a read found: the raw entries, problems in words, and why not to save over it."""

    entries: list[object] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    keep_off: str | None = None  # set: the file on disk must not be saved over


def read(path: Path, version: int) -> Stored:
    """The entries of the file at `path` (none when there is no file), written by format
    `version` or older; an unreadable file is moved aside, a newer one copied aside."""
    stored = Stored()
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # no file there: nothing to lose
        return stored
    except OSError as exc:
        stored.keep_off = "it could not be read"
        stored.problems.append(
            f"Could not read tracked workers from {path} ({exc.strerror or exc}); "
            "the file is left as it is and the list starts empty for this session."
        )
        return stored
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("top level is not an object")
        found = data.get("version")
        if not isinstance(found, int) or isinstance(found, bool):
            raise ValueError(f"missing or invalid version: {found!r}")
        entries = data.get("workers")
        if not isinstance(entries, list):
            raise ValueError("'workers' is not a list")
    except (ValueError, UnicodeDecodeError) as exc:
        moved = move_aside(path, stored.problems)
        if moved is None:
            stored.keep_off = "it is unreadable and could not be moved aside"
            stored.problems.append(
                f"Tracked workers file {path} is unreadable ({exc}) and could not "
                "be moved aside; it is left as it is and the list starts empty."
            )
        else:
            stored.problems.append(
                f"Tracked workers file {path} was unreadable ({exc}); "
                f"moved it to {moved} and started an empty list."
            )
        return stored
    if found > version:
        kept = move_aside(path, stored.problems, copy=True)
        if kept is None:
            stored.keep_off = "it was written by a newer handinger-tui"
        stored.problems.append(
            f"{path} was written by a newer handinger-tui (format {found}); "
            + (
                f"a copy is kept at {kept} before this version saves over it."
                if kept is not None
                else "this session will not save over it."
            )
        )
    stored.entries = entries
    return stored


def encode(header: Mapping[str, object], records: Iterable[Mapping[str, object]]) -> str:
    """The file's text: `header`'s fields, then ``"workers"`` with one record a line."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    head = encoder.encode(dict(header))[:-1]  # without the closing brace
    lines = ",\n".join("  " + encoder.encode(record) for record in records)
    body = f"\n{lines}\n" if lines else ""
    return f'{head}, "workers": [{body}]}}\n'


def move_aside(path: Path, problems: list[str], *, copy: bool = False) -> Path | None:
    """Move (or copy) `path` to ``*.corrupt-<timestamp>``; None, said in `problems`, if not."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        if copy:
            write(target, path.read_text("utf-8", errors="replace"))
        else:
            os.replace(path, target)
    except OSError as exc:
        problems.append(f"Could not move {path} aside: {exc.strerror or exc}")
        return None
    return target


def write(path: Path, payload: str) -> None:
    """Write ``payload`` to ``path`` via a fsynced temp file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    """Best effort: persist the rename itself (POSIX only)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
