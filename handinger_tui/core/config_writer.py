"""Write one setting into the config file, keeping the rest of it as the user wrote it.

The file is TOML that a person edits: :mod:`tomlkit` round-trips it, so comments, order,
blank lines and quoting survive. The new text replaces the file in one step (a temporary
file beside it, then a rename), with the file's permissions kept (it may hold the API
key); a new file is private to the user. A file that is not valid TOML is left alone.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Final

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import InlineTable, Table

__all__ = ["ConfigWriteError", "set_setting"]

NEW_FILE_MODE: Final = 0o600
_lock = threading.Lock()  # one read-modify-write at a time within this process


class ConfigWriteError(Exception):
    """The setting was not saved; the message says why, fit to show the operator."""


def set_setting(path: Path, section: str, name: str, value: str) -> None:
    """Set ``[section] name = value`` in the config file at ``path`` (created if missing)."""
    target = path.expanduser().resolve()  # a symlinked config is written where it points
    with _lock:
        text, mode = _read(target)
        try:
            document = tomlkit.parse(text)
        except TOMLKitError as exc:
            raise ConfigWriteError(f"{target} is not valid TOML ({exc}); left unchanged") from None
        table = document.get(section)
        if table is None:
            table = tomlkit.table()
            document.add(section, table)
        elif not isinstance(table, Table | InlineTable):
            raise ConfigWriteError(f"{section} in {target} is not a [{section}] table")
        table[name] = value
        _replace(target, tomlkit.dumps(document), mode)


def _read(target: Path) -> tuple[str, int]:
    """The file's text and permission bits ("" and private for a file not there yet)."""
    try:
        raw = target.read_bytes()
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        return "", NEW_FILE_MODE
    except OSError as exc:
        raise ConfigWriteError(f"could not read {target}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8"), mode
    except UnicodeDecodeError:
        raise ConfigWriteError(f"{target} is not UTF-8 text; left unchanged") from None


def _replace(target: Path, text: str, mode: int) -> None:
    """Write ``text`` beside ``target`` and rename it over: never a half-written file."""
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as exc:
        raise ConfigWriteError(f"could not write {target}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ConfigWriteError(f"could not write {target}: {exc.strerror or exc}") from None
