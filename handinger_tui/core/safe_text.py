"""The one way untrusted server text becomes something displayable.

Anything that came from the server or the user's clipboard (worker output, titles,
inputs, error messages, URLs, file names) goes through this module before it reaches a
widget. Two separate dangers are handled:

* **Terminal escapes.** ESC sequences (CSI ``\\x1b[2J``, OSC 52 clipboard writes, OSC 8
  hyperlinks) pass straight through to the terminal even when markup is off. :func:`clean`
  removes every C0 control except newline (tabs become spaces), DEL, every C1 control
  (U+0080-U+009F, which includes the 8-bit CSI/OSC introducers), and invisible format
  characters that can reorder or hide text (bidi overrides/isolates/marks, zero-width
  space, word joiner, BOM, interlinear annotations). The ESC byte itself is replaced by a
  visible ``␛`` (U+241B) so an operator can see something was there: ``\\x1b[2J`` shows as
  ``␛[2J``. ZWJ/ZWNJ are kept (emoji sequences and several scripts need them). Lone
  surrogates (possible after JSON decoding) become U+FFFD so writing never fails.
  Line breaks (``\\r\\n``, lone ``\\r``, U+2028, U+2029) are normalised to ``\\n``.
* **Markup.** Textual parses markup in plain ``str`` renderables (``[@click=app.quit]`` runs
  an action, an unbalanced ``[/bold]`` raises). :func:`text` returns a :class:`rich.text.Text`
  built with ``Text(...)``, never ``Text.from_markup``, so brackets render literally.

Form fields hold text the operator edits and may send back, so nothing can be silently
dropped there: :func:`for_field` swaps each dangerous character for a visible stand-in
(``␛`` for ESC, ``␇`` for BEL and the other control pictures, ``␛[`` for the 8-bit CSI,
``\ufffd`` for a bidi override) and :func:`field_controls` finds what a field may not
send (raw controls or those stand-ins), so a check can refuse it at the field.

:func:`clean` and :func:`for_field` are idempotent and never raise.
"""

from __future__ import annotations

import re
from typing import Final

from rich.text import Text

__all__ = [
    "ESC_SYMBOL",
    "clean",
    "field_controls",
    "for_field",
    "markdown_source",
    "mask_secret",
    "one_line",
    "text",
]

ESC_SYMBOL: Final = "\u241b"  # ␛ SYMBOL FOR ESCAPE
ELLIPSIS: Final = "\u2026"
MASK_CHAR: Final = "\u2022"  # •

# Invisible format characters removed because they can reorder or hide text.
_INVISIBLE: Final = (
    "\u061c"  # ARABIC LETTER MARK
    "\u180e"  # MONGOLIAN VOWEL SEPARATOR
    "\u200b"  # ZERO WIDTH SPACE
    "\u200e\u200f"  # LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2060\u2061\u2062\u2063\u2064"  # WORD JOINER, invisible math operators
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated format controls
    "\ufeff"  # BOM / ZERO WIDTH NO-BREAK SPACE
    "\ufff9\ufffa\ufffb"  # interlinear annotation anchors
)

# Everything :func:`clean` may need to touch; used as a fast "nothing to do" check.
_NEEDS_WORK: Final = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _INVISIBLE + "]"
)
_LINE_BREAKS: Final = re.compile("\r\n|[\r\u2028\u2029]")
_WHITESPACE_RUN: Final = re.compile(r"\s+")


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x00, 0x20):
        if code not in (0x09, 0x0A):  # tab is expanded later, newline kept
            table[code] = None
    table[0x1B] = ESC_SYMBOL
    for code in range(0x7F, 0xA0):  # DEL and C1
        table[code] = None
    for char in _INVISIBLE:
        table[ord(char)] = None
    for code in range(0xD800, 0xE000):  # lone surrogates
        table[code] = "\ufffd"
    return table


_TABLE: Final = _build_table()


def clean(value: object, *, keep_newlines: bool = True, tab_size: int = 4) -> str:
    """Return ``str(value)`` with control and spoofing characters neutralised.

    ``None`` becomes ``""``. Tabs are expanded to ``tab_size`` columns; with
    ``keep_newlines=False`` each newline becomes a single space.
    """
    if value is None:
        return ""
    try:
        raw = value if isinstance(value, str) else str(value)
    except Exception:  # a hostile __str__ must not crash the UI
        raw = f"<unprintable {type(value).__name__}>"
    if _NEEDS_WORK.search(raw) is not None:
        raw = _LINE_BREAKS.sub("\n", raw).translate(_TABLE)
        if "\t" in raw:
            raw = raw.expandtabs(max(tab_size, 1))
    if not keep_newlines and "\n" in raw:
        raw = raw.replace("\n", " ")
    return raw


def _build_field_table(multiline: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00, 0x20):
        if not (multiline and code in (0x09, 0x0A)):
            table[code] = chr(0x2400 + code)  # control pictures: ␀ … ␛ … ␟
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 = ESC + a 7-bit byte (U+009B is ESC [)
        table[code] = ESC_SYMBOL + chr(code - 0x40)
    for char in _INVISIBLE:
        table[ord(char)] = "\ufffd"
    for code in range(0xD800, 0xE000):
        table[code] = "\ufffd"
    if not multiline:
        table[0x2028] = table[0x2029] = "\u2424"  # ␤
    return table


_FIELD_TABLES: Final = {True: _build_field_table(True), False: _build_field_table(False)}
# What a field may never send: raw controls, or the stand-ins :func:`for_field` put there.
_STAND_INS: Final = "\u2400-\u2421\u2424\ufffd"
_FIELD_BAD: Final = {
    True: re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _INVISIBLE + _STAND_INS + "]"),
    False: re.compile(
        "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _INVISIBLE + _STAND_INS + "]"
    ),
}


def for_field(value: str, *, multiline: bool) -> str:
    """The text a form field may hold and paint: every control made visible, none dropped.

    Multi-line fields keep tab and newline (``\\r\\n``, ``\\r``, U+2028/9 become ``\\n``).
    """
    if _NEEDS_WORK.search(value) is None and (multiline or "\n" not in value):
        return value
    if multiline:
        value = _LINE_BREAKS.sub("\n", value)
    return value.translate(_FIELD_TABLES[multiline])


def field_controls(value: str, *, multiline: bool) -> str:
    """The characters of ``value`` a field must not send (raw controls or their stand-ins)."""
    return "".join(dict.fromkeys(_FIELD_BAD[multiline].findall(value)))


def _truncate(value: str, max_len: int | None) -> str:
    if max_len is None or len(value) <= max_len:
        return value
    if max_len <= 0:
        return ""
    return value[: max_len - 1] + ELLIPSIS


def one_line(value: object, max_len: int | None = None) -> str:
    """Clean, collapse every whitespace run to one space, strip, and truncate with "…"."""
    flat = _WHITESPACE_RUN.sub(" ", clean(value, keep_newlines=False)).strip()
    return _truncate(flat, max_len)


def text(
    value: object,
    style: str = "",
    *,
    max_len: int | None = None,
    one_line: bool = False,
) -> Text:
    """A Rich :class:`~rich.text.Text` of the cleaned value; markup is never parsed."""
    content = _one_line(value, max_len) if one_line else _truncate(clean(value), max_len)
    return Text(content, style=style)


_one_line = one_line  # ``text`` shadows the name with its keyword argument


def markdown_source(value: object) -> str:
    """Cleaned source for Textual's ``Markdown`` widget (newlines kept, controls gone).

    The widget must still be created with ``open_links=False``.
    """
    return clean(value, keep_newlines=True)


def mask_secret(value: str | None, visible: int = 4) -> str:
    """Mask a secret, keeping a ``prefix_`` (e.g. ``whk_``) and at most ``visible`` last chars.

    ``None`` or ``""`` gives ``"—"``. Short secrets reveal nothing beyond the prefix.
    """
    if not value:
        return "\u2014"
    secret = clean(value, keep_newlines=False)
    prefix = ""
    head, sep, _ = secret.partition("_")
    if sep and 0 < len(head) <= 8 and len(secret) > len(head) + 1:
        prefix = head + sep
    rest = secret[len(prefix) :]
    visible = max(0, min(visible, 4))
    # Reveal the tail only when at least twice as much stays hidden.
    tail = rest[-visible:] if visible and len(rest) >= 3 * visible else ""
    return f"{prefix}{MASK_CHAR * 8}{tail}"
