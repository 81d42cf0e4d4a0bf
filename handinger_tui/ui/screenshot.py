"""The palette's screenshot: never with a secret in it, saved to a folder that exists.

Textual's own screenshot writes to the Downloads folder, which many servers do not have,
and says only "Failed" when it cannot. Here the folder is the first that exists and is
writable of: the one asked for, Downloads, the working directory, the home directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import platformdirs

from handinger_tui.core.session import Session
from handinger_tui.core.state import Kind

__all__ = ["ScreenshotError", "save_svg", "screenshot_folder", "secrets_in"]


class ScreenshotError(Exception):
    """The screenshot could not be saved; the message says where and why."""


def screenshot_folder(asked: str | None = None) -> Path:
    """The folder to save in: ``asked`` if given, else the first usable default."""
    if asked is not None:
        folder = Path(asked).expanduser()
        if not folder.is_dir():
            raise ScreenshotError(f"Screenshot not saved: {folder} is not a folder")
        return folder
    # Never the working directory first: for a developer that is the git checkout.
    for folder in (platformdirs.user_downloads_path(), Path.home(), Path.cwd()):
        if folder.is_dir() and os.access(folder, os.W_OK):
            return folder
    raise ScreenshotError("Screenshot not saved: no writable folder (Downloads, home, cwd)")


def save_svg(svg: str, folder: Path, filename: str | None = None) -> Path:
    """Write ``svg`` to a new file in ``folder`` (never over an existing one)."""
    stem = filename or f"handinger-tui_{datetime.now():%Y-%m-%d_%H-%M-%S}.svg"
    target = folder / stem
    for attempt in range(2, 100):
        try:
            with target.open("x", encoding="utf-8") as handle:
                handle.write(svg)
            return target
        except FileExistsError:
            target = folder / f"{Path(stem).stem}-{attempt}{Path(stem).suffix or '.svg'}"
        except OSError as exc:
            raise ScreenshotError(
                f"Screenshot not saved to {folder}: {exc.strerror or exc}"
            ) from None
    raise ScreenshotError(f"Screenshot not saved: too many screenshots named {stem} in {folder}")


def secrets_in(session: Session | None, extra: Iterable[str] = ()) -> list[str]:
    """Every secret the app holds (API key, webhook tokens): none may be in a screenshot."""
    found = [s for s in extra if s]
    if session is None:
        return found
    found.append(session.client.api_key.get_secret_value())
    state = session.state
    for key in list(state.resources):
        hook = state.webhook(key.worker_id) if key.kind is Kind.WEBHOOK else None
        if hook is not None and hook.token:
            found.append(hook.token.get_secret_value())
    return [s for s in found if len(s) >= 8]  # a shorter "secret" would match anything
