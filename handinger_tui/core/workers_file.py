"""``--workers-file FILE``: one worker id or dashboard URL a line.

Blank lines and lines starting with ``#`` are skipped. Each other line goes through
:func:`core.registry.parse_worker_ref`; a line that is not a worker reference, a URL on a
host that is not a Handinger dashboard, or a worker already listed is reported (with its
line number) and the rest are tracked. Reported text is cleaned to one line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from handinger_tui.core.dashboard_urls import url_host
from handinger_tui.core.registry import parse_worker_ref
from handinger_tui.core.safe_text import one_line

__all__ = [
    "MAX_WORKERS_FILE",
    "WorkersFile",
    "WorkersFileError",
    "parse_workers",
    "read_workers",
    "split_worker_flags",
]

MAX_WORKERS_FILE: Final = 1024 * 1024


class WorkersFileError(ValueError):
    """The file cannot be read at all; the message is fit to show as is."""


@dataclass(frozen=True)
class WorkersFile:
    """The worker ids to track, in file order, and one problem per line left out."""

    where: str
    ids: tuple[str, ...]
    problems: tuple[str, ...]  # "line 4: 'x y' is neither a worker id nor a dashboard URL"

    def summary(self) -> str | None:
        """One line for the app (the problems cut short), or ``None`` when there are none."""
        if not self.problems:
            return None
        count = len(self.problems)
        lines = "1 line" if count == 1 else f"{count} lines"
        tracked = "1 worker" if len(self.ids) == 1 else f"{len(self.ids)} workers"
        return one_line(
            f"{self.where}: {lines} left out, {tracked} tracked: {'; '.join(self.problems)}", 300
        )


def parse_workers(
    text: str,
    where: str,
    *,
    dashboard_host: Callable[[str], bool],
    known: Iterable[str] = (),
) -> WorkersFile:
    """The ids in ``text``; ``known`` ids (e.g. from ``--worker``) count as duplicates."""
    first_line: dict[str, int | None] = dict.fromkeys(known)
    ids: list[str] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        shown = one_line(line, 80)
        worker_id = parse_worker_ref(line)
        host = url_host(line)
        if host and not dashboard_host(host):
            problems.append(
                f"line {number}: {shown!r} is a URL on {one_line(host, 60)}, "
                "not a Handinger dashboard URL"
            )
        elif worker_id is None:
            problems.append(f"line {number}: {shown!r} is neither a worker id nor a dashboard URL")
        elif worker_id in first_line:
            earlier = first_line[worker_id]
            before = f"line {earlier}" if earlier is not None else "--worker"
            problems.append(
                f"line {number}: {one_line(worker_id, 80)} is already listed ({before})"
            )
        else:
            first_line[worker_id] = number
            ids.append(worker_id)
    return WorkersFile(where, tuple(ids), tuple(problems))


def read_workers(
    path: Path, *, dashboard_host: Callable[[str], bool], known: Iterable[str] = ()
) -> WorkersFile:
    """Read and parse ``path``; :class:`WorkersFileError` if it cannot be read as text."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_WORKERS_FILE + 1)
    except FileNotFoundError:
        raise WorkersFileError(f"workers file {path} does not exist") from None
    except IsADirectoryError:
        raise WorkersFileError(f"workers file {path} is a directory") from None
    except OSError as exc:
        raise WorkersFileError(f"could not read workers file {path}: {exc.strerror}") from None
    if len(raw) > MAX_WORKERS_FILE:
        raise WorkersFileError(f"workers file {path} is larger than 1 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkersFileError(f"workers file {path} is not UTF-8 text") from None
    return parse_workers(text, one_line(str(path), 200), dashboard_host=dashboard_host, known=known)


def split_worker_flags(
    argv: Sequence[str], commands: Collection[str] = ()
) -> tuple[list[str], list[str]]:
    """``argv`` without its ``--worker ID`` / ``--worker=ID`` pairs, and those ids in order.

    argparse looks for the next option once per option (quadratic: 0.7 s for 5,000
    ``--worker`` flags), so the command line takes them out first and parses the rest. A
    value starting with ``-``, everything after ``--``, and any ``argv`` naming one of the
    sub`commands` are left to argparse as they are, with its messages.
    """
    if any(arg in commands for arg in argv):
        return list(argv), []
    rest: list[str] = []
    workers: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest += argv[index:]
            break
        if arg.startswith("--worker="):
            workers.append(arg.removeprefix("--worker="))
        elif arg == "--worker" and index + 1 < len(argv) and not argv[index + 1].startswith("-"):
            workers.append(argv[index + 1])
            index += 1
        else:
            rest.append(arg)
        index += 1
    return rest, workers
