"""A bracketed paste reaches the app as one paste: an ESC inside it never becomes keys.

Textual's parser re-sends what follows an unmatched ESC as key presses, also inside a
paste: ``ESC DEL y`` pasted into the worker list pressed backspace (delete) and ``y``.
"""

from __future__ import annotations

from textual import events
from textual._xterm_parser import XTermParser

from handinger_tui.ui.kit.paste_guard import PASTE_END, PASTE_START, PasteGuard

HOSTILE = "hello\x1b\x7fy"  # ESC, DEL (the delete key), y (yes)


def events_of(*chunks: str, guard: PasteGuard | None) -> list[events.Event]:
    """What Textual's terminal parser makes of the input, read in these chunks."""
    parser = XTermParser()
    found: list[events.Event] = []
    for chunk in chunks:
        data = chunk if guard is None else guard(chunk)
        found.extend(e for e in parser.feed(data) if isinstance(e, events.Event))
    found.extend(e for e in parser.feed("") if isinstance(e, events.Event))
    return found


def test_textuals_parser_alone_turns_the_paste_into_keys() -> None:
    # Why the guard exists: without it the pasted DEL and y arrive as key presses.
    keys = [
        e.key
        for e in events_of(PASTE_START + HOSTILE + PASTE_END, guard=None)
        if isinstance(e, events.Key)
    ]
    assert "backspace" in keys and "y" in keys


def test_a_paste_with_an_esc_is_one_paste_and_no_key() -> None:
    found = events_of(PASTE_START + HOSTILE + PASTE_END, guard=PasteGuard())
    assert [type(e) for e in found] == [events.Paste]
    assert isinstance(found[0], events.Paste) and found[0].text == "hello␛\x7fy"


def test_markers_split_across_reads_are_recognised() -> None:
    data = "j" + PASTE_START + "a\x1b[31mred\x1b[0m\r\nb" + PASTE_END + "k"
    for cut in range(1, len(data)):
        found = events_of(data[:cut], data[cut:], guard=PasteGuard())
        keys = [e.key for e in found if isinstance(e, events.Key)]
        pastes = [e.text for e in found if isinstance(e, events.Paste)]
        assert keys == ["j", "k"], cut
        assert pastes == ["a␛[31mred␛[0m\r\nb"], cut


def test_outside_a_paste_the_input_passes_unchanged() -> None:
    guard = PasteGuard()
    keys = "\x1b[A\x1b\x1b[1;5Cq\x1b"  # up, escape, ctrl+right, q, a lone escape
    assert guard(keys) == keys
    assert not guard.in_paste


def test_an_esc_that_is_not_the_end_marker_is_pasted_text() -> None:
    guard = PasteGuard()
    assert guard(PASTE_START + "x\x1b[20") == PASTE_START + "x"  # maybe the end: held
    assert guard("1x") == "␛[201x"  # it was not
    assert guard.in_paste
    assert guard(PASTE_END + "q") == PASTE_END + "q"
    assert not guard.in_paste
