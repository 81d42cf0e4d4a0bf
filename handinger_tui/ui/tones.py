"""Tones (core's meaning of a cell) as colours of the app's current theme.

Each tone takes the theme's text colour for that meaning (``$text-error`` and so on, which
Textual derives to read well on the theme's background, dark or light), falling back to
the base colour. Under ``NO_COLOR`` no tone has a style: symbols and words carry it alone.
"""

from __future__ import annotations

from typing import Any, Final

from rich.style import Style
from textual.app import App
from textual.color import Color, ColorParseError

from handinger_tui.core.tone import Tone

THEME_VARIABLES: Final = {
    Tone.OK: ("text-success", "success"),
    Tone.ERROR: ("text-error", "error"),
    Tone.WARN: ("text-warning", "warning"),
    Tone.RUNNING: ("text-primary", "primary"),
}


def tone_styles(app: App[Any]) -> dict[Tone, Style]:
    """The style of each coloured tone in the current theme (empty under ``NO_COLOR``)."""
    if app.no_color:
        return {}
    variables = app.get_css_variables()
    styles: dict[Tone, Style] = {}
    for tone, names in THEME_VARIABLES.items():
        for name in names:
            try:
                color = Color.parse(variables[name])
            except (KeyError, ColorParseError):
                continue
            styles[tone] = Style(color=color.rich_color)
            break
    return styles
