"""Small shared types: the ``NOT_GIVEN`` sentinel."""

from __future__ import annotations

from typing import Any, Final, Literal, TypeVar

__all__ = ["NOT_GIVEN", "NotGiven", "given"]

T = TypeVar("T")


class NotGiven:
    """Marks an argument the caller did not pass (distinct from ``None``, which means null).

    >>> def f(x: int | NotGiven = NOT_GIVEN) -> None: ...
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


def given(**fields: Any) -> dict[str, Any]:
    """The keyword arguments that were actually given (drops ``NOT_GIVEN``, keeps ``None``)."""
    return {key: value for key, value in fields.items() if not isinstance(value, NotGiven)}
