"""The yardstick: a bare Textual app, a ``Static`` and a ``Footer``, started like the explorer.

    .venv/bin/python benchmarks/bare_app.py

Every ratio in ``run.py`` divides by this app's figure from the same run.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("A bare Textual app")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
