"""The bounded head of a worker output: where it is cut, what it says about the rest."""

from __future__ import annotations

from handinger_tui.core.formatting import size
from handinger_tui.core.output_view import HEAD_BYTES, HEAD_LINES, digest, head

BIG = "".join(f"Line {i} of a long answer with **bold** text.\n" for i in range(120_000))


def test_a_short_output_is_shown_whole_with_no_size_line() -> None:
    text = "# Report\n\nAll good.\n"
    cut = head(text)
    assert cut.source == text
    assert not cut.truncated
    assert cut.note("o") == ""


def test_a_big_output_is_cut_at_a_line_end_within_both_bounds() -> None:
    assert len(BIG.encode()) > 5_000_000
    cut = head(BIG)
    assert cut.truncated
    assert len(cut.source.encode()) <= HEAD_BYTES
    assert cut.source.count("\n") <= HEAD_LINES
    assert cut.source.endswith("\n") and BIG.startswith(cut.source)
    assert cut.total_bytes == len(BIG.encode())
    assert cut.shown_bytes == len(cut.source.encode())


def test_the_size_line_gives_both_sizes_and_the_key() -> None:
    note = head(BIG).note("o")
    assert note.startswith(f"First {HEAD_LINES} lines")
    assert f"({size(head(BIG).shown_bytes)}) of {size(len(BIG.encode()))}" in note
    assert "of 5.5 MB" in note
    assert "press o" in note and "read all" in note


def test_long_lines_are_cut_by_bytes_at_a_line_end() -> None:
    line = "word " * 2000 + "\n"  # 10 KB a line
    cut = head(line * 10)
    assert cut.truncated
    assert cut.source == line
    assert cut.shown_lines == 1


def test_one_line_longer_than_the_head_is_cut_between_words() -> None:
    text = "word " * 10_000
    cut = head(text)
    assert len(cut.source.encode()) <= HEAD_BYTES
    assert cut.source.endswith("word ")


def test_multibyte_text_is_bounded_in_bytes_and_never_split_inside_a_character() -> None:
    text = "é" * (HEAD_BYTES * 2)  # 2 bytes each, one line
    cut = head(text)
    assert len(cut.source.encode()) <= HEAD_BYTES
    assert set(cut.source) == {"é"}


def test_a_cut_inside_a_fenced_block_closes_the_fence() -> None:
    text = "Intro\n\n````python\n" + "x = 1\n" * 1000 + "````\n\nAfter.\n"
    cut = head(text, max_lines=20)
    assert cut.source.startswith("Intro\n\n````python\n")
    assert cut.source.endswith("x = 1\n````\n")
    assert cut.shown_lines == 20


def test_a_closed_fence_is_left_alone() -> None:
    text = "~~~\ncode\n~~~\n" + "para\n" * 100
    cut = head(text, max_lines=10)
    assert cut.source == "~~~\ncode\n~~~\n" + "para\n" * 7


def test_a_shorter_or_other_fence_does_not_close_a_block() -> None:
    text = "````\n```\n~~~~\ninside\n" + "more\n" * 50
    cut = head(text, max_lines=6)
    assert cut.source.endswith("more\n````\n")


def test_escape_sequences_never_reach_the_head() -> None:
    text = "\x1b]52;c;ZXZpbA==\x07title \x1b[2J \x9b31m \u202e\n" * 10
    source = head(text).source
    assert "\x1b" not in source and "\x9b" not in source and "\u202e" not in source
    assert "\x07" not in source


def test_the_pieces_rebuild_the_head() -> None:
    cut = head(BIG)
    pieces = cut.pieces(25)
    assert "".join(pieces) == cut.source
    assert all(p.count("\n") <= 25 for p in pieces)
    assert len(pieces) == -(-HEAD_LINES // 25)


def test_the_digest_tells_outputs_apart() -> None:
    assert digest("a") == digest("a") != digest("b")
    assert head(BIG).digest == head(BIG + "").digest != head(BIG + "x").digest
