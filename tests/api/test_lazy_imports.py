"""Importing the error types costs nothing heavy: the package's public names are lazy."""

from __future__ import annotations

import pytest

import handinger_tui.api as api
from tests.support.modules import loaded_after


@pytest.mark.parametrize(
    "statement",
    ["import handinger_tui.api.errors", "from handinger_tui.api import errors"],
)
def test_error_types_load_neither_httpx_nor_pydantic(statement: str) -> None:
    loaded = loaded_after(statement)
    assert "handinger_tui" in loaded
    assert not loaded & {"httpx", "httpcore", "pydantic", "anyio"}


def test_public_names_still_resolve() -> None:
    for name in api.__all__:
        assert getattr(api, name) is not None
    assert api.HandingerClient.__name__ == "HandingerClient"
    with pytest.raises(AttributeError):
        _ = api.no_such_name  # type: ignore[attr-defined]


def test_every_public_name_has_a_home() -> None:
    assert sorted(api.__all__) == sorted(api._WHERE)
