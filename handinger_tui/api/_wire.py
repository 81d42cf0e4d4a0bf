"""The base of the wire models and their strict or lax reading (see ``models``).

Lax (production) reads what the real service may drift to: a number with a fraction
where the reference says integer is kept (a whole float becomes an ``int``); a null
where a field has a non-null default takes that default; a list item that cannot be read
becomes one ``Unreadable`` placeholder with the reason, and the rest of the list is kept.

Strict (tests, emulator conformance) refuses what the reference does not allow:
undocumented keys, unknown enum values, nulls in non-nullable fields, fractions in
integer fields, unreadable list items. ``tests/conftest.py`` switches it on.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Annotated, Any, ClassVar, TypeAlias, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticUndefined

__all__ = [
    "BUILT_ON_FIRST_USE",
    "STRICT_WIRE_ENV",
    "Number",
    "Unreadable",
    "WireModel",
    "opt_text",
    "read_each",
    "set_strict_wire",
    "strict_wire",
    "strict_wire_mode",
    "text",
]

T = TypeVar("T")

# --- strict or lax -----------------------------------------------------------------------

STRICT_WIRE_ENV = "HANDINGER_TUI_STRICT_WIRE"
"""Set to 1 to start strict (read once, at import); tests use ``set_strict_wire``."""


class _Mode:
    strict = os.environ.get(STRICT_WIRE_ENV, "").strip() not in ("", "0")


def strict_wire() -> bool:
    """True when the models refuse what the reference does not allow."""
    return _Mode.strict


def set_strict_wire(on: bool) -> bool:
    """Switch strict reading on or off for the whole process; returns the previous mode."""
    previous, _Mode.strict = _Mode.strict, on
    return previous


@contextmanager
def strict_wire_mode(on: bool) -> Iterator[None]:
    """Strict (or lax) reading inside the ``with`` block, restored after."""
    previous = set_strict_wire(on)
    try:
        yield
    finally:
        set_strict_wire(previous)


def _number(value: int | float) -> int | float:
    """Finite always; strict: an integer; lax: a whole float becomes an ``int``."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        if _Mode.strict:
            raise ValueError(f"the reference says integer, got {value!r}")
        if value.is_integer():
            return int(value)
    return value


Number: TypeAlias = Annotated[int | float, AfterValidator(_number)]
"""A count or measure the reference types as integer; lax reading keeps a fraction."""


@cache
def _wire_names(cls: type[BaseModel]) -> Mapping[str, str]:
    """Wire name and Python name of each field -> the Python name."""
    names: dict[str, str] = {}
    for name, info in cls.model_fields.items():
        names[name] = name
        if info.alias:
            names[info.alias] = name
    return names


BUILT_ON_FIRST_USE = ConfigDict(defer_build=True)
"""The config of a model the worker list never reads (task bodies, requests, placeholders):
its validator is built when first used, not at start-up (``defer_build``)."""


class WireModel(BaseModel):
    """Base of every wire model: aliases, attribute names, unknown fields kept.

    ``_nullable`` names the fields the reference lets be null; ``_known`` the documented
    values of enum fields. Both are only enforced in strict mode; ``_checked = False``
    (request shapes) skips the strict checks.
    """

    model_config = ConfigDict(populate_by_name=True, extra="allow")

    _nullable: ClassVar[frozenset[str]] = frozenset()
    _known: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    _checked: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _nulls(cls, data: Any) -> Any:
        """Strict: a null the reference does not allow is refused. Lax: it takes the default."""
        if not isinstance(data, dict) or not cls._checked:
            return data
        names = _wire_names(cls)
        nulls = [k for k, v in data.items() if v is None and names.get(k) not in cls._nullable]
        if _Mode.strict:
            known = [k for k in nulls if k in names]
            if known:
                raise ValueError(f"null where the reference does not allow it: {', '.join(known)}")
            return data
        dropped = []
        for key in nulls:
            info = cls.model_fields.get(names.get(key, ""))
            has_value = info is not None and (
                info.default_factory is not None or info.default not in (None, PydanticUndefined)
            )
            if has_value:
                dropped.append(key)
        return {k: v for k, v in data.items() if k not in dropped} if dropped else data

    @model_validator(mode="after")
    def _strict_checks(self) -> WireModel:
        """Strict: no undocumented keys, no enum value the reference does not list."""
        if not _Mode.strict or not self._checked:
            return self
        if self.model_extra:
            raise ValueError(f"keys the reference does not document: {', '.join(self.model_extra)}")
        for name, allowed in self._known.items():
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise ValueError(f"{name} {value!r} is not one of {', '.join(allowed)}")
        return self

    def to_wire(self) -> dict[str, Any]:
        """The JSON-ready wire form (aliases, ISO dates)."""
        return self.model_dump(mode="json", by_alias=True)


class Unreadable(WireModel):
    """Marks a list item this client could not read: why, and what the server sent."""

    model_config = BUILT_ON_FIRST_USE

    reason: str = ""
    received: Any = None


def reason_of(exc: ValidationError) -> str:
    """The first problems of a validation error, short: 'nextRunAt: Input should be ...'."""
    parts = []
    for error in exc.errors(include_url=False)[:2]:
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {error['msg']}" if where else str(error["msg"]))
    return "; ".join(parts) or "unreadable"


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def opt_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else "array"


def read_each(items: Any, read: Callable[[Any], T], unreadable: Callable[[Any, str], T]) -> Any:
    """Lax: read a list item by item; an item that fails becomes ``unreadable(item, why)``.

    Strict, or when ``items`` is not a list, it is returned as is (the field refuses it).
    """
    if _Mode.strict or not isinstance(items, list):
        return items
    out: list[T] = []
    for item in items:
        if not isinstance(item, dict):
            out.append(unreadable(item, f"not an object: {_json_type(item)}"))
            continue
        try:
            out.append(read(item))
        except ValidationError as exc:
            out.append(unreadable(item, reason_of(exc)))
    return out
