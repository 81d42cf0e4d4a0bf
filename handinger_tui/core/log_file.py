"""``--log FILE``: a debug log of every request and state change, with no secret in it.

The file is opened for appending with mode 600 (an existing file is narrowed to 600; a
symbolic link is refused). Only the ``handinger_tui`` loggers write to it: the client logs
method, path, status and duration of each request, never headers; httpx and httpcore
(whose debug lines describe connections and headers) are not attached. Every line then
passes a filter that masks the API key, any other secret it was told of, and anything
shaped like one (``Bearer …``, ``hdg_…``, ``whk_…``), and shows control characters as
visible stand-ins, so ``cat`` of the log cannot drive the terminal.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from handinger_tui import __version__
from handinger_tui.core.safe_text import clean
from handinger_tui.core.settings import Settings

__all__ = ["LOGGER", "LogFile", "LogFileError", "Redactor", "open_log", "start_session_log"]

LOGGER: Final = "handinger_tui"
MASK: Final = "[redacted]"
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_SHAPED: Final = re.compile(
    r"(?i)\bbearer\s+\S+"
    r"|\b(?:authorization|x-handinger-token)\b\s*[:=]\s*(?:bearer\s+)?\S+"
    r"|\b(?:hdg|whk)_[A-Za-z0-9_\-]+"
)
"""Text shaped like a credential: an Authorization value, a Handinger key, a webhook token."""


class LogFileError(ValueError):
    """The log file cannot be opened; the message is fit to show as is."""


class Redactor(logging.Filter):
    """Masks secrets in a record's message, traceback and stack before any handler writes."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        """Mask ``secret`` from now on (a key typed in the app, say)."""
        if secret.strip():
            self._secrets.add(secret)

    def clean(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return clean(_SHAPED.sub(MASK, text))

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.clean(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        return True


class LogFile:
    """An open ``--log`` file: the handler on the ``handinger_tui`` logger, and its filter."""

    def __init__(
        self, path: Path, handler: logging.Handler, redactor: Redactor, level: int
    ) -> None:
        self.path = path
        self.handler = handler
        self.redactor = redactor
        self._level = level  # the logger's level before, put back on close

    def close(self) -> None:
        logger = logging.getLogger(LOGGER)
        logger.removeHandler(self.handler)
        logger.setLevel(self._level)
        self.handler.close()


def open_log(path: Path, secrets: Iterable[str] = ()) -> LogFile:
    """Start writing the debug log to ``path``; :class:`LogFileError` if it cannot be."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC
    flags |= getattr(os, "O_NOFOLLOW", 0)  # a link planted at the path is not followed
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        why = "it is a symbolic link" if exc.errno == getattr(os, "ELOOP", -1) else exc.strerror
        raise LogFileError(f"cannot write the log file {path}: {why}") from None
    try:
        os.fchmod(fd, 0o600)  # an existing file others could read is narrowed too
    except OSError as exc:
        os.close(fd)
        raise LogFileError(f"cannot make the log file {path} private: {exc.strerror}") from None
    stream = os.fdopen(fd, "a", encoding="utf-8", errors="replace")
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter(FORMAT))
    redactor = Redactor(secrets)
    handler.addFilter(redactor)
    logger = logging.getLogger(LOGGER)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    return LogFile(path, handler, redactor, level)


def start_session_log(path: str, settings: Settings, workers: int) -> LogFile:
    """``--log FILE`` from the command line: open it and say what this session is."""
    key = settings.api_key.get_secret_value() if settings.api_key is not None else ""
    log_file = open_log(Path(path).expanduser(), secrets=[key])
    logging.getLogger(LOGGER).info(
        "handinger-tui %s: base URL %s, API key from %s, %d workers given at start",
        __version__,
        settings.base_url,
        settings.api_key_source or "nowhere",
        workers,
    )
    return log_file
