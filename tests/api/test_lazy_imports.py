"""Importing the error types costs nothing heavy: the package's public names are lazy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import handinger_tui.api as api


def loaded_after(statement: str) -> set[str]:
    """Top-level modules loaded by ``statement`` in a fresh interpreter."""
    code = f"import sys; {statement}; import json; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out)}


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
