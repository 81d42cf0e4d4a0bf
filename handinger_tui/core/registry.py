"""Tracked workers and their cached templates, one JSON file per base URL.

The API has no "list workers" and no "get template" endpoint, so the worker list is what
this installation tracks: workers created here, added by id or by a pasted dashboard URL,
or passed with ``--worker``. The template fields known from create/update responses are
cached alongside the id.

Storage: ``<data_dir>/<host>-<sha256(normalized base URL)[:8]>.json`` with a ``version``
field, written atomically by `core.registry_file`. A file that cannot be read is moved aside
and reported in :attr:`Registry.problems`; it never crashes the app. A file that can be
neither read nor moved aside is never saved over (the session's changes then stay in memory
only).

Every mutation saves at once (auto-save). An I/O failure during auto-save does not raise:
the in-memory list stays changed, the message is kept in :attr:`Registry.save_error` and
passed to :attr:`Registry.on_problem` for the UI to show; an explicit :meth:`Registry.save`
raises :class:`RegistryError`.
Writes are small and synchronous; the last writer wins if two app instances share a file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import platformdirs

from handinger_tui.core import registry_file

__all__ = [
    "FORMAT_VERSION",
    "Registry",
    "RegistryError",
    "TrackedWorker",
    "normalize_base_url",
    "parse_worker_ref",
    "registry_file_name",
]

FORMAT_VERSION: Final = 1
APP_NAME: Final = "handinger-tui"
MAX_ID_LENGTH: Final = 256

_TEMPLATE_FIELDS: Final = (
    "title",
    "summary",
    "instructions",
    "visibility",
    "output_schema",
    "url",
    "created_at",
    "updated_at",
)
_CAMEL: Final = {
    "output_schema": "outputSchema",
    "created_at": "createdAt",
    "updated_at": "updatedAt",
}
_MISSING: Final = object()
_STORED: Final = ("id", *_TEMPLATE_FIELDS, "source", "added_at")  # TrackedWorker's fields
_NOT_IN_ID: Final = " /\\?#"


class RegistryError(Exception):
    """The tracked-worker file could not be written."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    enum_value = getattr(value, "value", None)  # str enums from the wire models
    if isinstance(enum_value, str):
        return enum_value
    return str(value)


def _opt_schema(value: object) -> dict[str, Any] | None:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    return None


@dataclass(frozen=True)
class TrackedWorker:
    """One tracked worker and what is known of its template (``None`` = not known)."""

    id: str
    title: str | None = None
    summary: str | None = None
    instructions: str | None = None
    visibility: str | None = None
    output_schema: dict[str, Any] | None = field(default=None, hash=False)
    url: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    source: str = "added"
    added_at: str = field(default_factory=_now)

    @property
    def display_name(self) -> str:
        """The title when known and non-blank, else the id. Not sanitized: use safe_text."""
        return self.title if self.title and self.title.strip() else self.id

    @property
    def template_known(self) -> bool:
        """True once a create/update response has been cached for this worker."""
        return any(getattr(self, name) is not None for name in _TEMPLATE_FIELDS)

    def to_json(self) -> dict[str, Any]:
        """The JSON object stored on disk (`output_schema` is not copied: do not change it)."""
        return {name: getattr(self, name) for name in _STORED}

    @classmethod
    def from_json(cls, data: object) -> TrackedWorker:
        """Parse a stored record; unknown keys are ignored. Raises ``ValueError``."""
        if not isinstance(data, Mapping):
            raise ValueError("record is not an object")
        worker_id = data.get("id")
        if not isinstance(worker_id, str) or _valid_id(worker_id) is None:
            raise ValueError(f"record has no valid id: {worker_id!r}")
        values: dict[str, Any] = {"id": worker_id}
        for name in _STORED[1:]:
            raw = data.get(name)
            if raw is None:
                continue
            if type(raw) is str:  # nearly every stored field
                values[name] = raw
            else:
                values[name] = _opt_schema(raw) if name == "output_schema" else _opt_str(raw)
        return cls(**values)


def _read_field(template: object, name: str) -> object:
    if isinstance(template, Mapping):
        if name in template:
            return template[name]
        return template.get(_CAMEL.get(name, name), _MISSING)
    return getattr(template, name, _MISSING)


# ---------------------------------------------------------------- ids and URLs


def _valid_id(candidate: str) -> str | None:
    if not candidate or len(candidate) > MAX_ID_LENGTH:
        return None
    if candidate in (".", ".."):  # a path segment that would address another endpoint
        return None
    # Every whitespace but " " is unprintable, as are control characters.
    if not candidate.isprintable() or any(ch in candidate for ch in _NOT_IN_ID):
        return None
    return candidate


def parse_worker_ref(text: str) -> str | None:
    """A worker id from a raw id or a pasted dashboard URL, or ``None`` if neither.

    Accepts ``t_org_1_w_X``, ``https://handinger.com/worker/<id>``,
    ``https://v3.handinger.com/worker/<id>/task/<tid>?x#y``, ``handinger.com/worker/<id>``
    and API URLs ``.../api/workers/<id>``. Ids are opaque: only whitespace, slashes,
    ``?``/``#``, control characters and the path segments ``.`` / ``..`` are rejected.
    """
    if not isinstance(text, str):
        return None
    ref = text.strip().strip("<>\"'`").strip()
    if not ref:
        return None
    if "/" not in ref and "://" not in ref:
        return _valid_id(ref)
    if "://" not in ref:
        ref = "https://" + ref.lstrip("/")
    try:
        parts = urlsplit(ref)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    for index, segment in enumerate(segments[:-1]):
        if segment.lower() in ("worker", "workers"):
            return _valid_id(segments[index + 1])
    return None


def normalize_base_url(base_url: str) -> str:
    """Lower-case scheme and host, drop default ports, trailing slashes, query, fragment."""
    raw = base_url.strip()
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if port is not None and (scheme, port) not in (("https", 443), ("http", 80)):
        netloc = f"{host}:{port}"
    path = parts.path.rstrip("/")
    return f"{scheme}://{netloc}{path}"


def registry_file_name(base_url: str) -> str:
    """``<sanitized host>-<8 hex of sha256(normalized URL)>.json``."""
    normalized = normalize_base_url(base_url)
    host = urlsplit(normalized).hostname or "unknown"
    safe_host = re.sub(r"[^a-z0-9.-]", "_", host)[:64].strip(".") or "unknown"
    digest = hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:8]
    return f"{safe_host}-{digest}.json"


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


# ---------------------------------------------------------------- the registry


class Registry:
    """The ordered set of tracked workers for one base URL."""

    def __init__(self, base_url: str, path: Path | None) -> None:
        self.base_url = normalize_base_url(base_url) if base_url else ""
        self.path = path
        self.problems: list[str] = []
        self.save_error: str | None = None
        self.on_problem: Callable[[str], None] | None = None  # auto-save failures
        self._keep_off: str | None = None  # why the file on disk must not be saved over
        self._workers: dict[str, TrackedWorker] = {}
        self._removed_at: dict[str, int] = {}
        self.revision = 0  # counts the changes: readers that cache rows compare it
        if path is not None:
            self._load()

    @classmethod
    def for_base_url(cls, base_url: str, data_dir: Path | None = None) -> Registry:
        """The persistent registry for ``base_url`` (loaded now; missing file = empty)."""
        directory = data_dir if data_dir is not None else _default_data_dir()
        return cls(base_url, directory / registry_file_name(base_url))

    @classmethod
    def in_memory(cls, base_url: str = "") -> Registry:
        """A registry that never touches the disk (``--demo``, tests)."""
        return cls(base_url, None)

    # -- reading

    @property
    def persistent(self) -> bool:
        return self.path is not None

    def ids(self) -> list[str]:
        """Tracked ids in tracking order (stable across saves and loads)."""
        return list(self._workers)

    def workers(self) -> list[TrackedWorker]:
        return list(self._workers.values())

    def get(self, worker_id: str) -> TrackedWorker | None:
        return self._workers.get(worker_id)

    def __contains__(self, worker_id: object) -> bool:
        return worker_id in self._workers

    def __len__(self) -> int:
        return len(self._workers)

    def __iter__(self) -> Iterator[TrackedWorker]:
        return iter(list(self._workers.values()))

    # -- mutating (each saves)

    def track(self, worker_id: str, *, source: str = "added") -> TrackedWorker:
        """Track ``worker_id`` (idempotent: an existing record is returned unchanged)."""
        known = len(self._workers)
        record = self._track(worker_id, source)
        if len(self._workers) != known:
            self._autosave()
        return record

    def track_many(
        self, worker_ids: Iterable[str], *, source: str = "added"
    ) -> list[TrackedWorker]:
        """Track several ids with a single save (none when every id was tracked already)."""
        known = len(self._workers)
        records = [self._track(worker_id, source) for worker_id in worker_ids]
        if len(self._workers) != known:
            self._autosave()
        return records

    def untrack(self, worker_id: str) -> TrackedWorker | None:
        """Stop tracking; returns the removed record (for :meth:`restore`) or ``None``."""
        if worker_id not in self._workers:
            return None
        self._removed_at[worker_id] = list(self._workers).index(worker_id)
        record = self._workers.pop(worker_id)
        self._autosave()
        return record

    def restore(self, record: TrackedWorker) -> TrackedWorker:
        """Undo :meth:`untrack`: put the record back at its old position."""
        position = self._removed_at.pop(record.id, None)
        items = [(k, v) for k, v in self._workers.items() if k != record.id]
        if position is None or position > len(items):
            position = len(items)
        items.insert(position, (record.id, record))
        self._workers = dict(items)
        self._autosave()
        return record

    def remember_template(self, template: object, *, source: str = "created") -> TrackedWorker:
        """Cache a WorkerTemplate's fields (tracking it if needed) and return the record.

        ``template`` is read duck-typed: an object with ``id``, ``title``, ... attributes
        (``handinger_tui.api.models.WorkerTemplate``) or a mapping with snake_case or
        wire camelCase keys. Attributes it lacks keep their cached value.
        """
        raw_id = _read_field(template, "id")
        worker_id = raw_id if isinstance(raw_id, str) else None
        if worker_id is None or _valid_id(worker_id) is None:
            raise ValueError(f"template has no valid id: {raw_id!r}")
        existing = self._workers.get(worker_id) or TrackedWorker(id=worker_id, source=source)
        changes: dict[str, Any] = {}
        for name in _TEMPLATE_FIELDS:
            value = _read_field(template, name)
            if value is _MISSING:
                continue
            changes[name] = _opt_schema(value) if name == "output_schema" else _opt_str(value)
        record = dataclasses.replace(existing, **changes)
        self._workers[worker_id] = record
        self._autosave()
        return record

    def forget_template(self, worker_id: str) -> TrackedWorker | None:
        """Drop cached template fields but keep tracking the id."""
        existing = self._workers.get(worker_id)
        if existing is None:
            return None
        cleared: dict[str, Any] = dict.fromkeys(_TEMPLATE_FIELDS)
        record = dataclasses.replace(existing, **cleared)
        self._workers[worker_id] = record
        self._autosave()
        return record

    def clear(self) -> None:
        self._workers.clear()
        self._autosave()

    def _track(self, worker_id: str, source: str) -> TrackedWorker:
        valid = _valid_id(worker_id.strip()) if isinstance(worker_id, str) else None
        if valid is None:
            raise ValueError(f"not a valid worker id: {worker_id!r}")
        existing = self._workers.get(valid)
        if existing is not None:
            return existing
        record = TrackedWorker(id=valid, source=source)
        self._workers[valid] = record
        return record

    # -- persistence

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "base_url": self.base_url,
            "workers": [record.to_json() for record in self._workers.values()],
        }

    def save(self) -> None:
        """Write atomically. Raises :class:`RegistryError` on I/O failure."""
        if self.path is None:
            return
        if self._keep_off is not None:
            self.save_error = (
                f"Not saving tracked workers over {self.path}: {self._keep_off}; "
                "this session's changes are kept in memory only."
            )
            raise RegistryError(self.save_error)
        header = {"version": FORMAT_VERSION, "base_url": self.base_url}
        payload = registry_file.encode(header, (r.to_json() for r in self._workers.values()))
        try:
            registry_file.write(self.path, payload)
        except OSError as exc:
            self.save_error = (
                f"Could not save tracked workers to {self.path}: {exc.strerror or exc}; "
                "this session's changes are kept in memory only (the file is unchanged)."
            )
            raise RegistryError(self.save_error) from exc
        self.save_error = None

    def _autosave(self) -> None:
        """After every change: count it, then save (a failure is reported, not raised)."""
        self.revision += 1
        try:
            self.save()
        except RegistryError as exc:
            if self.on_problem is not None:
                self.on_problem(str(exc))

    def _load(self) -> None:
        assert self.path is not None
        stored = registry_file.read(self.path, FORMAT_VERSION)
        self.problems += stored.problems
        self._keep_off = stored.keep_off
        bad: list[str] = []
        workers = self._workers
        for entry in stored.entries:
            try:
                record = TrackedWorker.from_json(entry)
            except (ValueError, TypeError) as exc:
                bad.append(str(exc))
                continue
            workers.setdefault(record.id, record)
        if bad:
            copied = registry_file.move_aside(self.path, self.problems, copy=True)
            if copied is None:
                self._keep_off = "it holds entries this version could not read"
            where = f"the original is kept at {copied}" if copied else "it is left as it is"
            self.problems.append(
                f"Skipped {len(bad)} unreadable entr{'y' if len(bad) == 1 else 'ies'} in "
                f"{self.path} ({bad[0]}); {where}."
            )
