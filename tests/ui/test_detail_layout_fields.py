"""The detail fields' own lines are exactly the rich Table's they replace, at any width."""

from __future__ import annotations

import random

import pytest
from rich.console import Console, RenderableType

from handinger_tui.ui.detail.fields import FieldLines, field_table

LABELS = ["Title", "Id", "Status", "Changed", "Summary", "Dashboard", "Visibility", "X"]
WORDS = [
    "report",
    "https://handinger.com/worker/t_org_4821_w_01KQGDJZ9RFXRWC606MAQKXR21",
    "日本語のテキスト",
    "tab\there",
    "",
    "22 credits · 1m 15s",
    "🍰",
    "Café",
    "[bold]not markup[/bold]",
    "a" * 70,
]


def shown(console: Console, renderable: RenderableType) -> list[list[tuple[str, str]]]:
    """Each line's segments: text and style (what a terminal would be sent)."""
    return [
        [(segment.text, str(segment.style)) for segment in line]
        for line in console.render_lines(renderable, console.options, pad=False)
    ]


@pytest.mark.parametrize("seed", range(8))
def test_the_fields_look_like_the_table_at_every_width(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(25):
        fields = [
            (rnd.choice(LABELS), " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 8))))
            for _ in range(rnd.randint(1, 9))
        ]
        for width in (10, 17, 24, 33, 47, 64, 80, 121):
            console = Console(width=width, color_system="truecolor", legacy_windows=False)
            assert shown(console, FieldLines(fields)) == shown(console, field_table(fields)), (
                width,
                fields,
            )


@pytest.mark.parametrize("seed", range(4))
def test_fields_said_to_fit_one_line_each_render_one_line_each(seed: int) -> None:
    """The detail pane skips measuring the fields by rendering when they fit on one line
    each: the lines rendered must then be exactly one per field."""
    rnd = random.Random(seed)
    said = 0
    for _ in range(40):
        fields = [
            (rnd.choice(LABELS), " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 3))))
            for _ in range(rnd.randint(0, 9))
        ]
        for width in (10, 17, 24, 33, 47, 64, 80, 121):
            console = Console(width=width, color_system="truecolor", legacy_windows=False)
            lines = FieldLines(fields)
            rendered = len(shown(console, lines))
            if lines.one_line_each(width):
                said += 1
                assert rendered == len(fields), (width, fields)
    assert said > 20


def test_a_value_is_text_never_markup() -> None:
    console = Console(width=60, color_system="truecolor", legacy_windows=False)
    value = "[bold red]x[/] [link=https://e.example]y"
    lines = shown(console, FieldLines([("Title", value)]))
    assert lines == [[("Title", "bold"), ("  ", "bold"), (value, "None")]]
