"""Readers of freshness take ``Resource[object]``: no ``Resource[Any]`` hides a value's type."""

from __future__ import annotations

import ast
from pathlib import Path

import handinger_tui

PRODUCT = Path(handinger_tui.__file__).parent


def _any_resources(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Resource"
            and isinstance(node.slice, ast.Name)
            and node.slice.id == "Any"
        ):
            found.append(f"{path.relative_to(PRODUCT)}:{node.lineno}")
    return found


def test_no_resource_is_read_as_any() -> None:
    found = [where for path in sorted(PRODUCT.rglob("*.py")) for where in _any_resources(path)]
    assert found == []
