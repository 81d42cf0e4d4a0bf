"""Themes: `[ui] theme` from the config at start-up, and each theme chosen kept there.

Any change of the app's theme (Textual's Theme command in the palette, `:theme NAME`) is
written to the config file off the event loop; a theme the config names that this
Textual does not know is a start-up warning, and the default theme is used.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.theme import Theme

from handinger_tui.api.on_use import OnUse
from handinger_tui.core.safe_text import one_line

if TYPE_CHECKING:
    from handinger_tui.core import config_writer
else:  # tomlkit (~30 ms) loads with the first theme saved, not before the first frame
    config_writer = OnUse("handinger_tui.core.config_writer")

__all__ = ["ThemeKeeper", "theme_names"]


def theme_names(app: App[Any]) -> list[str]:
    """The themes this app can use, sorted."""
    return sorted(app.available_themes)


class ThemeKeeper:
    """Applies the configured theme, then saves each theme the operator picks."""

    def __init__(self, app: App[Any], config_path: Path | None) -> None:
        self._app = app
        self._config_path = config_path  # None: nothing is saved (tests, no config)
        self._saved = ""  # the theme in use, once it is the config's
        self._written = ""  # the theme last written to the config
        self._writing = asyncio.Lock()  # writes in turn, each the latest theme

    def start(self, configured: str | None) -> None:
        """Call once the app runs (on mount), before its first frame."""
        app = self._app
        if configured is not None and configured in app.available_themes:
            app.theme = configured
        elif configured is not None:
            where = f" in {self._config_path}" if self._config_path is not None else ""
            app.notify(
                f"Unknown theme {one_line(configured, 60)!r} ([ui] theme{where}): using "
                f"{app.theme}. Pick one with ctrl+p → Theme, or :theme NAME.",
                title="Start-up",
                severity="warning",
                timeout=60,
                markup=False,
            )
        self._saved = self._written = app.theme  # the config's (or the default): not rewritten
        app.theme_changed_signal.subscribe(app, self._changed)

    def _changed(self, theme: Theme) -> None:
        if theme.name == self._saved:
            return
        self._saved = theme.name
        if self._config_path is not None:
            self._app.run_worker(self._save(self._config_path), group="theme", exit_on_error=False)

    async def _save(self, path: Path) -> None:
        async with self._writing:
            name = self._saved
            if name == self._written:
                return
            try:
                await asyncio.to_thread(config_writer.set_setting, path, "ui", "theme", name)
            except config_writer.ConfigWriteError as exc:
                self._failed(name, exc)
                return
            self._written = name
        self._app.notify(f"Theme {name} saved in {path}", title="Theme", timeout=5, markup=False)

    def _failed(self, name: str, exc: config_writer.ConfigWriteError) -> None:
        self._app.notify(
            f"Theme {name} is in use but was not saved: {exc}",
            title="Theme",
            severity="warning",
            timeout=15,
            markup=False,
        )
