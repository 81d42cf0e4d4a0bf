"""The structured output as a tree: every label plain Text, depth bounded."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from handinger_tui.core.safe_text import one_line


def add_json(node: Any, data: object, depth: int = 0) -> None:
    """Add a JSON value under a tree node; every label is plain Text."""
    if depth > 30:
        node.add_leaf(Text("…"))
        return
    if isinstance(data, dict):
        for key, value in data.items():
            label = Text(one_line(key, 80), style="bold")
            if isinstance(value, dict | list):
                label.append(
                    f" {'{…}' if isinstance(value, dict) else f'[{len(value)}]'}", style="dim"
                )
                add_json(node.add(label), value, depth + 1)
            else:
                label.append(" = ")
                label.append(_scalar(value))
                node.add_leaf(label)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list):
                add_json(node.add(Text(f"[{index}]", style="bold")), value, depth + 1)
            else:
                node.add_leaf(Text(f"[{index}] ").append(_scalar(value)))
    else:
        node.add_leaf(Text(_scalar(data)))


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + one_line(value, 500) + '"'
    return one_line(value, 100)
