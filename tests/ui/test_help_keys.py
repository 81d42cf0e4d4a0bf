"""The help's key table: a description that wraps keeps its column (and the ✎ its own)."""

from __future__ import annotations

from rich.console import Console

from handinger_tui.ui.actions import ACTIONS
from handinger_tui.ui.screens.help import key_table


def lines_at(width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(key_table({action.id: action.id.split(".")[-1] for action in ACTIONS}))
    return capture.get().splitlines()


def test_a_wrapped_description_stays_in_its_column() -> None:
    lines = lines_at(72)  # the help box's inside at 80 columns
    first = next(i for i, line in enumerate(lines) if "Sort problems first" in line)
    column = lines[first].index("Sort problems first")
    wrapped = lines[first + 1]
    assert wrapped[:column].strip() == ""  # nothing in the key and mark columns
    assert wrapped[column] != " "  # the wrapped words start under the first line's


def test_a_write_is_marked_beside_its_description() -> None:
    line = next(line for line in lines_at(120) if "worker.delete" in line)
    assert "✎ " in line
    mark = line.index("✎")
    assert line[mark + 2] != " "  # the description follows the mark
