"""The sanitizer: hostile server text renders literally and carries no control characters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from handinger_tui.core import safe_text
from handinger_tui.core.safe_text import (
    ESC_SYMBOL,
    clean,
    field_controls,
    for_field,
    markdown_source,
    mask_secret,
    one_line,
    text,
)

BIDI = {chr(c) for c in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]}
REMOVED_FORMAT = set(safe_text._INVISIBLE)

# Any code point, including surrogates and controls, the way a JSON body could carry them.
any_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200)
hostile_text = st.text(
    alphabet=st.sampled_from(
        [
            *["\x1b", "\x07", "\x9b", "\x9d", "\r", "\n", "\t", "\x00", "\x7f", "[", "]"],
            *["a", "é", "\u2028", "\ud800", "\u200d", "\ufeff"],
            *sorted(BIDI),
        ]
    ),
    max_size=80,
)


def assert_safe(out: str) -> None:
    for ch in out:
        code = ord(ch)
        assert code >= 0x20 or ch == "\n", repr(out)
        assert not 0x7F <= code <= 0x9F, repr(out)
        assert ch not in BIDI, repr(out)
        assert ch not in REMOVED_FORMAT, repr(out)
        assert not 0xD800 <= code <= 0xDFFF, repr(out)
        assert ch not in "\r\u2028\u2029\t", repr(out)


@given(any_text)
def test_clean_output_is_safe(value: str) -> None:
    assert_safe(clean(value))


@given(hostile_text)
def test_clean_output_is_safe_for_hostile_alphabet(value: str) -> None:
    assert_safe(clean(value))
    assert_safe(clean(value, keep_newlines=False))


@given(any_text)
def test_clean_is_idempotent(value: str) -> None:
    once = clean(value)
    assert clean(once) == once
    flat = clean(value, keep_newlines=False)
    assert clean(flat, keep_newlines=False) == flat
    assert "\n" not in flat


@given(hostile_text)
def test_one_line_is_idempotent_and_flat(value: str) -> None:
    once = one_line(value)
    assert one_line(once) == once
    assert "\n" not in once
    assert "  " not in once


@given(any_text)
def test_printable_characters_are_preserved_in_order(value: str) -> None:
    kept = [
        ch
        for ch in value
        if ch.isprintable() and ch not in REMOVED_FORMAT and not 0xD800 <= ord(ch) <= 0xDFFF
    ]
    out = clean(value)
    # Every printable input character appears in the output, in the same order.
    it = iter(out)
    assert all(ch in it for ch in kept)


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=100))
def test_plain_text_is_unchanged(value: str) -> None:
    assert clean(value) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[2J", f"{ESC_SYMBOL}[2J"),
        ("\x1b]52;c;aGk=\x07", f"{ESC_SYMBOL}]52;c;aGk="),
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", None),
        ("a\r\nb\rc\n", "a\nb\nc\n"),
        ("a\u2028b\u2029c", "a\nb\nc"),
        ("\x9b31mred", "31mred"),
        ("x\x00y\x7fz\x85w", "xyzw"),
        ("admin\u202egnp.exe", "admingnp.exe"),
        ("\u2066hidden\u2069", "hidden"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("a\tb", "a   b"),
        ("ab\tc\n\td", "ab  c\n    d"),
        ("family \U0001f468\u200d\U0001f469\u200d\U0001f467", None),
        ("bad \ud800 surrogate", "bad \ufffd surrogate"),
        (None, ""),
        (42, "42"),
        ("[@click=app.quit]x[/bold]", "[@click=app.quit]x[/bold]"),
    ],
)
def test_clean_table(raw: object, expected: str | None) -> None:
    out = clean(raw)
    assert_safe(out)
    if expected is not None:
        assert out == expected
    if raw is not None and "\u200d" in str(raw):
        assert out == raw  # ZWJ emoji sequences survive


def test_osc8_hyperlink_is_neutralised() -> None:
    out = clean("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\")
    assert "\x1b" not in out
    assert (
        out
        == f"{ESC_SYMBOL}]8;;https://evil.example{ESC_SYMBOL}\\click{ESC_SYMBOL}]8;;{ESC_SYMBOL}\\"
    )


def test_keep_newlines_false_and_tab_size() -> None:
    assert clean("a\nb\r\nc", keep_newlines=False) == "a b c"
    assert clean("\tx", tab_size=2) == "  x"
    assert clean("\tx", tab_size=0) == " x"


def test_hostile_str_does_not_raise() -> None:
    class Hostile:
        def __str__(self) -> str:
            raise RuntimeError("boom")

    assert clean(Hostile()) == "<unprintable Hostile>"


def test_one_line_collapses_and_truncates() -> None:
    assert one_line("  a \n\n b\t\tc  ") == "a b c"
    assert one_line("abcdef", max_len=4) == "abc…"
    assert one_line("abcd", max_len=4) == "abcd"
    assert one_line("abcd", max_len=1) == "…"
    assert one_line("abcd", max_len=0) == ""
    assert one_line(None) == ""


def test_text_is_literal_rich_text() -> None:
    hostile = "[@click=app.quit]Quit[/] [/bold] [link=https://evil.example]x[/link]\x1b[2J"
    rendered = text(hostile, "bold")
    assert isinstance(rendered, Text)
    assert rendered.plain == clean(hostile)
    assert str(rendered.style) == "bold"
    assert rendered.spans == []  # nothing parsed into styles or actions
    console = Console(width=200, color_system=None, file=None, record=True)
    with console.capture() as capture:
        console.print(rendered)
    output = capture.get()
    assert "[@click=app.quit]Quit[/] [/bold]" in output
    assert "\x1b" not in output


def test_text_options() -> None:
    assert text("a\n b", one_line=True).plain == "a b"
    assert text("abcdef", max_len=3).plain == "ab…"
    assert text("a\nb").plain == "a\nb"
    assert text(None).plain == ""


def test_markdown_source_keeps_structure() -> None:
    src = "# Title\r\n\n- item\x1b[31m\n```\n\tcode\n```"
    out = markdown_source(src)
    assert out == f"# Title\n\n- item{ESC_SYMBOL}[31m\n```\n    code\n```"


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("whk_01J8XM0P4R6S8T2V5W7Y9Z3A1B", "whk_••••••••3A1B"),
        ("hdg_live_abcdefghijklmnop", "hdg_••••••••mnop"),
        ("abcdefghijklmnop", "••••••••mnop"),
        ("whk_short", "whk_••••••••"),  # too short to show a tail
        ("x", "••••••••"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_mask_secret(secret: str | None, expected: str) -> None:
    assert mask_secret(secret) == expected


def test_mask_secret_never_reveals_more_than_four() -> None:
    secret = "whk_" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    masked = mask_secret(secret, visible=10)
    assert masked == "whk_••••••••WXYZ"
    assert mask_secret(secret, visible=0) == "whk_••••••••"
    assert "\x1b" not in mask_secret("\x1b[2J_secretsecretsecret")


def test_no_unexpected_categories_survive() -> None:
    # Spot-check: every Cc character is removed or made visible.
    for code in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
        out = clean(chr(code))
        assert all(unicodedata.category(ch) != "Cc" or ch == "\n" for ch in out)


# ------------------------------------------------------------------------- form fields


def assert_field_safe(out: str, multiline: bool) -> None:
    """Nothing a terminal would act on; tab/newline only where the field is multi-line."""
    kept = "\t\n" if multiline else ""
    for ch in out:
        code = ord(ch)
        assert code >= 0x20 or ch in kept, repr(out)
        assert not 0x7F <= code <= 0x9F, repr(out)
        assert ch not in BIDI and ch not in REMOVED_FORMAT, repr(out)
        assert not 0xD800 <= code <= 0xDFFF, repr(out)
        assert ch not in "\r\u2028\u2029", repr(out)


@given(any_text, st.booleans())
def test_for_field_output_is_safe_idempotent_and_flagged(value: str, multiline: bool) -> None:
    out = for_field(value, multiline=multiline)
    assert_field_safe(out, multiline)
    assert for_field(out, multiline=multiline) == out
    # whatever had to change is still visible as a stand-in, so a check can refuse it
    if out != value and not (multiline and out == _lines(value)):
        assert field_controls(out, multiline=multiline)


def _lines(value: str) -> str:
    return (
        value.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b]0;PWNED\x07b", "a\u241b]0;PWNED\u2407b"),  # OSC 0: ESC and BEL made visible
        ("\x1b[2J", "\u241b[2J"),
        ("\x9b31m", "\u241b[31m"),  # the 8-bit CSI shows as ESC [
        ("x\u202ey", "x\ufffdy"),  # a bidi override is marked, not dropped
        ("\x7f", "\u2421"),
        ("a\tb\nc", "a\u2409b\u240ac"),  # one-line fields show tab and newline
    ],
)
def test_for_field_one_line_shows_what_was_there(raw: str, shown: str) -> None:
    assert for_field(raw, multiline=False) == shown


def test_for_field_multiline_keeps_tab_and_newline() -> None:
    assert for_field("a\tb\r\nc\rd\u2028e", multiline=True) == "a\tb\nc\nd\ne"
    assert for_field("\x1b]52;c;ZXZpbA==\x07", multiline=True) == "\u241b]52;c;ZXZpbA==\u2407"


def test_field_controls_names_raw_controls_and_stand_ins() -> None:
    assert field_controls("plain text, é, emoji \u200d ok", multiline=False) == ""
    assert field_controls("a\tb\nc", multiline=True) == ""
    assert field_controls("a\tb", multiline=False) == "\t"
    assert field_controls("x\x1by\x1b", multiline=True) == "\x1b"
    assert field_controls("x\u241by\ufffd", multiline=True) == "\u241b\ufffd"
